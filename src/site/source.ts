import type { ThemedToken } from 'shiki';
import { SEVERITY_RANK, type Finding } from '../engine/finding.ts';
import type { DiscoveredFile, Severity } from '../model/types.ts';
import type { SiteContext } from './context.ts';
import { fileHistory } from './docs.ts';
import { messageHtml, severityBadge } from './findings.ts';
import { getHighlighter, StyleClasses, THEMES } from './highlight.ts';
import { el, esc, link, plural } from './html.ts';
import type { PageBody, PlannedPage } from './types.ts';


function languageOf(file: DiscoveredFile): 'haproxy' | 'markdown' | 'yaml' {
  if (file.role === 'haproxy') return 'haproxy';
  if (file.role === 'doc') return 'markdown';
  return 'yaml';
}


/** Very long files are shown without colours: highlighting them costs more than it helps. */
const MAX_HIGHLIGHTED_LINES = 5000;

/**
 * A page per discovered file: every line numbered and anchored (`#L42`), coloured with Shiki
 * (light and dark), lines with findings marked, and the findings listed with links to their lines.
 */
export function sourcePages(ctx: SiteContext): PlannedPage[] {
  return ctx.result.files.map((file) => ({
    page: {
      id: ctx.routes.sourceRoute(file.path)!,
      title: file.path,
      description: `Source of ${file.path}, lines numbered and linkable.`,
      // Manifests and haproxy.cfg are found by the names they define; a doc is found by its rendered page.
      pagefind: file.role !== 'doc',
      tableOfContents: false,
      sidebar: { label: file.path.split('/').pop()! },
      ...fileHistory(ctx, file.path),
    },
    body: () => sourceBody(ctx, file),
  }));
}

async function sourceBody(ctx: SiteContext, file: DiscoveredFile): Promise<PageBody> {
  const text = ctx.texts.get(file.path) ?? '';
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const here = ctx.result.findings.filter((finding) => finding.file === file.path || finding.related.some((related) => related.file === file.path));
  const marks = lineMarks(here, file.path);
  const lang = languageOf(file);
  const highlighted = await ctx.cache.get('source', `${lang}\n${lines.join('\n')}`, () => highlightLines(lines, lang));
  const body = highlighted.lines.map((content, index) => {
    const number = index + 1;
    const mark = marks.get(number);
    return `<span class="${mark ? `l m-${mark}` : 'l'}" id="L${number}"><a href="#L${number}">${number}</a>${content}</span>`;
  });
  const docRoute = ctx.routes.docRoute(file.path);
  const facts = [
    `${roleLabel(file)} · ${plural(lines.length, 'line')} · ${plural(file.size, 'byte')}`,
    ...(docRoute ? [`Rendered: ${link(ctx.routes.href(docRoute), ctx.routes.doc(file.path)?.title ?? file.path)}`] : []),
  ];
  const list =
    here.length === 0
      ? el('p', { class: 'dd-clean' }, 'No findings in this file.')
      : el(
          'ul',
          { class: 'dd-source-findings' },
          ...here.map((finding) => {
            const number = ctx.numbers.get(finding)!;
            const own = finding.file === file.path;
            const at = own ? finding : finding.related.find((related) => related.file === file.path)!;
            return el(
              'li',
              {},
              severityBadge(finding.severity),
              ' ',
              link(`#L${at.line}`, `line ${at.line}`),
              own ? '' : ' (related)',
              ': ',
              messageHtml(finding.message),
              ' · ',
              link(ctx.routes.href('drift', `finding-${number}`), `finding ${number}`),
            );
          }),
        );
  return {
    html: [
      highlighted.style,
      el('p', { class: 'dd-source-facts' }, facts.join(' · ')),
      list,
      el('pre', { class: 'dd-src', tabindex: 0, 'aria-label': `${file.path}, ${plural(lines.length, 'line')}`, 'data-language': lang }, el('code', {}, body.join(''))),
    ].join('\n'),
    headings: [],
  };
}

/** Each line as coloured HTML, and the page's `<style>` for the colours; very long files stay plain. */
async function highlightLines(lines: string[], lang: ReturnType<typeof languageOf>): Promise<{ lines: string[]; style: string }> {
  if (lines.length > MAX_HIGHLIGHTED_LINES) return { lines: lines.map((line) => esc(line)), style: '' };
  const shiki = await getHighlighter();
  const { tokens } = shiki.codeToTokens(lines.join('\n'), { lang: lang as 'yaml', themes: THEMES, defaultColor: false });
  const styles = new StyleClasses('.dd-src');
  return { lines: lines.map((line, index) => (tokens[index] ? tokenHtml(tokens[index], styles) : esc(line))), style: styles.style() };
}

/** A line's tokens as HTML: neighbours of one colour share a span, default-coloured text has none. */
function tokenHtml(tokens: ThemedToken[], styles: StyleClasses): string {
  let html = '';
  let open: string | undefined;
  let text = '';
  const flush = () => {
    if (text) html += open ? `<span class="${open}">${esc(text)}</span>` : esc(text);
    text = '';
  };
  for (const token of tokens) {
    const style = token.htmlStyle ?? {};
    // Whitespace takes no colour: it joins whatever surrounds it.
    const name = /^\s+$/.test(token.content) ? open : styles.classFor(style['--shiki-light'], style['--shiki-dark'], style['--shiki-light-font-style'] === 'italic');
    if (name !== open) {
      flush();
      open = name;
    }
    text += token.content;
  }
  flush();
  return html;
}

const ROLE_LABELS: Record<DiscoveredFile['role'], string> = {
  doc: 'Markdown doc',
  haproxy: 'HAProxy configuration',
  manifest: 'Kubernetes manifest',
  script: 'Shell script',
  build: 'Makefile',
};

function roleLabel(file: DiscoveredFile): string {
  return ROLE_LABELS[file.role];
}

/** The most severe finding touching each line of the file (its own range, or a related location's). */
function lineMarks(findings: Finding[], file: string): Map<number, Severity> {
  const marks = new Map<number, Severity>();
  const mark = (from: number, to: number, severity: Severity) => {
    for (let line = Math.max(1, from); line <= Math.max(from, Math.min(to, from + 200)); line++) {
      const current = marks.get(line);
      if (!current || SEVERITY_RANK[severity] > SEVERITY_RANK[current]) marks.set(line, severity);
    }
  };
  for (const finding of findings) {
    if (finding.file === file) mark(finding.line, finding.endLine, finding.severity);
    for (const related of finding.related) if (related.file === file) mark(related.line, related.endLine, finding.severity);
  }
  return marks;
}

