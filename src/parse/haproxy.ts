/**
 * haproxy.cfg → HaproxyConfig. Pure and total: every input yields a config
 * plus the problems HAProxy itself would report, with exact positions.
 *
 * Three stages: tokenizeLine() (haproxy-tokenize.ts) cuts each line into
 * words, splitSections() groups lines under their section header, and the
 * builders below turn frontend/backend/listen/defaults sections into the model.
 */
import type {
  Acl,
  HaproxyBackend,
  HaproxyConfig,
  HaproxyFrontend,
  HaproxyLine,
  HaproxySection,
  HaproxySectionType,
  Located,
  ParseProblem,
  Source,
  UseBackendRule,
} from '../model/types.ts';
import { parseAcl, parseCondition, spanOf } from './haproxy-acl.ts';
import {
  closestProxyKeyword,
  DIRECTIVES,
  NOT_IN_ANONYMOUS_DEFAULTS,
  NOT_IN_DEFAULTS,
  PROXY_KEYWORDS,
  REMOVED_PROXY_KEYWORDS,
} from './haproxy-keywords.ts';
import { applyDefaultServer, parseServer, type ServerDefaults } from './haproxy-server.ts';
import { tokenizeLine, type TokenizedLine } from './haproxy-tokenize.ts';

export const SECTION_KEYWORDS: ReadonlySet<HaproxySectionType> = new Set<HaproxySectionType>([
  'global', 'defaults', 'frontend', 'backend', 'listen', 'resolvers', 'peers', 'userlist', 'mailers', 'program',
  'http-errors', 'ring', 'cache', 'crt-store', 'traces', 'log-forward',
]);

/**
 * Sections docdrift does not model (and HaproxySectionType does not name):
 * their lines are skipped rather than read as part of the proxy above them.
 */
const UNMODELLED_SECTIONS: ReadonlySet<string> = new Set(['fcgi-app', 'log-profile', 'acme']);

/** HAProxy keeps at most 64 words per line (MAX_LINE_ARGS) and rejects longer lines. */
const MAX_LINE_WORDS = 64;

function isSectionKeyword(word: string): word is HaproxySectionType {
  return (SECTION_KEYWORDS as ReadonlySet<string>).has(word);
}

export function parseHaproxy(file: string, text: string): { config: HaproxyConfig; problems: ParseProblem[] } {
  const problems: ParseProblem[] = [];
  const config: HaproxyConfig = {
    file,
    sections: [],
    frontends: [],
    backends: [],
    resolvers: [],
    lineContinuations: [],
    suppressions: [],
  };
  try {
    splitSections(file, text, config, problems);
    buildProxies(config, problems);
  } catch (error) {
    // Defensive: a bug here must not take the whole run down; report it as a parse error.
    problems.push({
      kind: 'parse-error',
      message: `internal error while reading the HAProxy configuration: ${error instanceof Error ? error.message : String(error)}`,
      source: { file, line: 1, column: 1, endLine: 1, endColumn: 1 },
    });
  }
  problems.sort((a, b) => a.source.line - b.source.line || a.source.column - b.source.column);
  return { config, problems };
}

// ---------------------------------------------------------------------------
// Lines and sections
// ---------------------------------------------------------------------------

