/**
 * ACL definitions and if/unless conditions, parsed the way HAProxy's acl.c
 * reads them (configuration.txt 7.1 and 7.2).
 */
import type { Acl, Condition, ConditionTerm, Located, ParseProblem, Source } from '../model/types.ts';
import { regexProblem } from './haproxy-regex.ts';

/** The values `-m` accepts. */
export const MATCH_METHODS: ReadonlySet<string> = new Set([
  'found', 'bool', 'int', 'ip', 'bin', 'len', 'str', 'sub', 'reg', 'beg', 'end', 'dir', 'dom',
]);

/** From the start of one source to the end of another (both on the same file). */
export function spanOf(first: Source, last: Source): Source {
  return { file: first.file, line: first.line, column: first.column, endLine: last.endLine, endColumn: last.endColumn };
}

export interface FetchCall {
  name: string;
  args: string[];
}

/** `hdr(host),lower` → fetch {name: 'hdr', args: ['host']} and converters [{name: 'lower', args: []}]. */
export interface ParsedFetch {
  fetch: FetchCall;
  converters: FetchCall[];
}

/** Split a sample expression on top-level commas and read each `name(arg,…)`; quotes inside parentheses are removed. */
export function parseFetch(expr: string): ParsedFetch {
  const calls: FetchCall[] = [];
  let i = 0;
  for (;;) {
    let name = '';
    while (i < expr.length && expr[i] !== '(' && expr[i] !== ',') name += expr[i++];
    const args: string[] = [];
    if (expr[i] === '(') {
      i++;
      let depth = 1;
      let arg = '';
      let quote: string | undefined;
      while (i < expr.length) {
        const c = expr[i++] as string;
        if (quote) {
          if (c === quote) quote = undefined;
          else if (c === '\\' && i < expr.length) arg += expr[i++];
          else arg += c;
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '\\' && i < expr.length) arg += expr[i++];
        else if (c === '(') {
          depth++;
          arg += c;
        } else if (c === ')') {
          if (--depth === 0) break;
          arg += c;
        } else if (c === ',' && depth === 1) {
          args.push(arg);
          arg = '';
        } else arg += c;
      }
      args.push(arg);
      // Anything between ')' and the next converter is ignored.
      while (i < expr.length && expr[i] !== ',') i++;
    }
    calls.push({ name, args });
    if (expr[i] !== ',') break;
    i++;
  }
  const [fetch = { name: '', args: [] }, ...converters] = calls;
  return { fetch, converters };
}

/** Fetches whose `_beg`/`_end`… suffix is part of the name, not a match method. */
const SUFFIX_EXCEPTIONS = new Set(['wait_end', 'req.body_len', 'res.body_len', 'body_len', 'req_len']);
const BOOL_FETCHES = new Set([
  'always_true', 'always_false', 'req.proto_http', 'req_proto_http', 'http_first_req', 'wait_end', 'ssl_fc', 'ssl_c_used',
  'ssl_fc_has_crt', 'ssl_fc_has_sni', 'ssl_fc_is_resumed', 'src_is_local', 'dst_is_local', 'srv_is_up', 'stopping',
  'sc_tracked', 'sc0_tracked', 'sc1_tracked', 'sc2_tracked',
]);
const IP_FETCHES = new Set(['src', 'dst', 'hdr_ip', 'req.hdr_ip', 'url_ip']);
const STRING_FETCHES = new Set([
  'path', 'url', 'uri', 'base', 'pathq', 'baseq', 'query', 'hdr', 'req.hdr', 'res.hdr', 'shdr', 'req.fhdr', 'res.fhdr',
  'urlp', 'url_param', 'cook', 'req.cook', 'res.cook', 'scook', 'req.ver', 'req_ver', 'res.ver', 'req.ssl_sni',
  'req_ssl_sni', 'ssl_fc_sni', 'ssl_fc_alpn', 'ssl_fc_npn', 'http_auth_user', 'http_auth_pass', 'http_auth_type',
  'capture.req.uri', 'capture.req.method', 'capture.req.ver', 'unique-id', 'req.body_param', 'env', 'str',
  // Names the int rule below would catch by their prefix.
  'be_name', 'fe_name', 'fe_defbe', 'srv_name', 'so_name',
]);
const INT_FETCHES = new Set(['queue', 'avg_queue', 'connslots', 'status', 'req.len', 'req_len', 'res.len', 'date', 'rand', 'int', 'nbproc', 'thread']);
const BOOL_CONVERTERS = new Set(['bool', 'not', 'odd', 'even']);
const INT_CONVERTERS = new Set([
  'add', 'sub', 'mul', 'div', 'mod', 'neg', 'and', 'or', 'xor', 'cpl', 'length', 'strcmp', 'secure_memcmp', 'crc32',
  'crc32c', 'djb2', 'sdbm', 'wt6', 'xxh32', 'xxh64', 'xxh3', 'bytes_to_int', 'word_count',
]);

