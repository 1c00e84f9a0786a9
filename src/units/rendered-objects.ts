/**
 * The objects of an external render (`helm template`, `kustomize build`), each placed where it is
 * written: a chart's object in its template (`# Source:` comment), at the line that reads the same
 * when there is exactly one, else at the document's `kind:` line; a kustomization's object in the
 * file the in-process renderer found the same object in (kind, namespace, name), else at the
 * kustomization. Pure: the output comes from the caller.
 */
import { parseAllDocuments } from 'yaml';
import type { KubeRef, ParseProblem, Source } from '../model/types.ts';
import { compareText } from '../engine/finding.ts';
import { parseKubernetes } from '../parse/kubernetes.ts';
import { fileStart } from '../parse/yaml-positions.ts';
import { isSource, remapSources, type Rendered as InProcessRender } from './kustomize.ts';
import { objectsOf, type UnitObject } from './objects.ts';
import type { RenderOutcome } from './render-plan.ts';

export interface RenderedInput {
  paths: ReadonlySet<string>;
  text(path: string): string | undefined;
  defaultNamespace: string;
}

type Rendered = Extract<RenderOutcome, { status: 'rendered' }>;

/** Where an object's values are looked for: a file, and the line to fall back to. */
interface Placement {
  file: string;
  anchor: Source;
}

/** A chart's rendered objects, placed in their templates, and the template files they came from; a failure when the output is not YAML. */
export function chartObjects(outcome: Rendered, unit: string, input: RenderedInput): { objects: UnitObject[]; files: string[] } | { failure: string } {
  const parsed = parseOutput(outcome, input);
  if ('failure' in parsed) return parsed;
  const lines = outcome.output.split('\n');
  // `# Source: CHART/templates/x.yaml` heads each document helm writes; a subchart's read CHART/charts/SUB/templates/….
  const templateAt: (string | undefined)[] = [];
  let current: string | undefined;
  lines.forEach((line, index) => {
    if (/^---/.test(line)) current = undefined;
    const source = /^# Source: [^/]+\/(.+?)\s*$/.exec(line);
    if (source) current = outcome.folder === '' ? source[1]! : `${outcome.folder}/${source[1]}`;
    templateAt[index] = current;
  });
  const chartFile = fileStart(outcome.folder === '' ? 'Chart.yaml' : `${outcome.folder}/Chart.yaml`);
  const seen = new Map<string, number>();
  const files = new Set<string>();
  const objects = objectsOf([parsed.file], unit, false);
  for (const object of objects) {
    const template = templateAt[object.ref.documentSource.line - 1];
    if (template === undefined || !input.paths.has(template)) {
      place(object, lines, { file: chartFile.file, anchor: chartFile }, input);
      continue;
    }
    files.add(template);
    // The n-th object of a kind from one template is at its n-th `kind:` line (a template that ranges over a list has one).
    const key = `${template}\0${object.ref.kind}`;
    const nth = seen.get(key) ?? 0;
    seen.set(key, nth + 1);
    const kindLines = lineNumbers(input.text(template), (line) => /^kind:\s*["']?([^"'\s#]+)["']?\s*(?:#.*)?$/.exec(line)?.[1] === object.ref.kind);
    const line = kindLines[nth] ?? kindLines[0];
    place(object, lines, { file: template, anchor: line === undefined ? fileStart(template) : lineSource(template, line, input.text(template)) }, input);
  }
  return { objects, files: [...files].sort(compareText) };
}

/**
 * A kustomization's rendered objects, placed where the in-process renderer has the same object:
 * each value where the in-process one is written (a base file, a patch, the kustomization line
 * that set it), else on the line that reads the same in the object's file, else at the object;
 * an object the in-process renderer does not have, at the kustomization.
 */
export function kustomizeObjects(outcome: Rendered, unit: string, inProcess: readonly UnitObject[], kustomization: Source, input: RenderedInput): { objects: UnitObject[] } | { failure: string } {
  const parsed = parseOutput(outcome, input);
  if ('failure' in parsed) return parsed;
  const lines = outcome.output.split('\n');
  const known = new Map(inProcess.map((object) => [identity(object.ref), object]));
  const objects = objectsOf([parsed.file], unit, false);
  for (const object of objects) {
    // A generated ConfigMap or Secret gets a content hash suffix (`app-config-7h2m9c8t4b`) that the in-process render leaves off.
    const unhashed = /^(.+)-[a-z0-9]{10}$/.exec(object.ref.name)?.[1];
    const same = known.get(identity(object.ref)) ?? (unhashed === undefined ? undefined : known.get(identity({ ...object.ref, name: unhashed })));
    if (!same) {
      place(object, lines, { file: kustomization.file, anchor: kustomization }, input);
      continue;
    }
    adoptSources(object.ref, same.ref);
    for (const view of object.views) adoptSources(view.value, same.views.find((other) => other.list === view.list)?.value);
    place(object, lines, { file: same.ref.documentSource.file, anchor: same.ref.source }, input);
  }
  return { objects };
}

/**
 * Takes the positions of the in-process copy of an object for the same fields of the rendered one,
 * walking both together: list items by name where they have one (containers, env), else by index.
 */
function adoptSources(target: unknown, from: unknown): void {
  if (typeof target !== 'object' || target === null || typeof from !== 'object' || from === null) return;
  if (Array.isArray(target)) {
    if (!Array.isArray(from)) return;
    target.forEach((item: unknown, index) => {
      const name = nameOf(item);
      adoptSources(item, name === undefined ? from[index] : from.find((other: unknown) => nameOf(other) === name));
    });
    return;
  }
  const record = target as Record<string, unknown>;
  const other = from as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    // Where a ConfigMap value's lines start (EmbeddedText): the in-process copy's, when it holds the same text.
    if (key === 'contentStart' && record.value === other.value) record[key] = other[key];
    else if (!isSource(value)) adoptSources(value, other[key]);
    else if (value.file.startsWith('\0') && isSource(other[key])) record[key] = other[key];
  }
}

/** Forgets where the lines of a value start when that is a place in the render's output (no file has those lines). */
function dropOutputContentStarts(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) return value.forEach(dropOutputContentStarts);
  const record = value as Record<string, unknown>;
  if ('contentStart' in record && isSource(record.source) && record.source.file.startsWith('\0')) record.contentStart = undefined;
  for (const entry of Object.values(record)) dropOutputContentStarts(entry);
}

