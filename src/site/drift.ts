import type { Finding } from '../engine/finding.ts';
import type { Severity } from '../model/types.ts';
import { placeFinding, type RootCause } from '../report/root-causes.ts';
import type { SiteContext } from './context.ts';
import { causesOf, locationLinks, messageHtml, relatedList, ruleLink, SEVERITY_LABEL, severityBadge } from './findings.ts';
import { code, el, esc, link, plural } from './html.ts';
import type { PageBody, PlannedPage } from './types.ts';

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

/**
 * Filters the list in place: no external assets, works without a framework. The filters live in
 * the URL (`?severity=warning&rule=docs/port-mismatch`), so a filtered view can be linked and
 * survives a reload; groups with nothing left to show are hidden.
 */
const FILTER_SCRIPT = `(() => {
  const list = document.getElementById('dd-findings');
  const severity = document.getElementById('dd-filter-severity');
  const rule = document.getElementById('dd-filter-rule');
  const count = document.getElementById('dd-filter-count');
  if (!list || !severity || !rule || !count) return;
  const items = Array.from(list.querySelectorAll('[data-finding]'));
  // Files inside a cause first, then the causes: a group is hidden when nothing in it is shown.
  const groups = Array.from(list.querySelectorAll('[data-file-group], [data-cause]'));
  const params = new URLSearchParams(location.search);
  if (params.has('severity')) severity.value = params.get('severity');
  if (params.has('rule')) rule.value = params.get('rule');
  const apply = (remember) => {
    let shown = 0;
    for (const item of items) {
      const visible = (!severity.value || item.dataset.severity === severity.value) && (!rule.value || item.dataset.rule === rule.value);
      item.hidden = !visible;
      if (visible) shown++;
    }
    const filtered = Boolean(severity.value || rule.value);
    for (const group of groups) {
      group.hidden = !group.querySelector('[data-finding]:not([hidden])');
      // A filter shows what it found: the causes that have matches open.
      if (filtered && !group.hidden && group.tagName === 'DETAILS') group.open = true;
    }
    count.textContent = 'Showing ' + shown + ' of ' + items.length + (items.length === 1 ? ' finding' : ' findings');
    if (remember) {
      const url = new URL(location.href);
      for (const [key, select] of [['severity', severity], ['rule', rule]]) {
        if (select.value) url.searchParams.set(key, select.value);
        else url.searchParams.delete(key);
      }
      history.replaceState(null, '', url);
    }
  };
  severity.addEventListener('change', () => apply(true));
  rule.addEventListener('change', () => apply(true));
  // A link to one finding opens its group.
  const open = () => {
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const group = target && target.closest('details');
    if (group) {
      group.open = true;
      target.scrollIntoView();
    }
  };
  window.addEventListener('hashchange', open);
  apply(false);
  open();
})();`;

/** Every finding of the check, grouped by the review's root causes and then by file, filterable, each with both sides quoted. */
export function driftPage(ctx: SiteContext): PlannedPage {
  return {
    page: {
      id: 'drift',
      title: 'Drift report',
      description: 'Every place where docs, manifests and haproxy.cfg disagree, grouped by cause, with both sides quoted and linked.',
      tableOfContents: false,
    },
    body: async () => driftBody(ctx),
  };
}

function driftBody(ctx: SiteContext): PageBody {
  const { findings, summary } = ctx.result;
  const causes = causesOf(ctx);
  const out: string[] = [];
  out.push(
    el(
      'p',
      { class: 'dd-summary' },
      findings.length === 0
        ? 'No drift: docs, manifests and HAProxy configuration agree.'
        : `${plural(findings.length, 'finding')}: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.infos, 'info')}, the same as ${el('code', {}, 'docdrift check --format json')} reports, from ${plural(causes.length, 'root cause')}, most harmful first, as the ${link(ctx.routes.href('review'), 'architecture review')} groups them.`,
    ),
  );
  if (findings.length > 0) {
    const rules = [...new Set(findings.map((finding) => finding.ruleId))].sort();
    const severityOptions = SEVERITIES.filter((severity) => findings.some((finding) => finding.severity === severity)).map((severity) =>
      el('option', { value: severity }, `${SEVERITY_LABEL[severity]}s (${findings.filter((finding) => finding.severity === severity).length})`),
    );
    out.push(
      el(
        'div',
        { class: 'dd-filters', role: 'group', 'aria-label': 'Filter findings' },
        el('label', {}, 'Severity ', el('select', { id: 'dd-filter-severity', name: 'severity' }, el('option', { value: '' }, `All (${findings.length})`), ...severityOptions)),
        el(
          'label',
          {},
          'Rule ',
          el(
            'select',
            { id: 'dd-filter-rule', name: 'rule' },
            el('option', { value: '' }, 'All rules'),
            ...rules.map((rule) => el('option', { value: rule }, esc(`${rule} (${findings.filter((finding) => finding.ruleId === rule).length})`))),
          ),
        ),
        el('output', { id: 'dd-filter-count', 'aria-live': 'polite' }, `Showing ${findings.length} of ${plural(findings.length, 'finding')}`),
      ),
    );
    out.push(el('div', { id: 'dd-findings', class: 'dd-findings' }, ...causes.map((cause, index) => causeGroup(ctx, cause, index))), `<script>${FILTER_SCRIPT}</script>`);
  }
  return { html: out.join('\n'), headings: [] };
}

