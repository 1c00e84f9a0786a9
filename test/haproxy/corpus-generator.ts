/**
 * Deterministic haproxy.cfg generators for the differential tests: a seeded
 * PRNG (mulberry32) drives every choice, so a seed always yields the same
 * configs and a disagreement can be reproduced from its name alone.
 *
 * - parserCorpus(): configs that exercise the parser's edge cases (quoting,
 *   escapes, comments, ACL flags and match methods, conditions with !, or,
 *   ||, anonymous ACLs, use_backend if/unless, default_backend,
 *   server-template, backup …), about half of them broken on purpose in one
 *   or two ways (unknown keyword, undefined backend or ACL, bad -m, broken
 *   quote, line continuation …). Whether a config is valid is never decided
 *   here: `haproxy -c` is the judge.
 * - routingConfigs(): valid configs whose use_backend rules route the
 *   Synapse request matrix to several backends.
 */

/** mulberry32: small, fast, good enough for test data; a 32-bit seed. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [low, high]. */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Up to `n` distinct items, in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, n);
  }
}

export interface GeneratedConfig {
  name: string;
  text: string;
  /** What went into it, for the report ("quoting", "mutation:unknown-keyword" …). */
  features: string[];
}

// ---------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------

const BACKEND_NAMES = ['app', 'api', 'static', 'be-1', 'be_2', 'media.workers', 'sync:pool', 'main'];
const ACL_NAMES = ['is_api', 'is-static', 'host.ok', 'm:get', 'a1', 'sync', 'is_media', 'TRUE_x', 'Upper_Case'];
const PREDEFINED = ['METH_GET', 'METH_POST', 'HTTP', 'TRUE', 'FALSE', 'HTTP_1.1', 'HTTP_URL_SLASH', 'METH_PUT'];

const PATH_PATTERNS = ['/api', '/_matrix/client', '/static/', '/_matrix/client/v3/sync', '.png', 'v3', '/_synapse/admin', '/.well-known/matrix'];
const REGEXES = ['^/api/', 'sync$', '^/_matrix/client/(r0|v3)/sync$', '\\.png$', '^/[a-z]+/\\d+$', '^/_matrix/(client|federation)/', '(?i)^/STATIC'];
const HOSTS = ['example.org', 'matrix.example.org', 'www.example.com', 'localhost'];

