/**
 * "Which backend does HAProxy pick for this request?" — the use_backend /
 * default_backend decision of one frontend, evaluated the way HAProxy 2.6
 * does (configuration.txt 7.1–7.4, acl.c, pattern.c), for the healthy case
 * where every server is up.
 *
 * Fetches and match methods it cannot decide (src, ssl_*, var(), maps, -f
 * files …) evaluate as false and mark the result uncertain; conditions use
 * three-valued logic so an undecidable term only matters when it could
 * change the outcome.
 */
import { deriveMatchMethod, parseCondition, parseFetch, type FetchCall } from '../parse/haproxy-acl.ts';
import { pcreToJs } from '../parse/haproxy-regex.ts';

export { pcreToJs };
import type {
  Acl,
  Condition,
  ConditionTerm,
  HaproxyBackend,
  HaproxyConfig,
  HaproxyFrontend,
  HaproxyLine,
  HaproxySection,
  Located,
  Source,
  UseBackendRule,
} from './types.ts';

export interface RouteRequest {
  /** Request path; a `?query` suffix is split off when `query` is not given. */
  path: string;
  /** Defaults to GET. */
  method?: string;
  /** The Host header (also read from headers.host). */
  host?: string;
  /** Header values; one entry per header line, names case-insensitive. */
  headers?: Record<string, string>;
  /** Query string without the '?'. */
  query?: string;
}

export interface RouteDecision {
  /** undefined: no backend (HAProxy answers 503). A dynamic name (%[…]) is returned as written. */
  backend: string | undefined;
  /** The use_backend that matched, or undefined for default_backend / none. */
  rule: UseBackendRule | undefined;
  via: 'use_backend' | 'default_backend' | 'none';
  /** false when an undecidable ACL, a dynamic name or a request-rewriting rule could change the outcome. */
  certain: boolean;
  /** The matching use_backend or default_backend line (the listen header when a listen section serves itself). */
  source: Source | undefined;
}

/** A truth value and whether the evaluator could decide it; undecided values are false by convention. */
export interface Truth {
  value: boolean;
  certain: boolean;
}

const YES: Truth = { value: true, certain: true };
const NO: Truth = { value: false, certain: true };
const UNKNOWN: Truth = { value: false, certain: false };

// ---------------------------------------------------------------------------
// Request
// ---------------------------------------------------------------------------

interface Req {
  method: string;
  path: string;
  query: string | undefined;
  /** The target as sent (absolute form included), with the query. */
  url: string;
  /** Path and query. */
  pathq: string;
  host: string | undefined;
  /** Lower-cased header name → header lines. */
  headers: Map<string, string[]>;
}

const ABSOLUTE_FORM = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?]*)(.*)$/;

function normalize(request: RouteRequest): Req {
  let target = request.path;
  let query = request.query;
  const q = target.indexOf('?');
  if (q >= 0) {
    if (query === undefined) query = target.slice(q + 1);
    target = target.slice(0, q);
  }
  // An absolute-form target (http://host/path): path() starts at the first slash after the authority.
  const absolute = ABSOLUTE_FORM.exec(target);
  const path = absolute ? (absolute[2] as string) : target;
  const headers = new Map<string, string[]>();
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const key = name.toLowerCase();
    headers.set(key, [...(headers.get(key) ?? []), value]);
  }
  if (request.host !== undefined && !headers.has('host')) headers.set('host', [request.host]);
  if (absolute && !headers.has('host')) headers.set('host', [absolute[1] as string]);
  const host = headers.get('host')?.[0]?.trim();
  return {
    method: request.method ?? 'GET',
    path,
    query,
    url: query === undefined ? target : `${target}?${query}`,
    pathq: query === undefined ? path : `${path}?${query}`,
    host,
    headers,
  };
}

// ---------------------------------------------------------------------------
// Samples
// ---------------------------------------------------------------------------

type Sample =
  | { type: 'str'; values: string[] }
  | { type: 'int'; values: number[] }
  | { type: 'bool'; values: boolean[] }
  | { type: 'meth'; values: string[] };

interface Ctx {
  config: HaproxyConfig;
  frontend: HaproxyFrontend | undefined;
  req: Req;
  /** Named ACLs already evaluated for this request: use_backend lines repeat them. */
  named?: Map<string, Truth>;
}

