/**
 * The keywords HAProxy accepts at the start of a line in a proxy section
 * (defaults, frontend, backend, listen), and the ones it has removed. HAProxy
 * refuses to start on any other word there ("unknown keyword 'X' in
 * 'frontend' section"), which is also how a line broken with a trailing
 * backslash fails: its second half stands alone and starts with a non-keyword.
 *
 * The list is every keyword of the HAProxy 2.6 proxy keyword matrix
 * (configuration.txt 4.1, each checked against haproxy -c 2.6) plus the ones
 * 3.x added (guid, hash-key, log-steps, quic-initial, ssl-f-use …), so that a
 * config written for a newer version is not reported for a keyword an older
 * one lacks. Keywords that only some versions refuse (bind-process …) are accepted.
 */

export const PROXY_KEYWORDS: ReadonlySet<string> = new Set([
  'acl', 'backlog', 'balance', 'bind', 'bind-process', 'capture', 'clitcpka-cnt', 'clitcpka-idle', 'clitcpka-intvl',
  'compression', 'cookie', 'declare', 'default', 'default-server', 'default_backend', 'description', 'disabled',
  'dispatch', 'dynamic-cookie-key', 'email-alert', 'enabled', 'error-log-format', 'errorfile', 'errorfiles', 'errorloc',
  'errorloc302', 'errorloc303', 'external-check', 'filter', 'force-persist', 'fullconn', 'guid', 'hash-balance-factor',
  'hash-key', 'hash-preserve-affinity', 'hash-type', 'http-after-response', 'http-check', 'http-error', 'http-request',
  'http-response', 'http-reuse', 'http-send-name-header', 'id', 'ignore-persist', 'load-server-state-from-file', 'log',
  'log-format', 'log-format-sd', 'log-steps', 'log-tag', 'max-keep-alive-queue', 'max-session-srv-conns', 'maxconn',
  'mode', 'monitor', 'monitor-uri', 'no', 'option', 'persist', 'quic-initial', 'rate-limit', 'redirect', 'retries',
  'retry-on', 'server', 'server-state-file-name', 'server-template', 'source', 'srvtcpka-cnt', 'srvtcpka-idle',
  'srvtcpka-intvl', 'ssl-f-use', 'stats', 'stick', 'stick-table', 'tcp-check', 'tcp-request', 'tcp-response', 'timeout',
  'transparent', 'unique-id-format', 'unique-id-header', 'use-fcgi-app', 'use-server', 'use_backend', 'usesrc',
]);

/** Conditional blocks and diagnostics, read before sections (configuration.txt 2.4): valid anywhere. */
export const DIRECTIVES: ReadonlySet<string> = new Set(['.if', '.elif', '.else', '.endif', '.diag', '.notice', '.warning', '.alert']);

const SINCE_2_1 = 'is not supported anymore since HAProxy 2.1';

/** Keywords HAProxy still recognises only to refuse them, with what to use instead. */
export const REMOVED_PROXY_KEYWORDS: ReadonlyMap<string, string> = new Map([
  ['appsession', "is not supported anymore since HAProxy 1.6; use 'cookie' or a stick table"],
  ['block', `${SINCE_2_1}; use 'http-request deny'`],
  ['cliexp', `${SINCE_2_1}; use 'http-request replace-path', 'replace-uri' or 'replace-header'`],
  ['srvexp', `${SINCE_2_1}; use 'http-response replace-header'`],
  ['clitimeout', `${SINCE_2_1}; use 'timeout client'`],
  ['contimeout', `${SINCE_2_1}; use 'timeout connect'`],
  ['srvtimeout', `${SINCE_2_1}; use 'timeout server'`],
  ['redispatch', `${SINCE_2_1}; use 'option redispatch'`],
  ['redisp', `${SINCE_2_1}; use 'option redispatch'`],
  ['reqadd', `${SINCE_2_1}; use 'http-request add-header'`],
  ['reqallow', `${SINCE_2_1}; use 'http-request allow'`],
  ['reqiallow', `${SINCE_2_1}; use 'http-request allow'`],
  ['reqdel', `${SINCE_2_1}; use 'http-request del-header'`],
  ['reqidel', `${SINCE_2_1}; use 'http-request del-header'`],
  ['reqdeny', `${SINCE_2_1}; use 'http-request deny'`],
  ['reqideny', `${SINCE_2_1}; use 'http-request deny'`],
  ['reqpass', SINCE_2_1],
  ['reqipass', SINCE_2_1],
  ['reqrep', `${SINCE_2_1}; use 'http-request replace-path', 'replace-uri' or 'replace-header'`],
  ['reqirep', `${SINCE_2_1}; use 'http-request replace-header'`],
  ['reqtarpit', `${SINCE_2_1}; use 'http-request tarpit'`],
  ['reqitarpit', `${SINCE_2_1}; use 'http-request tarpit'`],
  ['rspadd', `${SINCE_2_1}; use 'http-response add-header'`],
  ['rspdel', `${SINCE_2_1}; use 'http-response del-header'`],
  ['rspidel', `${SINCE_2_1}; use 'http-response del-header'`],
  ['rspdeny', `${SINCE_2_1}; use 'http-response deny'`],
  ['rspideny', `${SINCE_2_1}; use 'http-response deny'`],
  ['rsprep', `${SINCE_2_1}; use 'http-response replace-header'`],
  ['rspirep', `${SINCE_2_1}; use 'http-response replace-header'`],
  ['monitor-net', "does not exist anymore (removed in HAProxy 2.5); use 'http-request return status 200 if { src … }'"],
  ['grace', 'is not supported anymore since HAProxy 2.5'],
]);

/** Allowed in named defaults sections only: an anonymous defaults section may not hold ACLs or rules. */
export const NOT_IN_ANONYMOUS_DEFAULTS: ReadonlySet<string> = new Set([
  'acl', 'http-request', 'http-response', 'http-after-response', 'tcp-request', 'tcp-response',
]);

/** Never allowed in a defaults section (HAProxy rejects them there, named or not). */
export const NOT_IN_DEFAULTS: ReadonlySet<string> = new Set([
  'bind', 'capture', 'declare', 'description', 'dispatch', 'filter', 'force-persist', 'id', 'ignore-persist', 'monitor',
  'redirect', 'server', 'server-template', 'stick', 'stick-table', 'use-fcgi-app', 'use-server', 'use_backend',
]);

/** Edit distance (insertions, deletions, substitutions), for "did you mean" hints. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length] as number;
}

/** The known proxy keyword nearest to `word`, when it is a likely typo. */
export function closestProxyKeyword(word: string): string | undefined {
  let best: { keyword: string; d: number } | undefined;
  const limit = word.length >= 6 ? 2 : 1;
  for (const keyword of PROXY_KEYWORDS) {
    const d = distance(word.toLowerCase(), keyword);
    if (d <= limit && (!best || d < best.d)) best = { keyword, d };
  }
  return best?.keyword;
}
