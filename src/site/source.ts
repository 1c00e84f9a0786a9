import type { ThemedToken } from 'shiki';
import type { Finding } from '../engine/finding.ts';
import type { DiscoveredFile, Severity } from '../model/types.ts';
import type { SiteContext } from './context.ts';
import { severityBadge } from './findings.ts';
import { getHighlighter, THEMES } from './highlight.ts';
import { el, esc, link, plural } from './html.ts';
import type { SitePage } from './types.ts';


function languageOf(file: DiscoveredFile): 'haproxy' | 'markdown' | 'yaml' {
  if (file.role === 'haproxy') return 'haproxy';
  if (file.role === 'doc') return 'markdown';
  return 'yaml';
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** Very long files are shown without colours: highlighting them costs more than it helps. */
const MAX_HIGHLIGHTED_LINES = 5000;

/**
 * A page per discovered file: every line numbered and anchored (`#L42`), coloured with Shiki
 * (light and dark), lines with findings marked, and the findings listed with links to their lines.
 */
export async function sourcePages(ctx: SiteContext): Promise<SitePage[]> {
  const shiki = await getHighlighter();
  const pages: SitePage[] = [];
  for (const file of ctx.result.files) {
    const text = ctx.texts.get(file.path) ?? '';
    const lines = text.split(/\r\n|\r|\n/);
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    const here = ctx.result.findings.filter((finding) => finding.file === file.path || finding.related.some((related) => related.file === file.path));
    const marks = lineMarks(here, file.path);
    const tokens: ThemedToken[][] | undefined =
      lines.length <= MAX_HIGHLIGHTED_LINES ? shiki.codeToTokens(lines.join('\n'), { lang: languageOf(file) as 'yaml', themes: THEMES, defaultColor: false }).tokens : undefined;
    const styles = new Map<string, string>();
    const classOf = (token: ThemedToken): string | undefined => {
      const style = token.htmlStyle;
      if (!style) return undefined;
      const key = `${style['--shiki-light'] ?? ''}|${style['--shiki-dark'] ?? ''}|${style['--shiki-light-font-style'] ?? ''}`;
      let name = styles.get(key);
      if (!name) {
        name = `t${styles.size}`;
        styles.set(key, name);
      }
      return name;
    };
    const body = lines.map((line, index) => {
      const number = index + 1;
      const content = tokens?.[index]
        ? tokens[index].map((token) => {
            const name = classOf(token);
            return name ? `<span class="${name}">${esc(token.content)}</span>` : esc(token.content);
          }).join('')
        : esc(line);
      const mark = marks.get(number);
      const cls = mark ? `dd-l dd-l-${mark}` : 'dd-l';
      return `<span class="${cls}" id="L${number}"><a class="dd-ln" href="#L${number}" aria-label="Line ${number}">${number}</a>${content}</span>`;
    });
    const css = [...styles.entries()]
      .map(([key, name]) => {
        const [light, dark, fontStyle] = key.split('|');
        const italic = fontStyle === 'italic' ? 'font-style:italic;' : '';
        return `.dd-src .${name}{--l:${light};--d:${dark};${italic}}`;
      })
      .join('');
    const id = ctx.routes.sourceRoute(file.path)!;
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
                esc(finding.message),
                ' · ',
                link(ctx.routes.href('drift', `finding-${number}`), `finding ${number}`),
              );
            }),
          );
    pages.push({
      id,
      title: file.path,
      description: `Source of ${file.path}, lines numbered and linkable.`,
      html: [
        `<style>${css}</style>`,
        el('p', { class: 'dd-source-facts' }, facts.join(' · ')),
        list,
        el('pre', { class: 'dd-src', tabindex: 0, 'aria-label': `${file.path}, ${plural(lines.length, 'line')}`, 'data-language': languageOf(file) }, el('code', {}, body.join(''))),
      ].join('\n'),
      headings: [],
      pagefind: false,
      tableOfContents: false,
      sidebar: { label: file.path.split('/').pop()! },
    });
  }
  return pages;
}

function roleLabel(file: DiscoveredFile): string {
  return file.role === 'doc' ? 'Markdown doc' : file.role === 'haproxy' ? 'HAProxy configuration' : 'Kubernetes manifest';
}

/** The most severe finding touching each line of the file (its own range, or a related location's). */
function lineMarks(findings: Finding[], file: string): Map<number, Severity> {
  const marks = new Map<number, Severity>();
  const mark = (from: number, to: number, severity: Severity) => {
    for (let line = Math.max(1, from); line <= Math.max(from, Math.min(to, from + 200)); line++) {
      const current = marks.get(line);
      if (!current || RANK[severity] > RANK[current]) marks.set(line, severity);
    }
  };
  for (const finding of findings) {
    if (finding.file === file) mark(finding.line, finding.endLine, finding.severity);
    for (const related of finding.related) if (related.file === file) mark(related.line, related.endLine, finding.severity);
  }
  return marks;
}