/** Header values as HAProxy's hdr() sees them: every comma-separated part of every line, trimmed. */
function headerValues(req: Req, name: string | undefined, occurrence: string | undefined, splitCommas: boolean): string[] {
  const lines = name ? (req.headers.get(name.toLowerCase()) ?? []) : [...req.headers.values()].flat();
  const values = splitCommas ? lines.flatMap((l) => l.split(',')).map((v) => v.trim()) : lines.map((l) => l.trim());
  if (occurrence === undefined || occurrence === '') return values;
  const occ = Number(occurrence);
  if (!Number.isInteger(occ) || occ === 0) return values;
  const picked = occ > 0 ? values[occ - 1] : values[values.length + occ];
  return picked === undefined ? [] : [picked];
}

/** url_param()/urlp(): values of `name=` in the query (params split on '&', ';' or the delimiter). */
function urlParams(req: Req, name: string | undefined, delim: string | undefined): string[] {
  const sep = delim ? delim[0] : undefined;
  let start = req.url.indexOf('?');
  if (sep) {
    const d = req.url.indexOf(sep);
    if (d >= 0 && (start < 0 || d < start)) start = d;
  }
  if (start < 0) return [];
  const values: string[] = [];
  for (const part of req.url.slice(start + 1).split(/[&;]/).flatMap((p) => (sep ? p.split(sep) : [p]))) {
    const eq = part.indexOf('=');
    if (eq < 0) continue; // HAProxy needs 'name=' to find a parameter
    if (!name || part.slice(0, eq) === name) values.push(part.slice(eq + 1));
  }
  return values;
}

function leadingInt(text: string): number | undefined {
  const m = /^\s*([+-]?\d+)/.exec(text);
  return m ? Number(m[1]) : undefined;
}

const ACL_SUFFIX = /^(.+)_(beg|end|sub|dir|dom|reg|len)$/;
const NOT_SUFFIXED = new Set(['wait_end', 'req.body_len', 'res.body_len', 'body_len', 'req_len']);

/** `hdr_beg` → `hdr`: ACL keywords are a fetch plus a match method. */
function baseFetchName(name: string): string {
  const m = ACL_SUFFIX.exec(name);
  return m && !NOT_SUFFIXED.has(name) ? (m[1] as string) : name;
}

function fetchSample(call: FetchCall, baseName: string, ctx: Ctx): Sample | undefined {
  const { req } = ctx;
  const [a0, a1] = call.args;
  switch (baseName) {
    case 'path':
      return { type: 'str', values: [req.path] };
    case 'url':
    case 'uri':
      return { type: 'str', values: [req.url] };
    case 'pathq':
      return { type: 'str', values: [req.pathq] };
    case 'base':
      return { type: 'str', values: [(req.host ?? '') + req.path] };
    case 'baseq':
      return { type: 'str', values: [(req.host ?? '') + req.pathq] };
    case 'query':
      return { type: 'str', values: req.query === undefined ? [] : [req.query] };
    case 'method':
      return { type: 'meth', values: [req.method] };
    case 'hdr':
    case 'req.hdr':
      return { type: 'str', values: headerValues(req, a0, a1, true) };
    case 'req.fhdr':
      return { type: 'str', values: headerValues(req, a0, a1, false) };
    case 'hdr_cnt':
    case 'req.hdr_cnt':
      return { type: 'int', values: [headerValues(req, a0, undefined, true).length] };
    case 'req.fhdr_cnt':
      return { type: 'int', values: [headerValues(req, a0, undefined, false).length] };
    case 'hdr_val':
    case 'req.hdr_val':
      return { type: 'int', values: headerValues(req, a0, a1, true).flatMap((v) => leadingInt(v) ?? []) };
    case 'urlp':
    case 'url_param':
      return { type: 'str', values: urlParams(req, a0, a1) };
    case 'urlp_val':
      return { type: 'int', values: urlParams(req, a0, a1).flatMap((v) => leadingInt(v) ?? []) };
    case 'nbsrv': {
      const count = usableServers(ctx, a0);
      return count === undefined ? undefined : { type: 'int', values: [count] };
    }
    case 'always_true':
      return { type: 'bool', values: [true] };
    case 'always_false':
      return { type: 'bool', values: [false] };
    case 'req.proto_http':
    case 'req_proto_http':
      return { type: 'bool', values: [true] };
    default:
      return undefined;
  }
}

function applyConverters(sample: Sample | undefined, converters: FetchCall[]): Sample | undefined {
  let current = sample;
  for (const conv of converters) {
    if (!current) return undefined;
    if ((conv.name === 'lower' || conv.name === 'upper') && current.type === 'str') {
      const up = conv.name === 'upper';
      current = { type: 'str', values: current.values.map((v) => (up ? asciiUpper(v) : asciiLower(v))) };
    } else {
      return undefined;
    }
  }
  return current;
}

