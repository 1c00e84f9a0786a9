/**
 * HAProxy configurations written inside a manifest: a ConfigMap key such as `haproxy.cfg: |`
 * holding the whole file. Parsed like a haproxy.cfg, with every position moved to the manifest
 * line and column where the text is written.
 */
import type { EmbeddedText, HaproxyConfig, ParseProblem, Source } from '../model/types.ts';
import { parseHaproxy } from './haproxy.ts';
import type { KubernetesFile } from './kubernetes.ts';

/** A text that holds an HAProxy configuration: a section keyword at the start of a line. */
export const HAPROXY_SECTION = /^(?:global|defaults|frontend|backend|listen)\b/m;

/** Whether a ConfigMap key holds an HAProxy configuration (a `.cfg` key that starts a section). */
export function holdsHaproxyConfig(key: string, text: string): boolean {
  return key.endsWith('.cfg') && HAPROXY_SECTION.test(text);
}

/** An embedded config with what HAProxy would refuse in it, kept together: a copy of a haproxy.cfg file is dropped whole. */
export interface EmbeddedHaproxy {
  config: HaproxyConfig;
  problems: ParseProblem[];
}

/** The HAProxy configs a manifest's ConfigMaps hold, but for keys `skip` says are read elsewhere. */
export function extractHaproxyConfigs(k8s: KubernetesFile, skip: (key: string) => boolean = () => false): EmbeddedHaproxy[] {
  const found: EmbeddedHaproxy[] = [];
  for (const object of k8s.configObjects) {
    if (object.kind !== 'ConfigMap') continue;
    for (const [key, text] of Object.entries(object.data)) {
      if (skip(key) || !holdsHaproxyConfig(key, text.value)) continue;
      const parsed = parseHaproxy(k8s.file, text.value);
      const move = positionsIn(text);
      relocate(parsed.config, move);
      relocate(parsed.problems, move);
      // The file the container reads is the key, whatever the manifest is called.
      found.push({ config: { ...parsed.config, embedded: { configMap: object.name, namespace: object.namespace, key } }, problems: parsed.problems });
    }
  }
  return found;
}

/** Where a position of the embedded text is in the manifest: line by line in a literal block, else at the value. */
function positionsIn(text: EmbeddedText): (source: Source) => Source {
  const start = text.contentStart;
  if (!start) return () => text.source;
  const lines = text.value.split('\n');
  // A blank line of a block scalar may be shorter than the block's indentation in the file: it keeps its column.
  const shift = (line: number) => ((lines[line - 1] ?? '') === '' ? 0 : start.indent);
  return (source) => ({
    file: text.source.file,
    line: start.line + source.line - 1,
    column: source.column + shift(source.line),
    endLine: start.line + source.endLine - 1,
    endColumn: source.endColumn + shift(source.endLine),
  });
}

/**
 * Moves every Source inside a parse result (plain data) with `move`. The parser shares objects
 * between its views (a statement is in its section and in its proxy): each is moved once.
 */
function relocate(root: unknown, move: (source: Source) => Source): void {
  const moved = new Map<Source, Source>();
  const visited = new WeakSet<object>();
  const visit = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (isSource(value)) {
      let target = moved.get(value);
      if (!target) moved.set(value, (target = move(value)));
      return target;
    }
    if (visited.has(value)) return value;
    visited.add(value);
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) value[index] = visit(value[index]);
    } else {
      const record = value as Record<string, unknown>;
      for (const [name, entry] of Object.entries(record)) record[name] = visit(entry);
    }
    return value;
  };
  visit(root);
}

function isSource(value: unknown): value is Source {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Partial<Source>;
  return typeof candidate.file === 'string' && typeof candidate.line === 'number' && typeof candidate.column === 'number' && typeof candidate.endLine === 'number';
}