/**
 * One root cause: its title, impact and consequence, where it shows first, then its findings by file.
 * Open at first: the first cause and every critical one; the rest open with a click or a link.
 */
function causeGroup(ctx: SiteContext, cause: RootCause, index: number): string {
  const findings = cause.places.map((place) => placeFinding(place)!);
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  const first = cause.places[0]!;
  const firstSource = ctx.routes.sourceHref(first.file, first.line);
  const firstText = first.line > 0 ? `${first.file}:${first.line}` : first.file;
  return el(
    'details',
    { class: `dd-cause dd-finding-${cause.severity}`, id: `cause-${cause.id}`, 'data-cause': cause.id, 'data-impact': cause.impact, open: index === 0 || cause.impact === 'critical' },
    el(
      'summary',
      {},
      severityBadge(cause.severity),
      ' ',
      el('strong', { class: 'dd-cause-title' }, messageHtml(cause.title)),
      ' ',
      el('span', { class: 'dd-impact' }, `${esc(cause.impact)} impact`),
      ` — ${plural(findings.length, 'finding')} in ${plural(byFile.size, 'file')}`,
    ),
    el('p', { class: 'dd-cause-consequence' }, messageHtml(cause.consequence)),
    el(
      'p',
      { class: 'dd-cause-first' },
      'First at ',
      firstSource ? link(firstSource, firstText, { class: 'dd-loc' }) : el('code', { class: 'dd-loc' }, esc(firstText)),
      ' · ',
      cause.ruleIds.map((id) => ruleLink(ctx, id)).join(', '),
    ),
    ...[...byFile].map(([file, inFile]) => {
      const source = ctx.routes.sourceHref(file);
      return el(
        'section',
        { class: 'dd-cause-file', 'data-file-group': file },
        el('p', { class: 'dd-cause-file-head' }, source ? link(source, file) : code(file), ` — ${plural(inFile.length, 'finding')}`),
        el('ol', { class: 'dd-findings' }, ...inFile.map((finding) => findingItem(ctx, finding))),
      );
    }),
  );
}

function findingItem(ctx: SiteContext, finding: Finding): string {
  const number = ctx.numbers.get(finding)!;
  return el(
    'li',
    { id: `finding-${number}`, class: `dd-finding dd-finding-${finding.severity}`, 'data-finding': true, 'data-severity': finding.severity, 'data-rule': finding.ruleId },
    el('p', { class: 'dd-finding-head' }, severityBadge(finding.severity), ' ', ruleLink(ctx, finding.ruleId), ' ', el('span', { class: 'dd-impact' }, `${esc(finding.impact)} impact`)),
    el('p', { class: 'dd-finding-message' }, messageHtml(finding.message)),
    el('p', { class: 'dd-finding-at' }, locationLinks(ctx, finding, number)),
    quote(ctx, finding),
    relatedList(ctx, finding, number, (related) => quote(ctx, related)),
  );
}

/** The line a location points at, quoted as written (trimmed); nothing for a whole-file location. */
function quote(ctx: SiteContext, location: { file: string; line: number }): string {
  if (location.line <= 0) return '';
  const text = (ctx.texts.get(location.file) ?? '').split(/\r\n|\r|\n/)[location.line - 1];
  if (text === undefined || text.trim() === '') return '';
  const shown = text.trim().length > MAX_QUOTE ? `${text.trim().slice(0, MAX_QUOTE - 1)}…` : text.trim();
  return el('pre', { class: 'dd-quote' }, el('span', { class: 'dd-quote-line' }, String(location.line)), el('code', {}, esc(shown)));
}

const MAX_QUOTE = 240;
