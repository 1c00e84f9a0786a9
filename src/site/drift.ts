import type { Severity } from '../model/types.ts';
import type { SiteContext } from './context.ts';
import { locationLinks, relatedList, ruleLink, SEVERITY_LABEL, severityBadge } from './findings.ts';
import { el, esc, plural } from './html.ts';
import type { PageBody, PlannedPage } from './types.ts';

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

/**
 * Filters the list in place: no external assets, works without a framework. `?severity=` and
 * `?rule=` preselect a filter, so filtered views can be linked.
 */
const FILTER_SCRIPT = `(() => {
  const list = document.getElementById('dd-findings');
  const severity = document.getElementById('dd-filter-severity');
  const rule = document.getElementById('dd-filter-rule');
  const count = document.getElementById('dd-filter-count');
  if (!list || !severity || !rule || !count) return;
  const items = Array.from(list.querySelectorAll('[data-finding]'));
  const params = new URLSearchParams(location.search);
  if (params.has('severity')) severity.value = params.get('severity');
  if (params.has('rule')) rule.value = params.get('rule');
  const apply = () => {
    let shown = 0;
    for (const item of items) {
      const visible = (!severity.value || item.dataset.severity === severity.value) && (!rule.value || item.dataset.rule === rule.value);
      item.hidden = !visible;
      if (visible) shown++;
    }
    count.textContent = 'Showing ' + shown + ' of ' + items.length + (items.length === 1 ? ' finding' : ' findings');
  };
  severity.addEventListener('change', apply);
  rule.addEventListener('change', apply);
  apply();
})();`;

/** Every finding of the check, filterable by severity and rule, each linked to both sides of the drift. */
export function driftPage(ctx: SiteContext): PlannedPage {
  return {
    page: {
      id: 'drift',
      title: 'Drift report',
      description: 'Every place where docs, manifests and haproxy.cfg disagree, with both sides linked.',
      tableOfContents: false,
    },
    body: async () => driftBody(ctx),
  };
}

function driftBody(ctx: SiteContext): PageBody {
  const { findings, summary } = ctx.result;
  const out: string[] = [];
  out.push(
    el(
      'p',
      { class: 'dd-summary' },
      findings.length === 0
        ? 'No drift: docs, manifests and HAProxy configuration agree.'
        : `${plural(findings.length, 'finding')}: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.infos, 'info')}, the same as ${el('code', {}, 'docdrift check --format json')} reports.`,
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
    out.push(
      el(
        'ol',
        { id: 'dd-findings', class: 'dd-findings' },
        ...findings.map((finding) => {
          const number = ctx.numbers.get(finding)!;
          return el(
            'li',
            { id: `finding-${number}`, class: `dd-finding dd-finding-${finding.severity}`, 'data-finding': true, 'data-severity': finding.severity, 'data-rule': finding.ruleId },
            el('p', { class: 'dd-finding-head' }, severityBadge(finding.severity), ' ', ruleLink(ctx, finding.ruleId), ' ', el('span', { class: 'dd-impact' }, `${esc(finding.impact)} impact`)),
            el('p', { class: 'dd-finding-message' }, esc(finding.message)),
            el('p', { class: 'dd-finding-at' }, locationLinks(ctx, finding, number)),
            relatedList(ctx, finding, number),
          );
        }),
      ),
      `<script>${FILTER_SCRIPT}</script>`,
    );
  }
  return { html: out.join('\n'), headings: [] };
}
