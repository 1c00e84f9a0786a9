/**
 * Rewrite a haproxy.cfg so that the real HAProxy can run it on loopback only,
 * with every backend answered by a local stub, while its routing stays the
 * same: ACLs, use_backend/default_backend and http-request rules are copied
 * unchanged; only what talks to the outside world changes.
 *
 * - global is replaced by a minimal one (no chroot/user/daemon/log targets);
 * - resolvers, peers, mailers, ring, program and log-forward sections are dropped;
 * - each frontend/listen keeps one `bind 127.0.0.1:PORT`;
 * - each backend/listen loses its server, server-template, default-server and
 *   dispatch lines and gets `server stub 127.0.0.1:PORT` (its own stub port);
 * - `default-server` lines in defaults are dropped (they name resolvers);
 * - `log` lines other than `log global`, and `source`/`usesrc`, are dropped.
 *
 * The rewrite works on raw lines (first word of each line), not on docdrift's
 * parse, so that a docdrift parser bug cannot hide itself.
 */

const SECTIONS = new Set([
  'global', 'defaults', 'frontend', 'backend', 'listen', 'resolvers', 'peers', 'userlist', 'mailers', 'program',
  'http-errors', 'ring', 'cache', 'crt-store', 'traces', 'log-forward', 'fcgi-app', 'log-profile', 'acme',
]);
const DROPPED_SECTIONS = new Set(['global', 'resolvers', 'peers', 'mailers', 'ring', 'program', 'log-forward', 'acme']);
const SERVER_LINES = new Set(['server', 'server-template', 'default-server', 'dispatch']);

export interface ProxyPorts {
  /** frontend/listen name → the loopback port HAProxy listens on. */
  frontends: Map<string, number>;
  /** backend/listen name → the loopback port of its stub. */
  backends: Map<string, number>;
}

export interface ProxyNames {
  /** Sections that receive traffic (frontend, listen) and have a bind line, HTTP mode assumed. */
  frontends: string[];
  /** Sections that have servers to replace (backend, listen). */
  backends: string[];
}

/** First word and section name of a raw line ('' for blank/comment lines). */
function words(line: string): string[] {
  const code = line.replace(/(^|\s)#.*$/, '');
  return code.trim().split(/\s+/).filter(Boolean);
}

/** Which proxies a config has, read the same raw way the rewrite does. */
export function proxyNames(text: string): ProxyNames {
  const frontends: string[] = [];
  const backends: string[] = [];
  let current: { type: string; name: string; bound: boolean } | undefined;
  const close = (): void => {
    if (current && current.bound && (current.type === 'frontend' || current.type === 'listen')) frontends.push(current.name);
  };
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const [first, second] = words(line);
    if (first && SECTIONS.has(first)) {
      close();
      current = { type: first, name: second ?? '', bound: false };
      if (first === 'backend' || first === 'listen') backends.push(current.name);
    } else if (first === 'bind' && current) current.bound = true;
  }
  close();
  return { frontends, backends };
}

/** The stubbed config text. Every proxy in `names` must have a port in `ports`. */
export function stubConfig(text: string, ports: ProxyPorts): string {
  const out: string[] = ['global', '    maxconn 512', '    nbthread 1', ''];
  let section: { type: string; name: string; bound: boolean } | undefined;
  const finish = (): void => {
    if (!section) return;
    if (section.type === 'backend' || section.type === 'listen') {
      const port = ports.backends.get(section.name);
      if (port === undefined) throw new Error(`no stub port for backend ${section.name}`);
      out.push(`    server stub 127.0.0.1:${port}`);
    }
    out.push('');
  };
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const [first, second] = words(raw);
    if (first && SECTIONS.has(first)) {
      finish();
      section = { type: first, name: second ?? '', bound: false };
      if (!DROPPED_SECTIONS.has(first)) out.push(raw);
      continue;
    }
    if (!section || DROPPED_SECTIONS.has(section.type) || first === undefined) continue;
    if (first === 'log' && second !== 'global') continue;
    // Outgoing source addresses (source/usesrc) would make HAProxy bind elsewhere than the loopback.
    if (first === 'source' || first === 'usesrc') continue;
    if (section.type === 'defaults' && first === 'default-server') continue;
    if ((section.type === 'backend' || section.type === 'listen') && SERVER_LINES.has(first)) continue;
    if (first === 'bind') {
      if (section.bound) continue;
      const port = ports.frontends.get(section.name);
      if (port === undefined) throw new Error(`no port for frontend ${section.name}`);
      out.push(`    bind 127.0.0.1:${port}`);
      section.bound = true;
      continue;
    }
    out.push(raw);
  }
  finish();
  return out.join('\n');
}
