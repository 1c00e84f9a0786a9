import type { Finding, RelatedLocation } from '../engine/finding.ts';
import type { Severity } from '../model/types.ts';
import { rootCauses, type RootCause } from '../report/root-causes.ts';
import type { SiteContext } from './context.ts';
import { el, esc, link } from './html.ts';

export const SEVERITY_LABEL: Record<Severity, string> = { error: 'Error', warning: 'Warning', info: 'Info' };
const ASIDE_TYPE: Record<Severity, string> = { error: 'danger', warning: 'caution', info: 'note' };

interface Location {
  file: string;
  line: number;
  column: number;
}

/** `file:line:col` as written in the CLI's output. */
export function locationText(location: Location): string {
  return location.line > 0 ? `${location.file}:${location.line}:${location.column}` : location.file;
}

/** The id of the aside a doc location gets: `dd-f-3` for finding 3, `dd-f-3-r-1` for its first related location. */
export function asideId(number: number, relatedIndex?: number): string {
  return relatedIndex === undefined ? `dd-f-${number}` : `dd-f-${number}-r-${relatedIndex + 1}`;
}

/**
 * Links for one location: the source page line (`file:line:col`), and for a doc the place in the
 * rendered page where the finding is shown as an aside.
 */
export function locationLinks(ctx: SiteContext, location: Location, number: number, relatedIndex?: number): string {
  const source = ctx.routes.sourceHref(location.file, location.line);
  const text = locationText(location);
  const parts = [source ? link(source, text, { class: 'dd-loc' }) : el('code', { class: 'dd-loc' }, esc(text))];
  const docRoute = ctx.routes.docRoute(location.file);
  if (docRoute) parts.push(link(ctx.routes.href(docRoute, asideId(number, relatedIndex)), 'in the doc', { class: 'dd-doc-loc' }));
  return parts.join(' · ');
}

export function severityBadge(severity: Severity): string {
  return el('span', { class: `dd-badge dd-badge-${severity}` }, SEVERITY_LABEL[severity]);
}

export function ruleLink(ctx: SiteContext, ruleId: string): string {
  const known = ctx.rules.some((rule) => rule.id === ruleId);
  return known ? link(ctx.routes.href(ctx.routes.ruleRoute(ruleId)), ruleId, { class: 'dd-rule' }) : el('code', {}, esc(ruleId));
}

/** The related locations of a finding as a list, each followed by what `extra` adds (a quote of the line). */
export function relatedList(ctx: SiteContext, finding: Finding, number: number, extra: (related: RelatedLocation) => string = () => ''): string {
  if (finding.related.length === 0) return '';
  return el(
    'ul',
    { class: 'dd-related' },
    ...finding.related.map((related: RelatedLocation, index) =>
      el('li', {}, '↳ ', locationLinks(ctx, related, number, index), related.message ? ` ${el('span', { class: 'dd-related-message' }, esc(related.message))}` : '', extra(related)),
    ),
  );
}

/** A Starlight aside for a finding at one of its locations in a doc (relatedIndex: which related location). */
export function findingAside(ctx: SiteContext, finding: Finding, number: number, relatedIndex?: number): string {
  const related = relatedIndex === undefined ? undefined : finding.related[relatedIndex];
  const label = SEVERITY_LABEL[finding.severity];
  const title = `${related ? `Related to ${label.toLowerCase()}` : label} ${number}: `;
  const body = related
    ? [el('p', {}, esc(related.message || 'This line is part of the finding below.')), el('p', {}, messageHtml(finding.message)), el('p', {}, 'At ', locationLinks(ctx, finding, number))]
    : [el('p', {}, messageHtml(finding.message)), relatedList(ctx, finding, number)];
  return el(
    'aside',
    { id: asideId(number, relatedIndex), 'aria-label': label, class: `starlight-aside starlight-aside--${ASIDE_TYPE[finding.severity]} dd-aside`, 'data-rule': finding.ruleId },
    el('p', { class: 'starlight-aside__title' }, esc(title), ruleLink(ctx, finding.ruleId), ' · ', link(ctx.routes.href('drift', `finding-${number}`), 'drift report')),
    el('div', { class: 'starlight-aside__content' }, ...body),
  );
}

/** A finding message with its `backticked` parts as code, the rest as text. */
export function messageHtml(message: string): string {
  return message
    .split(/(`[^`]+`)/)
    .map((part) => (part.length > 2 && part.startsWith('`') && part.endsWith('`') ? el('code', {}, esc(part.slice(1, -1))) : esc(part)))
    .join('');
}

const causesByContext = new WeakMap<SiteContext, RootCause[]>();

/** The architecture review's root causes of the check, most harmful first: one per cause, however many findings share it. */
export function causesOf(ctx: SiteContext): RootCause[] {
  let causes = causesByContext.get(ctx);
  if (!causes) {
    causes = rootCauses({ result: ctx.result, lookup: ctx.lookup, reference: ctx.reference, rules: ctx.rules, sources: ctx.texts });
    causesByContext.set(ctx, causes);
  }
  return causes;
}
