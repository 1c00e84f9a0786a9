import path from 'node:path/posix';
import type { DiscoveredFile, Workload } from '../model/types.ts';
import type { MarkdownDocument } from '../parse/markdown.ts';

/** Route ids of the generated pages. */
export const PAGE = {
  overview: 'index',
  architecture: 'architecture',
  guide: 'guide',
  expansion: 'expansion',
  drift: 'drift',
  review: 'review',
  rules: 'rules',
} as const;

/**
 * Where everything lives on the site: a route per doc, per source file, per rule and per workload,
 * and links to `file:line` locations (the source page's `#L42` anchor).
 */
export class Routes {
  private readonly docRoutes = new Map<string, string>();
  private readonly sourceRoutes = new Map<string, string>();
  private readonly docs = new Map<string, MarkdownDocument>();

  constructor(
    files: readonly DiscoveredFile[],
    docs: readonly MarkdownDocument[],
    readonly base: string,
  ) {
    const taken = new Set<string>(Object.values(PAGE));
    const unique = (candidate: string): string => {
      let id = candidate;
      for (let n = 2; taken.has(id); n++) id = `${candidate}-${n}`;
      taken.add(id);
      return id;
    };
    for (const doc of docs) this.docs.set(doc.file, doc);
    const docPaths = files.filter((file) => file.role === 'doc').map((file) => file.path);
    const prefix = commonDirectory(docPaths);
    for (const file of docPaths) {
      // The site's docs section is docs/ already: a docs/ folder inside it would give /docs/docs/ URLs.
      this.docRoutes.set(file, unique(`docs/${routeSegment(file.slice(prefix.length).replace(/^docs\//i, '').replace(/\.(md|markdown)$/i, ''))}`));
    }
    for (const file of files) this.sourceRoutes.set(file.path, unique(`source/${routeSegment(file.path)}`));
  }

  /** Site href of a page id, with an optional #fragment. */
  href(id: string, fragment?: string): string {
    const page = id === PAGE.overview ? '' : `${id}/`;
    return `${this.base}${page}${fragment ? `#${fragment}` : ''}`;
  }

  docRoute(file: string): string | undefined {
    return this.docRoutes.get(file);
  }

  sourceRoute(file: string): string | undefined {
    return this.sourceRoutes.get(file);
  }

  doc(file: string): MarkdownDocument | undefined {
    return this.docs.get(file);
  }

  ruleRoute(ruleId: string): string {
    return `rules/${ruleId.split('/').map(routeSegment).join('/')}`;
  }

  /**
   * A worker page's route: the workload's name; with its namespace when another workload has the
   * name, and with its unit too when another unit holds the same one (a bundle and its folder).
   */
  workerRoute(workload: Workload, workloads: readonly Workload[]): string {
    const { namespace, name } = workload;
    const named = workloads.filter((other) => other !== workload && other.name === name);
    const segment = named.some((other) => other.namespace === namespace) ? `${workload.unit ?? ''}-${namespace}-${name}` : named.length > 0 ? `${namespace}-${name}` : name;
    return `workers/${routeSegment(segment)}`;
  }

  /** The source page line of a location; undefined for files that are not on the site. */
  sourceHref(file: string, line?: number): string | undefined {
    const route = this.sourceRoutes.get(file);
    if (!route) return undefined;
    return this.href(route, line && line > 0 ? `L${line}` : undefined);
  }

  /** The rendered doc at the heading whose section holds the line. */
  docHref(file: string, line?: number): string | undefined {
    const route = this.docRoutes.get(file);
    if (!route) return undefined;
    const doc = this.docs.get(file);
    let fragment: string | undefined;
    if (doc && line) {
      const heading = [...doc.headings].reverse().find((candidate) => candidate.source.line <= line && candidate.depth > 1);
      fragment = heading?.slug;
    }
    return this.href(route, fragment);
  }

  /**
   * Resolves a link written in a doc to a site href: other docs (and their headings), manifests and
   * haproxy.cfg (their source pages, `#L12` kept), external http(s)/mailto links as written.
   * null: a relative target that is not on the site, or a scheme that is not allowed.
   */
  resolveDocLink(fromDoc: string, url: string): string | null {
    const trimmed = url.trim();
    if (/^(https?:|mailto:)/i.test(trimmed)) return trimmed;
    if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith('//')) return null;
    if (trimmed.startsWith('#')) return this.fragmentIn(fromDoc, trimmed.slice(1), true);
    const hashAt = trimmed.indexOf('#');
    const rawPath = (hashAt >= 0 ? trimmed.slice(0, hashAt) : trimmed).replace(/\?.*$/, '');
    const fragment = hashAt >= 0 ? trimmed.slice(hashAt + 1) : '';
    let decoded: string;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      return null;
    }
    const target = decoded.startsWith('/') ? path.normalize(decoded.slice(1)) : path.normalize(path.join(path.dirname(fromDoc), decoded));
    if (target.startsWith('..')) return null;
    if (this.docRoutes.has(target)) return this.fragmentIn(target, fragment, false);
    if (this.sourceRoutes.has(target)) {
      const line = /^L(\d+)/.exec(fragment)?.[1];
      return this.sourceHref(target, line ? Number(line) : undefined)!;
    }
    return null;
  }

  /** A heading anchor in a doc, kept only when the rendered page has it (the title H1 is not rendered). */
  private fragmentIn(file: string, fragment: string, samePage: boolean): string | null {
    const route = this.docRoutes.get(file);
    const doc = this.docs.get(file);
    if (!route) return null;
    const known = fragment !== '' && doc?.headings.some((heading) => heading.slug === fragment && !(heading.depth === 1 && heading === doc.headings[0]));
    if (samePage) return known ? `#${fragment}` : null;
    return this.href(route, known ? fragment : undefined);
  }
}

/** Lower case, path-safe: letters, digits, '-', '_' and '/' kept, everything else becomes '-'. */
export function routeSegment(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9_/-]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/(^|\/)-+|-+($|\/)/g, '$1$2')
      .replace(/\/+/g, '/')
      .replace(/^\/|\/$/g, '') || 'page'
  );
}

/** The longest directory prefix (with its slash) shared by every path; '' when none. */
export function commonDirectory(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  let prefix = path.dirname(paths[0]!);
  for (const file of paths) {
    while (prefix !== '.' && !`${file}`.startsWith(`${prefix}/`)) prefix = path.dirname(prefix);
  }
  return prefix === '.' ? '' : `${prefix}/`;
}