/**
 * nbsrv(): HAProxy's be_usable_srv() with every server up — the active
 * servers, else 1 for the first backup (all of them with `option allbackups`).
 */
function usableServers(ctx: Ctx, name: string | undefined): number | undefined {
  const backendName = name || (ctx.frontend?.section === 'listen' ? ctx.frontend.name : undefined);
  if (!backendName) return ctx.frontend ? 0 : undefined; // a frontend has no servers of its own
  const backend = ctx.config.backends.find((b) => b.name === backendName);
  if (!backend) return undefined;
  const lines = sectionOf(ctx.config, backend)?.lines ?? [];
  if (lines.some((l) => l.keyword === 'disabled')) return 0;
  let active = 0;
  let backup = 0;
  for (const server of backend.servers) {
    if (server.options.some((o) => o.value === 'disabled')) continue; // starts in maintenance
    const n = server.kind === 'server-template' ? (server.slots?.value ?? 0) : 1;
    if (server.backup) backup += n;
    else active += n;
  }
  if (active > 0) return active;
  if (backup === 0) return 0;
  const allBackups = lines.some((l) => l.keyword === 'option' && l.args[0]?.value === 'allbackups');
  return allBackups ? backup : 1;
}

const sectionCache = new WeakMap<object, HaproxySection | undefined>();

/** The section a frontend or backend was built from (same header position). */
function sectionOf(config: HaproxyConfig, proxy: HaproxyFrontend | HaproxyBackend): HaproxySection | undefined {
  if (sectionCache.has(proxy)) return sectionCache.get(proxy);
  const section = config.sections.find(
    (s) => s.source.line === proxy.source.line && s.source.column === proxy.source.column && s.source.file === proxy.source.file,
  );
  sectionCache.set(proxy, section);
  return section;
}

// ---------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

function asciiUpper(s: string): string {
  return s.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 32));
}

/**
 * pattern.c match_word(): the pattern (without leading/trailing delimiters)
 * must appear in the sample bounded by delimiters or the string ends.
 */
export function matchWord(sample: string, pattern: string, delimiters: string, icase: boolean): boolean {
  let ps = 0;
  let pe = pattern.length;
  while (ps < pe && delimiters.includes(pattern[ps] as string)) ps++;
  while (pe > ps && delimiters.includes(pattern[pe - 1] as string)) pe--;
  const pl = pe - ps;
  if (pl === 0 || pl > sample.length) return false;
  const needle = icase ? asciiLower(pattern.slice(ps, pe)) : pattern.slice(ps, pe);
  const hay = icase ? asciiLower(sample) : sample;
  const end = hay.length - pl;
  let mayMatch = true;
  for (let c = 0; c <= end; c++) {
    if (delimiters.includes(hay[c] as string)) {
      mayMatch = true;
      continue;
    }
    if (!mayMatch) continue;
    if (hay.startsWith(needle, c) && (c === end || delimiters.includes(hay[c + pl] as string))) return true;
    mayMatch = false;
  }
  return false;
}

const regexCache = new Map<string, RegExp | null>();

function compileRegex(pattern: string, icase: boolean): RegExp | undefined {
  const key = `${icase ? 'i' : '-'}${pattern}`;
  const cached = regexCache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  let re: RegExp | null = null;
  const js = pcreToJs(pattern);
  if (js) {
    try {
      re = new RegExp(js.source, icase && !js.flags.includes('i') ? `${js.flags}i` : js.flags);
    } catch {
      re = null;
    }
  }
  if (regexCache.size > 10_000) regexCache.clear();
  regexCache.set(key, re);
  return re ?? undefined;
}

/** Integer patterns with eq/ge/gt/le/lt operators (which persist for the following values) and a:b ranges. */
function intRanges(patterns: string[]): { ranges: [number, number][]; valid: boolean } {
  const ranges: [number, number][] = [];
  let valid = true;
  let op = 'eq';
  for (const p of patterns) {
    if (p === 'eq' || p === 'ge' || p === 'gt' || p === 'le' || p === 'lt') {
      op = p;
      continue;
    }
    // pat_parse_int(): ':' or '-' separates the bounds (`1:5`, `1-5`, `:5`, `-5`, `5:`).
    const range = /^(\d*)[:-](\d*)$/.exec(p);
    if (range && (range[1] || range[2])) {
      ranges.push([range[1] ? Number(range[1]) : -Infinity, range[2] ? Number(range[2]) : Infinity]);
      continue;
    }
    if (!/^[+-]?\d+$/.test(p)) {
      valid = false;
      continue;
    }
    const v = Number(p);
    if (op === 'eq') ranges.push([v, v]);
    else if (op === 'ge') ranges.push([v, Infinity]);
    else if (op === 'gt') ranges.push([v + 1, Infinity]);
    else if (op === 'le') ranges.push([-Infinity, v]);
    else ranges.push([-Infinity, v - 1]);
  }
  return { ranges, valid };
}