/**
 * The match method HAProxy uses when the acl has no `-m`: the one implied by
 * an ACL keyword (`path_beg` → beg), else the default for the output type of
 * the fetch or its last converter. undefined when the type is unknown.
 */
export function deriveMatchMethod(fetchExpr: string): string | undefined {
  const { fetch, converters } = parseFetch(fetchExpr);
  const last = converters[converters.length - 1];
  if (last) {
    // "the default matching method from the ACL keyword is simply ignored" after a converter.
    if (BOOL_CONVERTERS.has(last.name)) return 'bool';
    if (INT_CONVERTERS.has(last.name) || /^map_.*_int$/.test(last.name)) return 'int';
    if (/^map_.*_ip$/.test(last.name) || last.name === 'ipmask') return 'ip';
    return 'str';
  }
  const name = fetch.name;
  if (name === 'method') return 'meth';
  if (BOOL_FETCHES.has(name)) return 'bool';
  if (IP_FETCHES.has(name)) return 'ip';
  if (STRING_FETCHES.has(name)) return 'str';
  const derived = /^(.+)_(beg|end|sub|dir|dom|reg|len)$/.exec(name);
  if (derived && !SUFFIX_EXCEPTIONS.has(name)) return derived[2];
  if (name === 'nbsrv' || /(_cnt|_val|_len|_size|_rate|_conn|_port|_cur|_ratio)$/.test(name) || /^(sc\d*|src|be|fe|srv)_/.test(name)) {
    return 'int';
  }
  if (INT_FETCHES.has(name)) return 'int';
  return undefined;
}

/**
 * Whether a fetch without -m surely matches integers: an ACL keyword ending
 * in _len, or an integer fetch whose name says so. Prefix-only guesses
 * (be_*, sc_* …) are left out so that a fetch docdrift misjudges is never reported.
 */
function surelyInteger(fetchExpr: string): boolean {
  const { fetch, converters } = parseFetch(fetchExpr);
  if (converters.length > 0) return false;
  return INT_FETCHES.has(fetch.name) || (!SUFFIX_EXCEPTIONS.has(fetch.name) && /_(len|cnt|val|rate|cur|port)$/.test(fetch.name));
}

const INT_OPERATORS = new Set(['eq', 'ge', 'gt', 'le', 'lt']);

/** Why pat_parse_int() refuses an integer pattern, or undefined when it takes it. */
export function intPatternProblem(pattern: string): string | undefined {
  if (INT_OPERATORS.has(pattern)) return undefined;
  const sep = pattern.search(/[:-]/);
  if (sep < 0) return /^\d+$/.test(pattern) ? undefined : 'is not a number';
  const low = pattern.slice(0, sep);
  const high = pattern.slice(sep + 1);
  const digits = (t: string): boolean => /^\d+$/.test(t);
  if (low === '' && high === '') return 'is not a valid number range';
  if ((low !== '' && !digits(low)) || (high !== '' && !digits(high))) return 'is not a valid number range';
  if (low !== '' && high !== '' && BigInt(low) > BigInt(high)) return 'is not a valid number range';
  return undefined;
}

/**
 * Read `<criterion> [flags] [patterns…]` (the words after the acl name, or
 * inside `{ }`). Problems are the ones HAProxy would reject the line for.
 */