function nameOf(value: unknown): string | undefined {
  const name = typeof value === 'object' && value !== null ? (value as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : undefined;
}

const identity = (ref: Pick<KubeRef, 'kind' | 'namespace' | 'name'>) => `${ref.kind}/${ref.namespace}/${ref.name}`;

/** The output read as manifests, under a name no file has, so that every position still pointing into it is seen. */
function parseOutput(outcome: Rendered, input: RenderedInput): { file: ReturnType<typeof parseKubernetes> } | { failure: string } {
  const file = parseKubernetes(outputName(outcome), outcome.output, { defaultNamespace: outcome.namespace ?? input.defaultNamespace });
  if (file.resources.length > 0) return { file };
  // Nothing read: fine when nothing was rendered (every template disabled), a failure when something was.
  const content = outcome.output.split('\n').some((line) => line.trim() !== '' && !line.startsWith('#') && !/^---\s*$/.test(line));
  if (!content) return { file };
  const error = parseAllDocuments(outcome.output).flatMap((document) => document.errors)[0];
  return { failure: error ? `the output is not YAML: ${error.message.split('\n')[0]}` : 'the output holds no Kubernetes object' };
}

const outputName = (outcome: Rendered) => `\0${outcome.command}`;

/**
 * Moves every position of an object from the output to its placement: a value written on a line
 * that appears exactly once in the placement's document is there (same text, same place in the
 * line); any other to the anchor.
 */
function place(object: UnitObject, output: readonly string[], placement: Placement, input: RenderedInput): void {
  const text = input.text(placement.file);
  const targetLines = text === undefined ? [] : text.split('\n');
  const [start, end] = documentAround(targetLines, placement.anchor.line);
  const byText = new Map<string, number[]>();
  for (let line = start; line <= end; line++) {
    const trimmed = targetLines[line - 1]!.trim();
    if (trimmed.length >= 3) byText.set(trimmed, [...(byText.get(trimmed) ?? []), line]);
  }
  const move = (source: Source): Source => {
    if (!source.file.startsWith('\0')) return source;
    const rendered = output[source.line - 1] ?? '';
    const matches = byText.get(rendered.trim());
    if (matches?.length !== 1) return placement.anchor;
    const line = matches[0]!;
    const shift = indent(targetLines[line - 1]!) - indent(rendered);
    const endColumn = source.endLine === source.line ? source.endColumn + shift : targetLines[line - 1]!.length + 1;
    return { file: placement.file, line, column: Math.max(1, source.column + shift), endLine: line, endColumn };
  };
  for (const view of object.views) dropOutputContentStarts(view.value);
  remapSources(object.ref, move);
  for (const view of object.views) remapSources(view.value, move);
}

/** The first and last line (1-based) of the YAML document holding `line`. */
function documentAround(lines: readonly string[], line: number): [number, number] {
  if (lines.length === 0) return [1, 0];
  let start = Math.min(line, lines.length);
  while (start > 1 && !/^---/.test(lines[start - 2]!)) start--;
  let end = Math.max(line, 1);
  while (end < lines.length && !/^---/.test(lines[end]!)) end++;
  return [start, Math.min(end, lines.length)];
}

function indent(line: string): number {
  return line.length - line.trimStart().length;
}

function lineNumbers(text: string | undefined, test: (line: string) => boolean): number[] {
  return (text ?? '').split('\n').flatMap((line, index) => (test(line) ? [index + 1] : []));
}

function lineSource(file: string, line: number, text: string | undefined): Source {
  return { file, line, column: 1, endLine: line, endColumn: ((text ?? '').split('\n')[line - 1]?.length ?? 0) + 1 };
}

/** The one finding for a unit whose render failed or was not run. */
export function renderProblem(outcome: Pick<RenderOutcome, 'kind' | 'folder' | 'command'> & { status: 'failed' | 'skipped'; reason: string }, source: Source, templates: number): ParseProblem {
  const chart = outcome.kind === 'chart';
  const what = chart ? `Helm chart ${outcome.folder || '.'}` : `Kustomization ${outcome.folder || '.'}`;
  const then = chart ? `its ${templates} template files are not checked` : "it is checked as docdrift's in-process renderer reads it instead";
  if (outcome.status === 'skipped') return { kind: 'skipped-file', message: `${what} is not rendered: ${outcome.reason}; ${then}.`, source };
  return { kind: 'parse-error', severity: 'warning', message: `${what}: \`${outcome.command}\` failed (${outcome.reason}); ${then}.`, source };
}

/** A chart as its external render has it: its objects, or (render failed, not run, not YAML) none and one problem. */
export function renderedChart(outcome: RenderOutcome, unit: string, source: Source, templates: number, input: RenderedInput): { objects: UnitObject[]; files: string[] } | { problem: ParseProblem } {
  if (outcome.status !== 'rendered') return { problem: renderProblem(outcome, source, templates) };
  const result = chartObjects(outcome, unit, input);
  return 'failure' in result ? { problem: renderProblem({ ...outcome, status: 'failed', reason: result.failure }, source, templates) } : result;
}

/**
 * A kustomization's in-process render, replaced by its external render when that worked (what the
 * in-process renderer could not apply no longer matters then); else kept, and the failure said.
 */
export function withExternalRender(inProcess: InProcessRender, outcome: RenderOutcome, unit: string, kustomization: Source, input: RenderedInput): { render: InProcessRender; failure: ParseProblem | undefined } {
  const result = outcome.status === 'rendered' ? kustomizeObjects(outcome, unit, inProcess.objects, kustomization, input) : undefined;
  if (result && 'objects' in result) return { render: { ...inProcess, objects: result.objects, problems: [] }, failure: undefined };
  const failure = outcome.status === 'rendered' ? { ...outcome, status: 'failed' as const, reason: (result as { failure: string }).failure } : outcome;
  return { render: inProcess, failure: renderProblem(failure, kustomization, 0) };
}