const KNOWN_METHODS = new Set(['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'CONNECT']);

/** Test a sample against an ACL's patterns with the given match method. */
function matchSample(sample: Sample, method: string | undefined, acl: CompiledAcl): Truth {
  const { patterns, icase } = acl;
  const any = (test: (p: string) => boolean): Truth => (patterns.some(test) ? YES : NO);
  switch (method) {
    case 'found':
      return sample.values.length > 0 ? YES : NO;
    case 'bool':
      if (sample.type === 'bool') return sample.values.some((v) => v) ? YES : NO;
      if (sample.type === 'int') return sample.values.some((v) => v !== 0) ? YES : NO;
      return UNKNOWN;
    case 'int':
    case 'len': {
      let numbers: number[];
      if (method === 'len') {
        if (sample.type !== 'str') return UNKNOWN;
        numbers = sample.values.map((v) => v.length);
      } else if (sample.type === 'int') numbers = sample.values;
      else if (sample.type === 'bool') numbers = sample.values.map((v) => (v ? 1 : 0));
      else return UNKNOWN;
      const { ranges, valid } = intRanges(patterns);
      const hit = numbers.some((n) => ranges.some(([lo, hi]) => n >= lo && n <= hi));
      return hit ? YES : valid ? NO : UNKNOWN;
    }
    case 'meth': {
      if (sample.type !== 'meth') return UNKNOWN;
      const m = sample.values[0] ?? '';
      // Known methods compare by identity (case-sensitive), others by string, -i honoured.
      return any((p) =>
        KNOWN_METHODS.has(p) ? p === m : !KNOWN_METHODS.has(m) && (icase ? asciiLower(p) === asciiLower(m) : p === m),
      );
    }
    case 'str':
    case 'beg':
    case 'end':
    case 'sub':
    case 'dir':
    case 'dom':
    case 'reg': {
      if (sample.type === 'bool') return UNKNOWN;
      const values = sample.type === 'int' ? sample.values.map(String) : sample.values;
      if (method === 'reg') {
        let invalid = false;
        for (const re of acl.regexes) {
          if (!re) invalid = true;
          else for (const v of values) if (re.test(v)) return YES;
        }
        return invalid ? UNKNOWN : NO;
      }
      const hay = icase ? values.map(asciiLower) : values;
      for (const p of acl.folded) {
        for (const v of hay) {
          if (matchesString(method, v, p)) return YES;
        }
      }
      return NO;
    }
    default:
      return UNKNOWN; // ip, bin, or a type the parser could not derive
  }
}

function matchesString(method: 'str' | 'beg' | 'end' | 'sub' | 'dir' | 'dom', value: string, pattern: string): boolean {
  switch (method) {
    case 'str':
      return value === pattern;
    case 'beg':
      return value.startsWith(pattern);
    case 'end':
      return value.endsWith(pattern);
    case 'sub':
      return value.includes(pattern);
    case 'dir':
      return matchWord(value, pattern, '/?', false);
    case 'dom':
      return matchWord(value, pattern, '/?.:', false);
  }
}

/** What evaluating an ACL needs from its text, worked out once per ACL: every request asks again. */
interface CompiledAcl {
  fetch: FetchCall;
  /** The fetch name without its match suffix (see baseFetchName). */
  baseFetch: string;
  converters: FetchCall[];
  patterns: string[];
  /** The patterns as string matching compares them: lower-cased under -i. */
  folded: string[];
  icase: boolean;
  /** Patterns also come from files (`-f`, `-M`), which are not read. */
  fromFile: boolean;
  /** The patterns as regexes for `reg` matching (undefined: not translatable); empty for other methods. */
  regexes: (RegExp | undefined)[];
}

const compiledAcls = new WeakMap<Acl, CompiledAcl>();

function compileAcl(acl: Acl): CompiledAcl {
  let compiled = compiledAcls.get(acl);
  if (!compiled) {
    const { fetch, converters } = parseFetch(acl.fetch);
    const patterns = acl.patterns.map((p) => p.value);
    const icase = acl.flags.includes('-i');
    compiled = {
      fetch,
      baseFetch: baseFetchName(fetch.name),
      converters,
      patterns,
      folded: icase ? patterns.map(asciiLower) : patterns,
      icase,
      fromFile: acl.flags.some((f) => f === '-f' || f.startsWith('-f ') || f === '-M'),
      regexes: acl.matchMethod === 'reg' ? patterns.map((p) => compileRegex(p, icase)) : [],
    };
    compiledAcls.set(acl, compiled);
  }
  return compiled;
}

/** Evaluate one ACL entry (one `acl` line or one anonymous `{ … }`) against a request. */
function evalAcl(acl: Acl, ctx: Ctx): Truth {
  const compiled = compileAcl(acl);
  const sample = applyConverters(fetchSample(compiled.fetch, compiled.baseFetch, ctx), compiled.converters);
  if (!sample) return UNKNOWN;
  const result = matchSample(sample, acl.matchMethod, compiled);
  // Patterns loaded from files are unknown: only a match on an inline pattern is sure.
  return compiled.fromFile && !result.value ? UNKNOWN : result;
}

// ---------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------

/**
 * Three-valued AND and OR that stop, as HAProxy does, at the first certain answer: the
 * terms after it cannot change the result.
 */
function and<T>(items: readonly T[], truth: (item: T) => Truth): Truth {
  let certain = true;
  let value = true;
  for (const item of items) {
    const t = truth(item);
    if (t.certain && !t.value) return NO;
    certain &&= t.certain;
    value &&= t.value;
  }
  return certain ? YES : { value, certain: false };
}

function or<T>(items: readonly T[], truth: (item: T) => Truth): Truth {
  let certain = true;
  let value = false;
  for (const item of items) {
    const t = truth(item);
    if (t.certain && t.value) return YES;
    certain &&= t.certain;
    value ||= t.value;
  }
  return certain ? NO : { value, certain: false };
}

function not(t: Truth): Truth {
  return { value: !t.value, certain: t.certain };
}

const NO_SOURCE: Source = { file: '<predefined>', line: 0, column: 0, endLine: 0, endColumn: 0 };

function predefinedAcl(name: string, fetch: string, patterns: string[]): Acl {
  return {
    name,
    fetch,
    flags: [],
    matchMethod: deriveMatchMethod(fetch),
    patterns: patterns.map((value): Located<string> => ({ value, source: NO_SOURCE })),
    source: NO_SOURCE,
  };
}

/**
 * HAProxy's predefined ACLs (configuration.txt 7.4), which need no declaration; `undefined`
 * entries depend on things a request description does not carry. HTTP_3.0 only exists in newer
 * versions (2.6 rejects it); it is known here rather than guessing the target version.
 */
export const PREDEFINED_ACLS: Readonly<Record<string, Acl | undefined>> = {
  TRUE: predefinedAcl('TRUE', 'always_true', []),
  FALSE: predefinedAcl('FALSE', 'always_false', []),
  HTTP: predefinedAcl('HTTP', 'req.proto_http', []),
  'HTTP_1.0': undefined,
  'HTTP_1.1': undefined,
  'HTTP_2.0': undefined,
  'HTTP_3.0': undefined,
  HTTP_CONTENT: predefinedAcl('HTTP_CONTENT', 'req.hdr_val(content-length)', ['gt', '0']),
  HTTP_URL_ABS: predefinedAcl('HTTP_URL_ABS', 'url_reg', ['^[^/:]*://']),
  HTTP_URL_SLASH: predefinedAcl('HTTP_URL_SLASH', 'url_beg', ['/']),
  HTTP_URL_STAR: predefinedAcl('HTTP_URL_STAR', 'url', ['*']),
  LOCALHOST: undefined,
  METH_CONNECT: predefinedAcl('METH_CONNECT', 'method', ['CONNECT']),
  METH_DELETE: predefinedAcl('METH_DELETE', 'method', ['DELETE']),
  METH_GET: predefinedAcl('METH_GET', 'method', ['GET', 'HEAD']),
  METH_HEAD: predefinedAcl('METH_HEAD', 'method', ['HEAD']),
  METH_OPTIONS: predefinedAcl('METH_OPTIONS', 'method', ['OPTIONS']),
  METH_POST: predefinedAcl('METH_POST', 'method', ['POST']),
  METH_PUT: predefinedAcl('METH_PUT', 'method', ['PUT']),
  METH_TRACE: predefinedAcl('METH_TRACE', 'method', ['TRACE']),
  RDP_COOKIE: undefined,
  REQ_CONTENT: undefined,
  WAIT_END: undefined,
};

const aclIndex = new WeakMap<HaproxyFrontend, Map<string, Acl[]>>();

function aclsNamed(frontend: HaproxyFrontend | undefined, name: string): Acl[] {
  if (!frontend) return [];
  let index = aclIndex.get(frontend);
  if (!index) {
    index = new Map();
    for (const acl of frontend.acls) index.set(acl.name, [...(index.get(acl.name) ?? []), acl]);
    aclIndex.set(frontend, index);
  }
  return index.get(name) ?? [];
}

function evalTerm(term: ConditionTerm, ctx: Ctx): Truth {
  const result = term.acl.kind === 'anonymous' ? evalAcl(term.acl.acl, ctx) : evalNamed(term.acl.name.value, ctx);
  return term.negated ? not(result) : result;
}

function evalNamed(name: string, ctx: Ctx): Truth {
  const known = ctx.named?.get(name);
  if (known) return known;
  // The proxy's own ACLs (all lines with that name, ORed) shadow the predefined ones.
  const own = aclsNamed(ctx.frontend, name);
  let result: Truth;
  if (own.length > 0) result = or(own, (acl) => evalAcl(acl, ctx));
  else {
    const predefined = Object.hasOwn(PREDEFINED_ACLS, name) ? PREDEFINED_ACLS[name] : undefined;
    result = predefined ? evalAcl(predefined, ctx) : UNKNOWN; // unknown names: haproxy -c rejects them
  }
  (ctx.named ??= new Map()).set(name, result);
  return result;
}

function evalCondition(condition: Condition | undefined, ctx: Ctx): Truth {
  if (!condition) return YES;
  // No AND-group (`if` alone, `if ||`) never matches.
  const result = or(condition.anyOf, (group) => and(group, (term) => evalTerm(term, ctx)));
  return condition.polarity === 'unless' ? not(result) : result;
}

/** Evaluate a single ACL entry (named or anonymous) for a request; `frontend` gives nbsrv() its own proxy. */
export function evaluateAcl(acl: Acl, request: RouteRequest, config: HaproxyConfig, frontend?: HaproxyFrontend): Truth {
  return evalAcl(acl, { config, frontend, req: normalize(request) });
}

/** Evaluate an if/unless condition as written in `frontend` (named ACLs are looked up there). */
export function evaluateCondition(
  condition: Condition | undefined,
  request: RouteRequest,
  config: HaproxyConfig,
  frontend: HaproxyFrontend,
): Truth {
  return evalCondition(condition, { config, frontend, req: normalize(request) });
}

// ---------------------------------------------------------------------------
// Routing
// ---------------------------------------------------------------------------

/** http-request actions that run before use_backend and change what it sees. */
const REWRITING_ACTIONS = new Set([
  'set-path', 'set-pathq', 'set-uri', 'replace-path', 'replace-pathq', 'replace-uri', 'set-query', 'set-method', 'normalize-uri',
]);
const HEADER_ACTIONS = new Set(['set-header', 'add-header', 'del-header', 'replace-header', 'replace-value']);
/** http-request actions that answer the request themselves: it never reaches use_backend. */
const FINAL_ACTIONS = new Set(['deny', 'reject', 'tarpit', 'return', 'redirect', 'auth', 'silent-drop', 'use-service']);

const lineConditions = new WeakMap<HaproxyLine, Condition | null>();

function lineCondition(line: HaproxyLine, start: number): Condition | undefined {
  const cached = lineConditions.get(line);
  if (cached !== undefined) return cached ?? undefined;
  const index = line.args.findIndex((a, i) => i >= start && (a.value === 'if' || a.value === 'unless'));
  let condition: Condition | null = null;
  if (index >= 0) {
    const end = line.args.findIndex((a) => a.value === '');
    const words = line.args.slice(index + 1, end < 0 ? undefined : end);
    condition = parseCondition(line.args[index] as Located<string>, words, []);
  }
  lineConditions.set(line, condition);
  return condition ?? undefined;
}

const STATS_ENABLING = new Set([
  'enable', 'uri', 'realm', 'auth', 'scope', 'refresh', 'show-legends', 'show-node', 'show-desc', 'show-modules', 'hide-version', 'admin', 'http-request',
]);

/**
 * Requests HAProxy answers itself before the switching rules: `monitor-uri`
 * (the exact URI) and the statistics page (`stats uri` prefix, `/haproxy?stats`
 * when only enabled; any of these stats keywords enables it).
 */
function interceptedByHaproxy({ monitorUris, statsUri }: BeforeSwitching, req: Req): boolean {
  if (monitorUris.some((uri) => uri === req.url || uri === req.pathq)) return true;
  return statsUri !== undefined && (statsUri.startsWith('/') ? req.pathq : req.url).startsWith(statsUri);
}

/** Fetches that read request headers: the header named by their first argument, all of them without one. */
const HEADER_FETCHES = new Set(['hdr', 'req.hdr', 'req.fhdr', 'hdr_cnt', 'req.hdr_cnt', 'req.fhdr_cnt', 'hdr_val', 'req.hdr_val', 'hdr_ip', 'req.hdr_ip']);
const routingHeaders = new WeakMap<HaproxyFrontend, Set<string>>();

/**
 * Whether changing header `name` may change the use_backend decision: Host
 * always (base, absolute-form requests …), others when a switching rule reads
 * them ('*' when one reads every header).
 */
function routingReadsHeader(frontend: HaproxyFrontend | undefined, name: string): boolean {
  const header = name.toLowerCase();
  if (header === 'host' || !frontend) return true;
  let used = routingHeaders.get(frontend);
  if (!used) {
    used = new Set();
    const acls = frontend.useBackends.flatMap((rule) =>
      (rule.condition?.anyOf.flat() ?? []).flatMap((term) =>
        term.acl.kind === 'anonymous' ? [term.acl.acl] : [...aclsNamed(frontend, term.acl.name.value), ...(PREDEFINED_ACLS[term.acl.name.value] ? [PREDEFINED_ACLS[term.acl.name.value] as Acl] : [])],
      ),
    );
    for (const acl of acls) {
      const { fetch, baseFetch: base } = compileAcl(acl);
      if (HEADER_FETCHES.has(base)) used.add(fetch.args[0] ? fetch.args[0].toLowerCase() : '*');
      else if (base === 'req.hdrs' || base === 'req.hdr_names' || base === 'req.hdrs_bin') used.add('*');
      else if (base === 'cook' || base === 'req.cook' || base === 'req.cook_cnt' || base === 'req.cook_val') used.add('cookie');
      else if (base.startsWith('http_auth')) used.add('authorization');
    }
    routingHeaders.set(frontend, used);
  }
  return used.has('*') || used.has(header);
}

/** What a frontend's section does before its switching rules, read once: every request asks. */
interface BeforeSwitching {
  /** `monitor-uri` values. */
  monitorUris: string[];
  /** The statistics page prefix, when statistics are enabled. */
  statsUri: string | undefined;
  /** http-request and redirect lines that rewrite the request or answer it, in order. */
  actions: { line: HaproxyLine; kind: 'rewrite' | 'final'; conditionStart: number }[];
}

const beforeSwitchingOf = new WeakMap<HaproxyFrontend, BeforeSwitching>();

function beforeSwitching(config: HaproxyConfig, frontend: HaproxyFrontend): BeforeSwitching {
  let before = beforeSwitchingOf.get(frontend);
  if (before) return before;
  before = { monitorUris: [], statsUri: undefined, actions: [] };
  for (const line of sectionOf(config, frontend)?.lines.slice(1) ?? []) {
    const arg = line.args[0]?.value;
    if (line.keyword === 'monitor-uri' && arg !== undefined) before.monitorUris.push(arg);
    if (line.keyword === 'stats' && arg !== undefined && STATS_ENABLING.has(arg)) {
      before.statsUri = arg === 'uri' && line.args[1] ? line.args[1].value : (before.statsUri ?? '/haproxy?stats');
    }
    if (line.keyword === 'http-request') {
      const action = arg ?? '';
      const rewrites = REWRITING_ACTIONS.has(action) || (HEADER_ACTIONS.has(action) && routingReadsHeader(frontend, line.args[1]?.value ?? ''));
      if (rewrites) before.actions.push({ line, kind: 'rewrite', conditionStart: 1 });
      else if (FINAL_ACTIONS.has(action)) before.actions.push({ line, kind: 'final', conditionStart: 1 });
    } else if (line.keyword === 'redirect') {
      before.actions.push({ line, kind: 'final', conditionStart: 0 });
    }
  }
  beforeSwitchingOf.set(frontend, before);
  return before;
}

/**
 * Whether an http-request rule of the frontend may change the path, query,
 * method or Host before use_backend runs (unless its condition is surely
 * false), or surely answers the request itself (deny, return, redirect …).
 * A final action whose condition cannot be decided (`redirect scheme https
 * unless { ssl_fc }`) is assumed not to fire: the question is where the
 * request goes when it reaches the switching rules.
 */
function mayBeRewritten(ctx: Ctx): boolean {
  if (!ctx.frontend) return false;
  const before = beforeSwitching(ctx.config, ctx.frontend);
  if (interceptedByHaproxy(before, ctx.req)) return true;
  for (const { line, kind, conditionStart } of before.actions) {
    const condition = lineCondition(line, conditionStart);
    const t = condition ? evalCondition(condition, ctx) : YES;
    if (kind === 'rewrite' ? t.value || !t.certain : t.value && t.certain) return true;
  }
  return false;
}

const lineOfSource = new WeakMap<HaproxyConfig, Map<number, Source>>();

/** The whole line a word was written on (default_backend keeps the word's source). */
function lineAt(config: HaproxyConfig, word: Source): Source {
  let index = lineOfSource.get(config);
  if (!index) {
    index = new Map();
    for (const section of config.sections) for (const line of section.lines) index.set(line.source.line, line.source);
    lineOfSource.set(config, index);
  }
  return word.file === config.file ? (index.get(word.line) ?? word) : word;
}

// Rules, the review and the site ask the same frontends the same requests: each is decided once.
const decisions = new WeakMap<HaproxyConfig, WeakMap<HaproxyFrontend, Map<string, RouteDecision>>>();

/**
 * HAProxy's backend choice for `request` arriving at `frontend`: the first
 * use_backend whose condition holds (whether or not that backend is up),
 * else default_backend, else the listen section itself, else none (503).
 * The decision is shared between callers asking the same question: do not modify it.
 */
/** Whether a frontend sends requests to any backend at all (a stats or redirect-only frontend does not). */
export function routesToBackends(frontend: HaproxyFrontend): boolean {
  return frontend.useBackends.length > 0 || frontend.defaultBackend !== undefined || frontend.section === 'listen';
}

export function routeRequest(config: HaproxyConfig, frontend: HaproxyFrontend, request: RouteRequest): RouteDecision {
  let byFrontend = decisions.get(config);
  if (!byFrontend) decisions.set(config, (byFrontend = new WeakMap()));
  let byRequest = byFrontend.get(frontend);
  if (!byRequest) byFrontend.set(frontend, (byRequest = new Map()));
  const key = requestKey(request);
  let decision = byRequest.get(key);
  if (!decision) byRequest.set(key, (decision = decide(config, frontend, request)));
  return decision;
}

/** One key per distinct request; method and path alone (what callers ask) without the cost of JSON. */
function requestKey({ path, method = 'GET', host, headers, query }: RouteRequest): string {
  if (host === undefined && headers === undefined && query === undefined) return `${method.length}:${method}${path}`;
  return JSON.stringify([path, method, host, headers, query]);
}

function decide(config: HaproxyConfig, frontend: HaproxyFrontend, request: RouteRequest): RouteDecision {
  const ctx: Ctx = { config, frontend, req: normalize(request) };
  let certain = !mayBeRewritten(ctx);
  for (const rule of frontend.useBackends) {
    const t = evalCondition(rule.condition, ctx);
    if (!t.certain) certain = false;
    if (t.value) {
      return {
        backend: rule.backend.value,
        rule,
        via: 'use_backend',
        // A %[…] name is resolved at run time; when it names no backend HAProxy uses default_backend.
        certain: certain && !rule.dynamic,
        source: rule.source,
      };
    }
  }
  if (frontend.defaultBackend) {
    return {
      backend: frontend.defaultBackend.value,
      rule: undefined,
      via: 'default_backend',
      certain,
      source: lineAt(config, frontend.defaultBackend.source),
    };
  }
  if (frontend.section === 'listen') {
    return { backend: frontend.name, rule: undefined, via: 'default_backend', certain, source: frontend.source };
  }
  return { backend: undefined, rule: undefined, via: 'none', certain, source: undefined };
}

/** One `http-request` rule of a proxy section, and whether it fires for a request. */
export interface HttpRequestAction {
  line: HaproxyLine;
  /** The action word: deny, auth, return, use-service, set-header … */
  action: string;
  fires: Truth;
}

/**
 * The `http-request` rules of a frontend (they run before use_backend) or of a backend (before the
 * request is forwarded), in order, each with whether its condition holds for the request.
 * Named ACLs are looked up in that same section.
 */
export function httpRequestActions(config: HaproxyConfig, proxy: HaproxyFrontend | HaproxyBackend, request: RouteRequest): HttpRequestAction[] {
  // aclsNamed() reads only `acls`, which backends have too.
  const ctx: Ctx = { config, frontend: proxy as HaproxyFrontend, req: normalize(request) };
  const actions: HttpRequestAction[] = [];
  for (const line of sectionOf(config, proxy)?.lines.slice(1) ?? []) {
    if (line.keyword !== 'http-request') continue;
    const condition = lineCondition(line, 1);
    actions.push({ line, action: line.args[0]?.value ?? '', fires: condition ? evalCondition(condition, ctx) : YES });
  }
  return actions;
}