/** Write a pattern the way a person might: plain, quoted, escaped. */
function spell(rng: Rng, value: string, features: Set<string>): string {
  if (/[\s#"'\\]/.test(value)) {
    features.add('quoting');
    return rng.chance(0.5) ? `"${value.replace(/(["\\])/g, '\\$1')}"` : `'${value}'`;
  }
  const style = rng.int(0, 9);
  if (style === 0) {
    features.add('quoting');
    // HAProxy expands $NAME inside double quotes: a '$' before a non-name character is an error unless escaped.
    if (value.includes('$')) {
      features.add('dollar-in-double-quotes');
      return rng.chance(0.6) ? `"${value.replace(/\$/g, '\\$')}"` : `"${value}"`;
    }
    return `"${value}"`;
  }
  if (style === 1) {
    features.add('quoting');
    return `'${value}'`;
  }
  if (style === 2 && value.includes('/')) {
    features.add('escapes');
    return value.replace('/', '\\x2f');
  }
  if (style === 3 && value.length > 2) {
    features.add('quoting');
    return `${value.slice(0, 1)}"${value.slice(1, -1)}"${value.slice(-1)}`;
  }
  return value;
}

/** The words after an ACL name (or inside `{ }`): fetch, flags, patterns. */
function aclBody(rng: Rng, features: Set<string>): string {
  const kind = rng.int(0, 11);
  const icase = rng.chance(0.3) ? ' -i' : '';
  if (icase) features.add('flag:-i');
  const patterns = (pool: readonly string[], max = 3): string =>
    rng.sample(pool, rng.int(1, max)).map((p) => spell(rng, p, features)).join(' ');
  switch (kind) {
    case 0:
    case 1: {
      const fetch = rng.pick(['path', 'path_beg', 'path_end', 'path_sub', 'path_dir', 'url_beg', 'base_beg']);
      if (rng.chance(0.2)) {
        features.add('flag:--');
        return `${fetch}${icase} -- -x ${patterns(PATH_PATTERNS, 2)}`;
      }
      return `${fetch}${icase} ${patterns(PATH_PATTERNS)}`;
    }
    case 2:
      features.add('regex');
      return `path_reg${icase} ${patterns(REGEXES, 2)}`;
    case 3: {
      const method = rng.pick(['str', 'beg', 'end', 'sub', 'dir', 'dom', 'reg']);
      features.add(`-m ${method}`);
      const pool = method === 'reg' ? REGEXES : PATH_PATTERNS;
      return `path -m ${method}${icase} ${patterns(pool)}`;
    }
    case 4: {
      const fetch = rng.pick(['hdr(host)', 'hdr_dom(host)', 'hdr_beg(host)', 'hdr_end(host)', 'req.hdr(host),lower', 'hdr(Host,1)']);
      features.add('host');
      return `${fetch} -i ${patterns(HOSTS)}`;
    }
    case 5:
      features.add('method');
      return rng.chance(0.5) ? `method ${rng.sample(['GET', 'HEAD', 'POST', 'PUT', 'DELETE'], rng.int(1, 3)).join(' ')}` : `method -i ${rng.pick(['post', 'patch', 'get'])}`;
    case 6: {
      features.add('-m int');
      const ints = [
        `hdr_cnt(x-foo) ${rng.pick(['gt 0', 'eq 1', 'ge 2', '1:3', '0'])}`,
        `req.hdr_val(content-length) ${rng.pick(['ge 10', 'lt 5', '1:100', '5:', ':9', '3-4'])}`,
        `path_len ${rng.pick(['1:20', 'gt 30', '12'])}`,
        `path -m len ${rng.pick(['lt 10', '5:40', 'ge 1'])}`,
        `path,length -m int ${rng.pick(['gt 3', '10'])}`,
      ];
      return rng.pick(ints);
    }
    case 7:
      features.add('-m found');
      return rng.pick(['req.hdr(authorization) -m found', 'url_param(access_token) -m found', 'hdr(x-foo) -m found', 'query -m found']);
    case 8:
      features.add('url_param');
      return rng.pick([`url_param(token) -m str${icase} abc`, `urlp(room) -m beg${icase} !x`, `url_param(v) 1 2 3`, 'query -m sub access_token=']);
    case 9:
      features.add('-m bool');
      return rng.pick(['always_true', 'always_false', 'always_true -m bool', 'hdr_cnt(x-foo) -m bool']);
    case 10:
      features.add('converters');
      return rng.pick([`path,lower -m beg ${spell(rng, '/api', features)}`, 'req.hdr(host),lower,word(1,.) -m str matrix', 'path,field(2,/) -m str _matrix']);
    default:
      features.add('flags');
      return `path_beg -i -m beg ${patterns(PATH_PATTERNS)}`;
  }
}

/** A condition over the ACL names declared so far (plus predefined and anonymous ones). */
function condition(rng: Rng, declared: readonly string[], features: Set<string>): string {
  const polarity = rng.chance(0.75) ? 'if' : 'unless';
  features.add(polarity);
  const groups: string[] = [];
  const groupCount = rng.chance(0.35) ? rng.int(2, 3) : 1;
  for (let g = 0; g < groupCount; g++) {
    const terms: string[] = [];
    const termCount = rng.int(1, 3);
    for (let t = 0; t < termCount; t++) {
      let term: string;
      const r = rng.next();
      if (declared.length > 0 && r < 0.55) term = rng.pick(declared);
      else if (r < 0.75) {
        features.add('predefined-acl');
        term = rng.pick(PREDEFINED);
      } else {
        features.add('anonymous-acl');
        term = `{ ${aclBody(rng, features)} }`;
      }
      const neg = rng.int(0, 9);
      if (neg === 0) {
        features.add('negation');
        term = `!${term}`;
      } else if (neg === 1) {
        features.add('negation');
        term = `! ${term}`;
      } else if (neg === 2) {
        features.add('negation');
        term = `!!${term}`;
      }
      terms.push(term);
    }
    groups.push(terms.join(' '));
  }
  const joiner = (): string => {
    const word = rng.pick(['or', '||', 'OR', 'or']);
    features.add(word === '||' ? 'or:||' : 'or');
    return ` ${word} `;
  };
  let text = groups[0] as string;
  for (const group of groups.slice(1)) text += joiner() + group;
  return `${polarity} ${text}`;
}

interface Section {
  header: string;
  lines: string[];
}

function render(sections: Section[], rng: Rng, features: Set<string>): string {
  const out: string[] = [];
  for (const section of sections) {
    if (rng.chance(0.3)) {
      features.add('comments');
      out.push(`# ${section.header.split(' ')[0]} section`);
    }
    out.push(section.header);
    for (const line of section.lines) {
      const indent = rng.pick(['    ', '  ', '\t', '        ']);
      if (rng.chance(0.1)) {
        features.add('comments');
        out.push(`${indent}${line}  # trailing comment with "quotes" and a \\ backslash`);
      } else {
        out.push(`${indent}${line}`);
      }
    }
    out.push('');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------
// Parser corpus
// ---------------------------------------------------------------------------

type Mutation = (sections: Section[], rng: Rng) => boolean;

function proxyLines(sections: Section[], prefix: string): { section: Section; index: number }[] {
  return sections.flatMap((section) =>
    /^(frontend|backend|listen|defaults)/.test(section.header)
      ? section.lines.flatMap((line, index) => (line.startsWith(prefix) ? [{ section, index }] : []))
      : [],
  );
}

function mutateLine(sections: Section[], rng: Rng, prefix: string, change: (line: string) => string | undefined): boolean {
  const candidates = proxyLines(sections, prefix);
  if (candidates.length === 0) return false;
  const { section, index } = rng.pick(candidates);
  const changed = change(section.lines[index] as string);
  if (changed === undefined) return false;
  section.lines[index] = changed;
  return true;
}

const TYPOS: Record<string, string[]> = {
  acl: ['acll', 'ACL', 'acl:'],
  use_backend: ['use-backend', 'use_backen', 'usebackend'],
  default_backend: ['defualt_backend', 'default-backend'],
  server: ['sever', 'servers'],
  balance: ['blance', 'balanse'],
  bind: ['bnd', 'binds'],
  'http-request': ['http_request', 'http-requests'],
  timeout: ['timeuot', 'time-out'],
};

/** Mutations: each returns false when the config has nothing to break that way. */
const MUTATIONS: Record<string, Mutation> = {
  'unknown-keyword': (sections, rng) => {
    const keyword = rng.pick(Object.keys(TYPOS));
    return mutateLine(sections, rng, `${keyword} `, (line) => `${rng.pick(TYPOS[keyword] as string[])}${line.slice(keyword.length)}`);
  },
  'made-up-keyword': (sections, rng) => {
    const proxies = sections.filter((s) => /^(frontend|backend|listen)/.test(s.header));
    if (proxies.length === 0) return false;
    const section = rng.pick(proxies);
    section.lines.splice(rng.int(0, section.lines.length), 0, rng.pick(['frobnicate on', 'option-x yes', 'maxconnections 10', 'reqadd X-Foo:\\ bar', 'rspdel ^Server:', 'enable-h3']));
    return true;
  },
  'undefined-backend': (sections, rng) =>
    mutateLine(sections, rng, rng.pick(['use_backend ', 'default_backend ']), (line) => {
      const [keyword, , ...rest] = line.split(' ');
      return [keyword, rng.pick(['nosuch', 'App', 'be-01', 'api_']), ...rest].join(' ');
    }),
  'undefined-acl': (sections, rng) =>
    mutateLine(sections, rng, 'use_backend ', (line) => {
      const m = / (if|unless) /.exec(line);
      if (!m) return undefined;
      return `${line.slice(0, m.index + m[0].length)}${rng.pick(['is_nope', 'is_Api', 'typo_acl'])} ${line.slice(m.index + m[0].length)}`;
    }),
  'acl-after-use': (sections, rng) => {
    const frontends = sections.filter((s) => /^(frontend|listen)/.test(s.header));
    if (frontends.length === 0) return false;
    const section = rng.pick(frontends);
    const aclIndex = section.lines.findIndex((l) => l.startsWith('acl '));
    const useIndex = section.lines.findIndex((l) => / (if|unless) /.test(l) && !l.startsWith('acl '));
    if (aclIndex < 0 || useIndex < 0 || useIndex < aclIndex) return false;
    const name = (section.lines[aclIndex] as string).split(' ')[1] as string;
    if (!(section.lines[useIndex] as string).includes(name)) return false;
    const [acl] = section.lines.splice(aclIndex, 1);
    section.lines.push(acl as string);
    return true;
  },
  'bad-match-method': (sections, rng) =>
    mutateLine(sections, rng, 'acl ', (line) => {
      const words = line.split(' ');
      words.splice(3, 0, '-m', rng.pick(['begin', 'regex', 'exact', 'Beg', '']));
      return words.join(' ');
    }),
  'bad-flag': (sections, rng) =>
    mutateLine(sections, rng, 'acl ', (line) => {
      const words = line.split(' ');
      words.splice(3, 0, rng.pick(['-I', '-x', '-mbeg', '-']));
      return words.join(' ');
    }),
  'unmatched-quote': (sections, rng) =>
    mutateLine(sections, rng, rng.pick(['acl ', 'use_backend ', 'http-request ']), (line) => `${line} ${rng.pick(['"/open', "'/open", 'x"y'])}`),
  'bad-hex-escape': (sections, rng) => mutateLine(sections, rng, 'acl ', (line) => `${line} /a\\x${rng.pick(['4', 'zz', 'g1'])}`),
  'unclosed-brace': (sections, rng) =>
    mutateLine(sections, rng, rng.pick(['use_backend ', 'http-request ']), (line) => (line.includes(' { ') ? line.replace(/ \}(?!.* \})/, '') : `${line.includes(' if ') || line.includes(' unless ') ? line : `${line} if`} { path_beg /x`)),
  'bad-anonymous-acl': (sections, rng) =>
    mutateLine(sections, rng, rng.pick(['use_backend ', 'http-request ']), (line) =>
      / (if|unless) /.test(line) ? `${line} { ${rng.pick(['path -m nope /x', 'path_beg -z /x', 'path_reg ^(', 'hdr_cnt(x) abc'])} }` : undefined,
    ),
  'empty-braces': (sections, rng) => mutateLine(sections, rng, rng.pick(['use_backend ', 'http-request ']), (line) => (/ (if|unless) /.test(line) ? `${line} { }` : `${line} if { }`)),
  'brace-without-space': (sections, rng) => mutateLine(sections, rng, 'use_backend ', (line) => (/ (if|unless) /.test(line) ? `${line} {path_beg /x}` : undefined)),
  'line-continuation': (sections, rng) =>
    mutateLine(sections, rng, rng.pick(['acl ', 'use_backend ', 'http-request ']), (line) => {
      const words = line.split(' ');
      if (words.length < 4) return undefined;
      const cut = rng.int(2, words.length - 1);
      return `${words.slice(0, cut).join(' ')} \\\n        ${words.slice(cut).join(' ')}`;
    }),
  // Only where docdrift reads the extra '\' word: an ACL pattern, an ACL name in a condition, a second backend name.
  'trailing-backslash': (sections, rng) => mutateLine(sections, rng, rng.pick(['acl ', 'use_backend ', 'default_backend ']), (line) => `${line} \\`),
  'bad-server-template': (sections, rng) =>
    mutateLine(sections, rng, 'server-template ', (line) => {
      const words = line.split(' ');
      words[2] = rng.pick(['0', '5-2', 'x', '-3', '1-']);
      return words.join(' ');
    }),
  'server-missing-address': (sections, rng) => mutateLine(sections, rng, 'server ', (line) => line.split(' ').slice(0, 2).join(' ')),
  'too-many-words': (sections, rng) =>
    mutateLine(sections, rng, 'acl ', (line) => `${line} ${Array.from({ length: rng.int(60, 66) }, (_, i) => `/p${i}`).join(' ')}`),
  'bad-acl-name': (sections, rng) =>
    mutateLine(sections, rng, 'acl ', (line) => {
      const words = line.split(' ');
      const name = words[1] as string;
      const bad = `${name}${rng.pick(['/x', '!', '(1)', '*'])}`;
      for (const section of sections) section.lines = section.lines.map((l) => l.split(' ').map((w) => (w === name ? bad : w)).join(' '));
      return line.split(' ').map((w) => (w === name ? bad : w)).join(' ');
    }),
  'bad-proxy-name': (sections, rng) => {
    const backends = sections.filter((s) => s.header.startsWith('backend '));
    if (backends.length === 0) return false;
    const section = rng.pick(backends);
    const name = section.header.split(' ')[1] as string;
    const bad = `${name}${rng.pick(['/x', '!', '\\ y', '*'])}`;
    section.header = `backend ${bad}`;
    for (const other of sections) other.lines = other.lines.map((l) => l.split(' ').map((w) => (w === name ? bad : w)).join(' '));
    return true;
  },
  'bad-polarity': (sections, rng) => mutateLine(sections, rng, 'use_backend ', (line) => line.replace(/ (if|unless) /, ` ${rng.pick(['when', 'If', 'iff'])} `)),
  'default-backend-extra-arg': (sections, rng) => mutateLine(sections, rng, 'default_backend ', (line) => `${line} ${rng.pick(['app', 'extra', 'if'])}`),
  'acl-in-anonymous-defaults': (sections, rng) => {
    const defaults = sections.find((s) => s.header === 'defaults');
    if (!defaults) return false;
    defaults.lines.push(rng.pick(['acl d path /x', 'http-request deny if { path /x }', 'tcp-request content accept']));
    return true;
  },
  'int-pattern': (sections, rng) =>
    mutateLine(sections, rng, 'acl ', (line) => `${line.split(' ').slice(0, 2).join(' ')} ${rng.pick(['hdr_cnt(host)', 'path_len', 'req.hdr_val(x-n)'])} ${rng.pick(['x', '1:2:3', '10:5', '+5', '5.5', ':', '3-4', '7:'])}`),
  'invalid-regex': (sections, rng) => mutateLine(sections, rng, 'acl ', (line) => `${line.split(' ').slice(0, 2).join(' ')} path_reg ${rng.pick(['^/(x', '[a-', '*x', 'a{2,1}', '(?<n>a)(?<n>b)', '\\', 'x)'])}`),
};

function buildParserConfig(rng: Rng, features: Set<string>): Section[] {
  const sections: Section[] = [];
  if (rng.chance(0.4)) {
    sections.push({ header: 'global', lines: rng.sample(['maxconn 1000', 'log stdout format raw local0 info', 'nbthread 1', 'tune.bufsize 32768'], rng.int(1, 3)) });
  }
  const named = rng.chance(0.15);
  const defaultsLines = ['mode http', 'timeout connect 5s', 'timeout client 30s', 'timeout server 30s'];
  if (rng.chance(0.3)) defaultsLines.push('default-server inter 2s fall 3');
  if (rng.chance(0.15)) defaultsLines.push('option httplog');
  if (named) {
    features.add('named-defaults');
    defaultsLines.push('acl is_post method POST', 'http-request set-header X-Post 1 if is_post');
  }
  sections.push({ header: named ? 'defaults base' : 'defaults', lines: defaultsLines });
  // Frontends use `from base`; backends inherit the last defaults section, which must not be the
  // one with rules (HAProxy refuses frontends and backends sharing it), except now and then.
  if (named && rng.chance(0.75)) sections.push({ header: 'defaults', lines: defaultsLines.slice(0, 4) });

  const backends = rng.sample(BACKEND_NAMES, rng.int(1, 4));
  const useListen = rng.chance(named ? 0.05 : 0.2);
  const frontendCount = rng.chance(0.25) ? 2 : 1;
  for (let f = 0; f < frontendCount; f++) {
    const lines: string[] = [`bind 127.0.0.1:${8000 + f}`];
    const declared: string[] = [];
    const aclCount = rng.int(0, 6);
    for (let a = 0; a < aclCount; a++) {
      const name = rng.chance(0.2) && declared.length > 0 ? rng.pick(declared) : rng.pick(ACL_NAMES);
      if (name !== declared[declared.length - 1] && declared.includes(name)) features.add('acl-repeated');
      lines.push(`acl ${name} ${aclBody(rng, features)}`);
      if (!declared.includes(name)) declared.push(name);
    }
    if (rng.chance(0.3)) {
      features.add('http-request');
      lines.push(`http-request ${rng.pick(['deny', 'set-header X-Route 1', 'del-header X-Forwarded-For', 'return status 204'])} ${condition(rng, declared, features)}`);
    }
    const ruleCount = rng.int(0, 4);
    for (let r = 0; r < ruleCount; r++) {
      const target = rng.chance(0.08) ? 'dyn_%[req.hdr(x-backend),lower]' : rng.pick(backends);
      if (target.includes('%[')) features.add('dynamic-use_backend');
      const cond = rng.chance(0.85) ? ` ${condition(rng, declared, features)}` : '';
      lines.push(`use_backend ${target}${cond}`);
      features.add('use_backend');
    }
    if (rng.chance(0.8)) {
      features.add('default_backend');
      lines.push(`default_backend ${rng.pick(backends)}`);
    }
    const from = named ? ' from base' : '';
    sections.push({ header: `${useListen && f === 0 ? 'listen' : 'frontend'} ${rng.pick(['fe', 'public', 'www-in', 'edge'])}${f}${from}`, lines });
    if (useListen && f === 0) {
      features.add('listen');
      lines.push('server l1 127.0.0.1:9000');
    }
  }
  const needsResolvers = rng.chance(0.25);
  for (const name of backends) {
    const lines: string[] = [];
    if (rng.chance(0.5)) lines.push(`balance ${rng.pick(['roundrobin', 'leastconn', 'source', 'uri', 'hdr(host)', 'url_param userid'])}`);
    if (rng.chance(0.2)) {
      features.add('default-server');
      lines.push(rng.pick(['default-server backup', 'default-server check inter 3s', 'default-server no-backup']));
    }
    const serverCount = rng.int(0, 3);
    for (let s = 0; s < serverCount; s++) {
      const opts = rng.sample(['check', 'backup', 'weight 10', 'maxconn 50', 'no-backup', 'disabled'], rng.int(0, 2)).join(' ');
      if (opts.includes('backup')) features.add('backup');
      const kind = rng.int(0, 3);
      if (kind === 0) {
        features.add('server-template');
        const dns = needsResolvers && rng.chance(0.5);
        lines.push(`server-template ${name.replace(/[^a-z]/g, '')}${s} ${rng.pick(['3', '1-4', '2'])} ${dns ? `_http._tcp.${name.replace(/[^a-z]/g, '')}.ns.svc.cluster.local resolvers dns init-addr none` : `10.0.0.${s + 1}:80`} ${opts}`.trimEnd());
      } else {
        lines.push(`server s${s} ${rng.pick(['10.0.0.9:8080', '127.0.0.1:8008', 'svc.example.invalid:80 init-addr none', '[::1]:80'])} ${opts}`.trimEnd());
      }
    }
    sections.push({ header: `backend ${name}`, lines });
  }
  if (needsResolvers) {
    sections.push({ header: 'resolvers dns', lines: ['nameserver ns1 127.0.0.1:53', 'accepted_payload_size 8192', 'hold valid 10s'] });
  }
  return sections;
}

/** `count` configs for the parser agreement test; about half carry one or two deliberate mistakes. */
export function parserCorpus(seed: number, count: number): GeneratedConfig[] {
  const rng = new Rng(seed);
  const names = Object.keys(MUTATIONS);
  const configs: GeneratedConfig[] = [];
  for (let i = 0; i < count; i++) {
    const features = new Set<string>();
    const sections = buildParserConfig(rng, features);
    if (rng.chance(0.55)) {
      const wanted = rng.chance(0.25) ? 2 : 1;
      let applied = 0;
      for (let attempt = 0; attempt < 8 && applied < wanted; attempt++) {
        const mutation = rng.pick(names);
        if ((MUTATIONS[mutation] as Mutation)(sections, rng)) {
          features.add(`mutation:${mutation}`);
          applied++;
        }
      }
    }
    configs.push({ name: `gen-${seed}-${String(i).padStart(3, '0')}`, text: render(sections, rng, features), features: [...features].sort() });
  }
  return configs;
}

// ---------------------------------------------------------------------------
// Routing configs
// ---------------------------------------------------------------------------

const ROUTING_BACKENDS = ['main', 'sync', 'generic', 'media', 'federation', 'admin', 'wellknown', 'room-pag', 'static.files', 'keys:pool'];

/** ACL bodies aimed at the request matrix (test/haproxy/request-matrix.ts), so that rules do match. */
const ROUTING_ACLS: readonly string[] = [
  'path_beg /_matrix/client/v3/sync /_matrix/client/r0/sync',
  'path_beg /_matrix/media/ /_matrix/client/v1/media/ /_matrix/federation/v1/media/',
  'path_beg /_matrix/federation/',
  'path_beg /_synapse/admin',
  'path_beg /.well-known/matrix',
  'path_beg -i /_MATRIX/client/',
  'path_reg ^/_matrix/client/(r0|v3)/sync$',
  'path_reg ^/_matrix/client/(api/v1|r0|v3|unstable)/rooms/.*/messages$',
  'path_reg ^/_synapse/admin/v1/(media|users?|room)/',
  'path_reg (?i)^/_matrix/CLIENT/v3/',
  'path_reg ^/_matrix/client/[^/]+/keys/',
  'path_reg -i ^/_matrix/client/v3/rooms/[^/]+/(send|state|redact)',
  'path_reg ^/_matrix/federation/v1/send/',
  'path_end /sync /messages /upload',
  'path_sub /rooms/ /devices',
  'path_dir rooms',
  'path_dir keys v1',
  'path -m str /_matrix/client/versions /',
  'path -m beg /_matrix/key/',
  'path -m sub typing sendToDevice receipt',
  'path,lower -m beg /_matrix/client/v3/sync',
  'path_len gt 45',
  'path -m len 1:20',
  'method PUT POST',
  'method -i patch delete',
  'hdr(host) -i matrix.example.org',
  'hdr_dom(host) -i example.org',
  'hdr_beg(host) -i matrix.',
  'hdr(host) -m end :8448',
  'req.hdr(host),lower -m beg matrix',
  'url_param(access_token) -m found',
  'req.hdr(authorization) -m beg -i "bearer "',
  'hdr_cnt(x-forwarded-for) ge 1',
  'query -m sub since=',
  'url_beg /_matrix/client/v3/sync?',
  'url_sub access_token',
  'base_beg matrix.example.org/_matrix',
  'base_reg -i ^example\\.org/',
  'urlp(filter) -m str 0',
  'hdr(host) -i matrix.example.org:8448',
  'hdr_dom(host) -i example.org:8448',
  'hdr_end(host) -i .org',
  'hdr_reg(host) ^[a-z]+\\.example\\.org$',
  'hdr_sub(host) Example',
  'hdr(host,-1) -m beg -i matrix',
  'req.fhdr(host) -i localhost',
  'hdr_cnt(host) 1',
  'req.hdr_cnt(x-forwarded-for) 0',
  'path_dom matrix',
  'path -m dom _matrix',
  'url_dom example',
  'path_beg -m str /_matrix/client/versions',
  'path,lower -m str /_matrix/client/v3/sync',
  'path_reg -i ^/_MATRIX/(CLIENT|federation)/',
  'path_reg ^/_matrix/client/v3/rooms/[!%]',
  'url_param(access_token) syt_def',
  'urlp_beg(since) s7',
  'path_len 24',
  'method -m beg P',
  'method HEAD OPTIONS',
];
const ROUTING_PREDEFINED = [
  'METH_GET', 'METH_POST', 'METH_PUT', 'METH_HEAD', 'METH_OPTIONS', 'METH_DELETE', 'HTTP', 'TRUE', 'FALSE', 'HTTP_URL_SLASH', 'HTTP_URL_ABS', 'HTTP_CONTENT',
];

function routingCondition(rng: Rng, declared: readonly string[], features: Set<string>): string {
  const groups: string[] = [];
  const groupCount = rng.chance(0.3) ? 2 : 1;
  for (let g = 0; g < groupCount; g++) {
    const terms: string[] = [];
    for (let t = rng.int(1, 2); t > 0; t--) {
      let term: string;
      const r = rng.next();
      if (r < 0.6 && declared.length > 0) term = rng.pick(declared);
      else if (r < 0.75) {
        features.add('predefined-acl');
        term = rng.pick(ROUTING_PREDEFINED);
      } else {
        features.add('anonymous-acl');
        term = `{ ${rng.pick(ROUTING_ACLS)} }`;
      }
      if (rng.chance(0.2)) {
        features.add('negation');
        term = `!${term}`;
      }
      terms.push(term);
    }
    groups.push(terms.join(' '));
  }
  if (groups.length > 1) features.add('or');
  const polarity = rng.chance(0.85) ? 'if' : 'unless';
  features.add(polarity);
  return `${polarity} ${groups.join(rng.pick([' or ', ' || ']))}`;
}

/** `count` valid configs with varied use_backend routing over the request matrix. */
export function routingConfigs(seed: number, count: number): GeneratedConfig[] {
  const rng = new Rng(seed);
  const configs: GeneratedConfig[] = [];
  for (let i = 0; i < count; i++) {
    const features = new Set<string>();
    const sections: Section[] = [
      { header: 'defaults', lines: ['mode http', 'timeout connect 5s', 'timeout client 30s', 'timeout server 30s'] },
    ];
    const backends = rng.sample(ROUTING_BACKENDS, rng.int(3, 6));
    const frontendCount = rng.chance(0.3) ? 2 : 1;
    for (let f = 0; f < frontendCount; f++) {
      const listen = f === 1 && rng.chance(0.5);
      const lines: string[] = [`bind :${8000 + f}`];
      const declared: string[] = [];
      for (let a = rng.int(2, 7); a > 0; a--) {
        const name = rng.chance(0.15) && declared.length > 0 ? rng.pick(declared) : `acl_${declared.length}`;
        lines.push(`acl ${name} ${rng.pick(ROUTING_ACLS)}`);
        if (!declared.includes(name)) declared.push(name);
      }
      if (rng.chance(0.3)) {
        features.add('http-request');
        lines.push(
          rng.pick([
            'http-request set-header X-Route %[path]',
            'http-request deny if { path_beg /_synapse/replication }',
            'http-request return status 200 if { path /health }',
            'http-request set-path /rewritten if { path_beg /static/ }',
            'http-request del-header X-Forwarded-For if { hdr(host) -i localhost }',
          ]),
        );
      }
      for (let r = rng.int(2, 8); r > 0; r--) {
        const dynamic = rng.chance(0.03);
        if (dynamic) features.add('dynamic-use_backend');
        lines.push(`use_backend ${dynamic ? '%[req.hdr(x-backend),lower]' : rng.pick(backends)} ${routingCondition(rng, declared, features)}`);
      }
      if (rng.chance(0.15)) {
        features.add('unconditional-use_backend');
        lines.push(`use_backend ${rng.pick(backends)}`);
      }
      if (rng.chance(0.8)) {
        features.add('default_backend');
        lines.push(`default_backend ${rng.pick(backends)}`);
      } else {
        features.add(listen ? 'listen-serves-itself' : 'no-default_backend');
      }
      if (listen) {
        features.add('listen');
        lines.push('server local 10.0.0.1:8080');
      }
      sections.push({ header: `${listen ? 'listen' : 'frontend'} ${listen ? 'lst' : `fe${f}`}`, lines });
    }
    for (const name of backends) {
      sections.push({ header: `backend ${name}`, lines: [`balance ${rng.pick(['roundrobin', 'uri', 'hdr(host)'])}`, `server ${name.replace(/[^a-z]/g, '')} 10.0.0.2:8008 check`] });
    }
    configs.push({ name: `route-${seed}-${String(i).padStart(2, '0')}`, text: render(sections, rng, features), features: [...features].sort() });
  }
  return configs;
}