export function parseAcl(name: string, words: Located<string>[], source: Source, problems: ParseProblem[]): Acl | undefined {
  const criterion = words[0];
  if (!criterion) {
    problems.push({ kind: 'parse-error', message: `missing fetch method in ACL expression${name ? ` '${name}'` : ''}`, source });
    return undefined;
  }
  const flags: string[] = [];
  let method: string | undefined;
  let k = 1;
  // Flags are only read before the first pattern; afterwards '-i' is a pattern.
  while (k < words.length) {
    const word = words[k] as Located<string>;
    const w = word.value;
    if (!w.startsWith('-')) break;
    k++;
    if (w === '--') {
      flags.push(w);
      break;
    }
    if (w === '-i' || w === '-n' || w === '-M') {
      flags.push(w);
      continue;
    }
    if (w === '-f' || w === '-m' || w === '-u') {
      const arg = words[k];
      if (!arg) {
        problems.push({ kind: 'parse-error', message: `ACL option '${w}' expects an argument`, source: word.source });
        flags.push(w);
        break;
      }
      k++;
      flags.push(`${w} ${arg.value}`);
      if (w === '-m') {
        if (!MATCH_METHODS.has(arg.value)) {
          problems.push({ kind: 'parse-error', message: `unknown matching method '${arg.value}' in ACL expression`, source: arg.source });
        }
        method = arg.value; // several -m: the last one wins (the docs forbid it; haproxy issue #3060)
      }
      continue;
    }
    problems.push({
      kind: 'parse-error',
      message: `'${w}' is not a valid ACL option; use '--' before any pattern beginning with a '-'`,
      source: word.source,
    });
    flags.push(w);
  }
  const matchMethod = method ?? deriveMatchMethod(criterion.value);
  const patterns = words.slice(k);
  if ((matchMethod === 'int' || matchMethod === 'len') && (method !== undefined || surelyInteger(criterion.value))) {
    // pat_parse_int(): the operators, N, N:M / N-M, :M, N: — anything else makes HAProxy refuse the ACL.
    for (const pattern of patterns) {
      const reason = intPatternProblem(pattern.value);
      if (reason) problems.push({ kind: 'parse-error', message: `'${pattern.value}' ${reason} (integer match)`, source: pattern.source });
    }
  }
  if (matchMethod === 'reg') {
    // HAProxy compiles every regex when it reads the line and refuses the ACL when one is invalid.
    for (const pattern of patterns) {
      const reason = regexProblem(pattern.value);
      if (reason) problems.push({ kind: 'parse-error', message: `invalid regex '${pattern.value}': ${reason}`, source: pattern.source });
    }
  }
  return { name, fetch: criterion.value, flags, matchMethod, patterns, source };
}

/** Strip the leading '!' characters of a word, keeping a precise source when the word was written plainly. */
function stripBangs(word: Located<string>): { negations: number; rest: Located<string> } {
  let n = 0;
  while (word.value[n] === '!') n++;
  if (n === 0) return { negations: 0, rest: word };
  const plain = word.source.endLine === word.source.line && word.source.endColumn - word.source.column === word.value.length;
  const source = plain ? { ...word.source, column: word.source.column + n } : word.source;
  return { negations: n, rest: { value: word.value.slice(n), source } };
}

/**
 * Parse the words after `if`/`unless`: implicit AND, `or`/`||` (any case for
 * `or`), `!` negation (alone or as a prefix, toggling), anonymous `{ … }` ACLs.
 * Empty AND-groups are dropped: HAProxy never lets them match.
 */
export function parseCondition(polarityWord: Located<string>, words: Located<string>[], problems: ParseProblem[]): Condition {
  const polarity = polarityWord.value === 'unless' ? 'unless' : 'if';
  const groups: ConditionTerm[][] = [[]];
  let negated = false;
  for (let i = 0; i < words.length; i++) {
    const { negations, rest } = stripBangs(words[i] as Located<string>);
    if (negations % 2 === 1) negated = !negated;
    const v = rest.value;
    if (v === '') continue;
    if (v.toLowerCase() === 'or' || v === '||') {
      groups.push([]);
      negated = false;
      continue;
    }
    let term: ConditionTerm;
    if (v === '{') {
      let close = i + 1;
      while (close < words.length && (words[close] as Located<string>).value !== '}') close++;
      const closing = words[close];
      if (!closing) {
        problems.push({ kind: 'parse-error', message: "missing closing '}' in condition", source: (words[i] as Located<string>).source });
        break;
      }
      const acl = parseAcl('', words.slice(i + 1, close), spanOf((words[i] as Located<string>).source, closing.source), problems);
      i = close;
      if (!acl) continue;
      term = { negated, acl: { kind: 'anonymous', acl } };
    } else {
      term = { negated, acl: { kind: 'named', name: rest } };
    }
    (groups[groups.length - 1] as ConditionTerm[]).push(term);
    negated = false;
  }
  const last = words[words.length - 1];
  return {
    polarity,
    anyOf: groups.filter((g) => g.length > 0),
    source: last ? spanOf(polarityWord.source, last.source) : polarityWord.source,
  };
}