const SUPPRESSION = /^[#\s]*docdrift-ignore(?:\s+(.*))?$/;

/**
 * Rule ids of a `docdrift-ignore` comment, or undefined when the comment is
 * not one. Text after `--` is a reason; a bare `docdrift-ignore` silences every rule ('*').
 */
export function suppressionIds(comment: string): string[] | undefined {
  const m = SUPPRESSION.exec(comment);
  if (!m) return undefined;
  const ids: string[] = [];
  for (const id of (m[1] ?? '').split(/[\s,]+/)) {
    if (id === '--') break;
    if (id !== '') ids.push(id);
  }
  return ids.length > 0 ? ids : ['*'];
}

function splitSections(file: string, input: string, config: HaproxyConfig, problems: ParseProblem[]): void {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const rawLines = text.split('\n');
  if (text !== '' && !text.endsWith('\n')) {
    const line = rawLines.length;
    const column = rawLines[line - 1]!.length + 1;
    config.unterminatedLastLine = { file, line, column, endLine: line, endColumn: column };
  }
  let current: HaproxySection | undefined;
  let unmodelled = false;
  // Own-line `# docdrift-ignore` comments wait for the next line that has words; each keeps its own position.
  let pending: IgnoreComment[] = [];
  const suppress = ({ ruleIds, comment }: IgnoreComment, silenced: Source) => {
    config.suppressions.push({ ruleIds, source: silenced, comment });
  };

  for (let index = 0; index < rawLines.length; index++) {
    let raw = rawLines[index] as string;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    const lineNo = index + 1;
    const tokens = tokenizeLine(file, lineNo, raw, problems);
    if (tokens.continuation) config.lineContinuations.push(tokens.continuation);
    if (!tokens.span) continue;

    const [keywordWord, ...args] = tokens.words;
    const line: HaproxyLine = {
      keyword: keywordWord?.value ?? '',
      args,
      source: tokens.span,
      comment: tokens.comment?.text,
    };

    const ignore = ignoreComment(tokens.comment);
    if (keywordWord) {
      for (const waiting of pending) suppress(waiting, line.source);
      pending = [];
      if (ignore) suppress(ignore, line.source);
    } else if (ignore) {
      pending.push(ignore);
    }

    const extra = tokens.words[MAX_LINE_WORDS];
    if (extra) {
      problems.push({
        kind: 'parse-error',
        message: `too many words: HAProxy keeps at most ${MAX_LINE_WORDS} words per line and rejects this one`,
        source: extra.source,
      });
    }

    if (keywordWord && UNMODELLED_SECTIONS.has(keywordWord.value)) {
      current = undefined;
      unmodelled = true;
      continue;
    }
    if (keywordWord && isSectionKeyword(keywordWord.value)) {
      unmodelled = false;
      const name = args[0]?.value;
      current = {
        type: keywordWord.value,
        name: keywordWord.value === 'defaults' && name === 'from' ? undefined : name,
        source: line.source,
        lines: [line],
      };
      config.sections.push(current);
      continue;
    }
    if (current) {
      current.lines.push(line);
    } else if (unmodelled) {
      // A line of an fcgi-app, log-profile … section.
    } else if (keywordWord && keywordWord.value !== '' && !DIRECTIVES.has(keywordWord.value)) {
      problems.push({
        kind: 'parse-error',
        message: `keyword '${keywordWord.value}' outside of any section`,
        source: keywordWord.source,
      });
    }
  }
  // A trailing own-line suppression with nothing after it silences its own line.
  for (const waiting of pending) suppress(waiting, waiting.comment);
}

/** A `# docdrift-ignore` comment: the rules it names and where it is written. */
interface IgnoreComment {
  ruleIds: string[];
  comment: Source;
}

/**
 * The line's comment as a `# docdrift-ignore` comment, or undefined when it is not one. Only the
 * tokenizer's comment counts: a quoted or escaped `#` is part of a word, for HAProxy as for docdrift.
 */
function ignoreComment(comment: TokenizedLine['comment']): IgnoreComment | undefined {
  if (!comment) return undefined;
  const ruleIds = suppressionIds(comment.text);
  return ruleIds && { ruleIds, comment: comment.source };
}

// ---------------------------------------------------------------------------
// Proxies
// ---------------------------------------------------------------------------

/** What a `defaults` section hands down to the proxies that use it. */
interface DefaultsState {
  defaultBackend: Located<string> | undefined;
  balance: Located<string> | undefined;
  healthCheck: HealthCheck;
  defaultServer: ServerDefaults;
  /** The header of the named defaults section when it defines TCP/HTTP rules (http-request …). */
  rules: Source | undefined;
}

/** Nesting of `.if` blocks, carried across sections in file order. */
interface BlockDepth {
  depth: number;
}

/** Rules a named defaults section may define; proxies inheriting them are restricted. */
const RULE_KEYWORDS: ReadonlySet<string> = new Set(['http-request', 'http-response', 'http-after-response', 'tcp-request', 'tcp-response']);

/** Keywords whose lines may end with an if/unless condition (use_backend is read on its own). */
const CONDITION_KEYWORDS: ReadonlySet<string> = new Set([
  'http-request', 'http-response', 'http-after-response', 'tcp-request', 'tcp-response', 'redirect', 'use-server',
  'force-persist', 'ignore-persist', 'stick', 'monitor',
]);

/** `option httpchk` and `http-check send` are kept apart: the latter's uri wins. */
interface HealthCheck {
  optionUri: Located<string> | undefined;
  sendUri: Located<string> | undefined;
}

function freshDefaults(): DefaultsState {
  return {
    defaultBackend: undefined,
    balance: undefined,
    healthCheck: { optionUri: undefined, sendUri: undefined },
    defaultServer: { backup: undefined, resolvers: undefined },
    rules: undefined,
  };
}

function cloneDefaults(d: DefaultsState): DefaultsState {
  return { ...d, healthCheck: { ...d.healthCheck }, defaultServer: { ...d.defaultServer } };
}

/** HAProxy stops reading a line's arguments at the first empty one (`""`). */
function effectiveArgs(line: HaproxyLine): Located<string>[] {
  const end = line.args.findIndex((a) => a.value === '');
  return end < 0 ? line.args : line.args.slice(0, end);
}

/** `<keyword> <name> [from <defaults>]`: the named defaults section, when given. */
function fromDefaults(section: HaproxySection): Located<string> | undefined {
  const args = section.lines[0] ? effectiveArgs(section.lines[0]) : [];
  const fromIndex = section.type === 'defaults' && args[0]?.value === 'from' ? 0 : 1;
  return args[fromIndex]?.value === 'from' ? args[fromIndex + 1] : undefined;
}

function buildProxies(config: HaproxyConfig, problems: ParseProblem[]): void {
  let lastDefaults = freshDefaults();
  const blocks: BlockDepth = { depth: 0 };
  const namedDefaults = new Map<string, DefaultsState>();

  // Which kinds of proxy use each defaults section that defines rules.
  const usage = new WeakMap<DefaultsState, Set<string>>();
  /**
   * HAProxy 2.5+: a defaults section with TCP/HTTP rules may be inherited by
   * frontends or by backends, not both, and never by a listen or defaults section.
   */
  const checkRuleInheritance = (section: HaproxySection, parent: DefaultsState): void => {
    const rules = parent.rules;
    if (!rules) return;
    const where = `the defaults section on line ${rules.line} defines TCP/HTTP rules (http-request …)`;
    let message: string | undefined;
    if (section.type === 'listen' || section.type === 'defaults') {
      message = `a ${section.type} section cannot inherit from a defaults section that defines TCP/HTTP rules: ${where}`;
    } else {
      const kinds = usage.get(parent) ?? new Set<string>();
      usage.set(parent, kinds);
      const other = section.type === 'frontend' ? 'backend' : 'frontend';
      if (kinds.has(other)) message = `frontends and backends cannot inherit from the same defaults section when it defines TCP/HTTP rules: ${where}`;
      kinds.add(section.type);
    }
    if (message) problems.push({ kind: 'parse-error', message, source: section.source });
  };

  const inherited = (section: HaproxySection): DefaultsState => {
    const from = fromDefaults(section);
    if (!from) return section.type === 'defaults' ? freshDefaults() : lastDefaults;
    const found = namedDefaults.get(from.value);
    if (!found) {
      problems.push({ kind: 'parse-error', message: `defaults section '${from.value}' not found`, source: from.source });
      return freshDefaults();
    }
    return found;
  };

  for (const section of config.sections) {
    const header = section.lines[0];
    switch (section.type) {
      case 'defaults': {
        const parent = inherited(section);
        checkRuleInheritance(section, parent);
        const state = cloneDefaults(parent);
        state.rules = undefined;
        readProxyLines(section, state, undefined, undefined, problems, blocks);
        lastDefaults = state;
        if (section.name !== undefined) namedDefaults.set(section.name, state);
        break;
      }
      case 'frontend':
      case 'backend':
      case 'listen': {
        const parent = inherited(section);
        checkRuleInheritance(section, parent);
        const state = cloneDefaults(parent);
        const nameWord = header ? effectiveArgs(header)[0] : undefined;
        const name = nameWord?.value;
        if (nameWord === undefined) {
          problems.push({ kind: 'parse-error', message: `'${section.type}' expects a name`, source: section.source });
        } else {
          checkProxyName(section.type, nameWord, problems);
        }
        const frontend: HaproxyFrontend | undefined =
          section.type === 'backend'
            ? undefined
            : { name: name ?? '', section: section.type, source: section.source, binds: [], acls: [], useBackends: [], defaultBackend: undefined };
        const backend: HaproxyBackend | undefined =
          section.type === 'frontend'
            ? undefined
            : { name: name ?? '', section: section.type, source: section.source, balance: undefined, acls: [], servers: [], healthCheck: undefined };
        readProxyLines(section, state, frontend, backend, problems, blocks);
        if (frontend) {
          // Inherited from defaults unless the section has its own (the defaults line's source is kept).
          frontend.defaultBackend = state.defaultBackend;
          config.frontends.push(frontend);
        }
        if (backend) {
          backend.balance = state.balance;
          // Without `option httpchk` HAProxy ignores http-check rules (it warns) and checks stay TCP.
          const { optionUri, sendUri } = state.healthCheck;
          backend.healthCheck = optionUri ? (sendUri ?? optionUri) : undefined;
          config.backends.push(backend);
        }
        break;
      }
      case 'resolvers': {
        const nameWord = header ? effectiveArgs(header)[0] : undefined;
        if (nameWord) config.resolvers.push(nameWord);
        else problems.push({ kind: 'parse-error', message: "'resolvers' expects a name", source: section.source });
        break;
      }
      default:
        break;
    }
  }
}

/**
 * Read the lines of a defaults/frontend/backend/listen section. `frontend`
 * and `backend` are the halves the section has (both for listen, none for
 * defaults); settings that defaults pass down are written to `state`.
 */
function readProxyLines(
  section: HaproxySection,
  state: DefaultsState,
  frontend: HaproxyFrontend | undefined,
  backend: HaproxyBackend | undefined,
  problems: ParseProblem[],
  blocks: BlockDepth = { depth: 0 },
): void {
  const acls: Acl[] = [];
  for (let index = 1; index < section.lines.length; index++) {
    const line = section.lines[index] as HaproxyLine;
    const args = effectiveArgs(line);
    const keyword = (): Located<string> => ({
      value: line.keyword,
      source: { ...line.source, endColumn: line.source.column + line.keyword.length },
    });
    if (line.keyword === '.if') blocks.depth++;
    else if (line.keyword === '.endif') blocks.depth = Math.max(0, blocks.depth - 1);
    // Inside .if/.else blocks docdrift does not know which branch HAProxy keeps: no keyword check there.
    const misplaced = blocks.depth > 0 ? undefined : keywordProblem(section, line.keyword);
    if (misplaced) {
      problems.push({ kind: 'parse-error', message: misplaced, source: keyword().source });
      continue;
    }
    if (section.type === 'defaults' && RULE_KEYWORDS.has(line.keyword)) state.rules ??= section.source;
    switch (line.keyword) {
      case 'bind':
        if (frontend && args[0]) frontend.binds.push(args[0]);
        break;
      case 'acl': {
        // Named defaults sections may declare ACLs for their own rules; they are checked but not inherited.
        const [name, ...rest] = args;
        if (!name) {
          problems.push({ kind: 'parse-error', message: "'acl' expects an ACL name and a fetch method", source: line.source });
          break;
        }
        if (!/^[A-Za-z0-9_.:-]+$/.test(name.value)) {
          problems.push({
            kind: 'parse-error',
            message: `invalid ACL name '${name.value}': only letters, digits, '-', '_', '.' and ':' are allowed`,
            source: name.source,
          });
        }
        const acl = parseAcl(name.value, rest, line.source, problems);
        if (acl && (frontend || backend)) acls.push(acl);
        break;
      }
      case 'use_backend': {
        // In a backend HAProxy only warns that the rule is ignored; in defaults it is an error.
        if (!frontend) {
          if (section.type === 'defaults') {
            problems.push({ kind: 'parse-error', message: "'use_backend' is not allowed in a defaults section", source: line.source });
          }
          break;
        }
        const rule = parseUseBackend(keyword(), args, line.source, problems);
        if (rule) frontend.useBackends.push(rule);
        break;
      }
      case 'default_backend':
        if (!frontend && section.type !== 'defaults') {
          // HAProxy warns and ignores it in a backend.
        } else if (args[0]) {
          state.defaultBackend = args[0];
          const extra = args[1];
          if (extra) {
            problems.push({ kind: 'parse-error', message: `'default_backend' takes one backend name, unexpected argument '${extra.value}'`, source: extra.source });
          }
        } else {
          problems.push({ kind: 'parse-error', message: "'default_backend' expects a backend name", source: line.source });
        }
        break;
      case 'server':
      case 'server-template': {
        if (!backend) {
          problems.push({ kind: 'parse-error', message: `'${line.keyword}' is not allowed in a ${section.type} section`, source: line.source });
          break;
        }
        const server = parseServer(line.keyword, keyword(), args, line.source, state.defaultServer, problems);
        if (server) backend.servers.push(server);
        break;
      }
      case 'default-server':
        if (backend || section.type === 'defaults') applyDefaultServer(state.defaultServer, args);
        break;
      case 'balance':
        if ((backend || section.type === 'defaults') && args[0]) {
          const last = args[args.length - 1] as Located<string>;
          state.balance = { value: args.map((a) => a.value).join(' '), source: spanOf(args[0].source, last.source) };
        }
        break;
      case 'option':
        if (args[0]?.value === 'httpchk') {
          // option httpchk [<method>] <uri> [<version>]; bare: OPTIONS /
          const uriWord = args.length >= 3 ? args[2] : args[1];
          state.healthCheck.optionUri = uriWord ?? { value: '/', source: args[0].source };
        }
        break;
      case 'no':
        if (args[0]?.value === 'option' && args[1]?.value === 'httpchk') {
          state.healthCheck = { optionUri: undefined, sendUri: undefined };
        }
        break;
      case 'http-check':
        if (args[0]?.value === 'send') {
          const uriIndex = args.findIndex((a) => a.value === 'uri' || a.value === 'uri-lf');
          const uri = uriIndex >= 0 ? args[uriIndex + 1] : undefined;
          if (uri) state.healthCheck.sendUri = uri;
        }
        break;
      default:
        if (CONDITION_KEYWORDS.has(line.keyword)) {
          // Only use_backend conditions are kept in the model, but HAProxy reads every rule's condition.
          const at = args.findIndex((a) => a.value === 'if' || a.value === 'unless');
          if (at >= 0) parseCondition(args[at] as Located<string>, args.slice(at + 1), problems);
        }
        break;
    }
  }
  if (frontend) frontend.acls = acls;
  if (backend) backend.acls = acls.slice();
}

/**
 * Why HAProxy refuses a line starting with `keyword` in a proxy section, or
 * undefined when the keyword is allowed there. Keywords whose misuse needs
 * their arguments (use_backend or server in defaults …) are checked where they are read.
 */
function keywordProblem(section: HaproxySection, keyword: string): string | undefined {
  if (keyword === '' || DIRECTIVES.has(keyword)) return undefined;
  const removed = REMOVED_PROXY_KEYWORDS.get(keyword);
  if (removed) return `'${keyword}' ${removed}`;
  if (!PROXY_KEYWORDS.has(keyword)) {
    const hint = closestProxyKeyword(keyword);
    return `unknown keyword '${keyword}' in '${section.type}' section${hint ? `; did you mean '${hint}'?` : ''}`;
  }
  if (section.type !== 'defaults') return undefined;
  if (NOT_IN_ANONYMOUS_DEFAULTS.has(keyword) && section.name === undefined) {
    return `'${keyword}' is not allowed in an anonymous 'defaults' section (give the section a name and use it with 'from')`;
  }
  if (NOT_IN_DEFAULTS.has(keyword) && keyword !== 'use_backend' && keyword !== 'server' && keyword !== 'server-template') {
    return `'${keyword}' is not allowed in a 'defaults' section`;
  }
  return undefined;
}

/** HAProxy's invalid_char(): proxy names are letters, digits, '.', '-', '_' and ':'. */
function checkProxyName(type: string, name: Located<string>, problems: ParseProblem[]): void {
  const bad = /[^A-Za-z0-9._:-]/.exec(name.value);
  if (bad) {
    problems.push({
      kind: 'parse-error',
      message: `character '${bad[0]}' is not permitted in ${type} name '${name.value}': only letters, digits, '-', '_', '.' and ':' are allowed`,
      source: name.source,
    });
  }
}

function parseUseBackend(keyword: Located<string>, args: Located<string>[], source: Source, problems: ParseProblem[]): UseBackendRule | undefined {
  const [backendWord, polarity, ...conditionWords] = args;
  if (!backendWord) {
    problems.push({ kind: 'parse-error', message: "'use_backend' expects a backend name", source: keyword.source });
    return undefined;
  }
  let condition: UseBackendRule['condition'];
  if (polarity) {
    if (polarity.value === 'if' || polarity.value === 'unless') {
      condition = parseCondition(polarity, conditionWords, problems);
    } else {
      problems.push({
        kind: 'parse-error',
        message: `unexpected keyword '${polarity.value}' after use_backend: only 'if' and 'unless' are allowed`,
        source: polarity.source,
      });
    }
  }
  return { backend: backendWord, dynamic: backendWord.value.includes('%['), condition, source };
}
