/**
 * `server` and `server-template` lines: address forms (configuration.txt 11,
 * "Address formats") and Kubernetes DNS SRV labels.
 */
import type { HaproxyServer, Located, ParseProblem, Source, SrvName } from '../model/types.ts';
import { spanOf } from './haproxy-acl.ts';

/** Settings a server inherits from `default-server` lines (defaults section, then its own backend). */
export interface ServerDefaults {
  backup: boolean | undefined;
  resolvers: string | undefined;
}

/**
 * Split an address into host and port like str2sa_range(): an optional
 * `family@` prefix, `[ipv6]:port`, otherwise the last ':' separates the port
 * (so `::1:80` is host `::1`, port 80). Socket paths have no port; a port
 * range or a `+N`/`-N` offset gives port undefined.
 */
export function splitAddress(address: string): { host: string; port: number | undefined } {
  let rest = address;
  const prefix = /^([a-z][a-z0-9+-]*)@/i.exec(rest);
  if (prefix) {
    rest = rest.slice(prefix[0].length);
    const family = (prefix[1] as string).toLowerCase();
    if (family === 'unix' || family === 'abns' || family === 'abnsz' || family === 'fd' || family === 'sockpair') {
      return { host: rest, port: undefined };
    }
  } else if (rest.startsWith('/')) {
    return { host: rest, port: undefined };
  }
  let host = rest;
  let portText: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close >= 0) {
      host = rest.slice(1, close);
      const after = rest.slice(close + 1);
      if (after.startsWith(':')) portText = after.slice(1);
    }
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      host = rest.slice(0, colon);
      portText = rest.slice(colon + 1);
    }
  }
  let port: number | undefined;
  if (portText !== undefined && /^\d{1,5}$/.test(portText)) {
    const n = Number(portText);
    if (n <= 65535) port = n;
  }
  return { host, port };
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i;
const SRV_PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

/**
 * Parse a Kubernetes SRV name `_<port>._<proto>.<service>[.<namespace>[.svc.<domain…>]]`.
 * Returns `malformed` (a short explanation) for names that look like an SRV
 * attempt but do not have that shape, and neither for ordinary host names.
 */
export function parseSrvName(host: string): { srv: SrvName | undefined; malformed: string | undefined } {
  const none = { srv: undefined, malformed: undefined };
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  const labels = name.split('.');
  const looksLikeSrv = name.startsWith('_') || labels.slice(1).some((l) => l.startsWith('_'));
  if (!looksLikeSrv) return none;
  const bad = (malformed: string): { srv: undefined; malformed: string } => ({ srv: undefined, malformed });
  const [portLabel = '', protoLabel, service, namespace, svc] = labels;
  if (!portLabel.startsWith('_')) return bad(`the port name label '${portLabel}' must start with '_'`);
  if (portLabel.length < 2) return bad('the port name after the leading _ is empty');
  if (protoLabel === undefined) {
    return bad(`missing the _<protocol> label (e.g. _tcp) after '${portLabel}'`);
  }
  if (!protoLabel.startsWith('_')) {
    return bad(`the label after the port name must be the protocol (_tcp, _udp or _sctp), found '${protoLabel}'`);
  }
  const protocol = protoLabel.slice(1);
  if (!SRV_PROTOCOLS.has(protocol.toLowerCase())) {
    return bad(`unknown SRV protocol '${protoLabel}' (expected _tcp, _udp or _sctp)`);
  }
  if (service === undefined || service === '') return bad('missing the service name after the protocol label');
  if (labels.some((l) => l === '')) return bad('empty label (two dots in a row)');
  // `_http._tcp.matrix.svc…`: one name between the protocol and svc, so the service (or namespace) is missing.
  const svcIndex = labels.findIndex((label, index) => index >= 2 && label.toLowerCase() === 'svc');
  if (svcIndex === 3) return bad(`only one name ('${service}') between the protocol label and 'svc': the service or its namespace is missing`);
  if (svcIndex > 4) return bad(`${svcIndex - 2} names (${labels.slice(2, svcIndex).join('.')}) between the protocol label and 'svc', where the service and its namespace belong`);
  if (!DNS_LABEL.test(service)) return bad(`'${service}' is not a valid service name (DNS label)`);
  if (namespace !== undefined && !DNS_LABEL.test(namespace)) return bad(`'${namespace}' is not a valid namespace (DNS label)`);
  if (svc !== undefined && svc.toLowerCase() !== 'svc') {
    return bad(`expected 'svc' after the namespace '${namespace ?? ''}', found '${svc}'`);
  }
  return {
    srv: {
      portName: portLabel.slice(1),
      protocol,
      service,
      namespace,
      domain: svc === undefined ? undefined : labels.slice(4).join('.'),
    },
    malformed: undefined,
  };
}

/** `N` or `LOW-HIGH` → the number of slots; undefined when HAProxy would reject it. */
export function templateSlots(text: string): number | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return undefined;
  const low = Number(m[1]);
  if (m[2] === undefined) return low >= 1 ? low : undefined;
  const high = Number(m[2]);
  return low >= 1 && high >= low ? high - low + 1 : undefined;
}

/**
 * Build a server from the words after `server`/`server-template`. `defaults`
 * carries `backup`/`resolvers` from earlier `default-server` lines.
 */
export function parseServer(
  kind: 'server' | 'server-template',
  keyword: Located<string>,
  args: Located<string>[],
  lineSourceOf: Source,
  defaults: ServerDefaults,
  problems: ParseProblem[],
): HaproxyServer | undefined {
  const name = args[0];
  let slots: Located<number> | undefined;
  let addressIndex = 1;
  if (kind === 'server-template') {
    const count = args[1];
    addressIndex = 2;
    if (count) {
      const n = templateSlots(count.value);
      if (n === undefined) {
        problems.push({ kind: 'parse-error', message: `invalid server-template number or range '${count.value}'`, source: count.source });
      } else {
        slots = { value: n, source: count.source };
      }
    }
  }
  const address = args[addressIndex];
  if (!name || !address) {
    problems.push({
      kind: 'parse-error',
      message:
        kind === 'server'
          ? `'server' expects <name> and <address>`
          : `'server-template' expects <prefix> <num | range> <fqdn>[:<port>]`,
      source: name ? spanOf(keyword.source, args[args.length - 1]?.source ?? name.source) : keyword.source,
    });
    return undefined;
  }
  const options = args.slice(addressIndex + 1);
  let backup = defaults.backup ?? false;
  let resolvers = defaults.resolvers;
  for (let i = 0; i < options.length; i++) {
    const v = (options[i] as Located<string>).value;
    if (v === 'backup') backup = true;
    else if (v === 'no-backup') backup = false;
    else if (v === 'resolvers' && options[i + 1]) resolvers = (options[++i] as Located<string>).value;
  }
  const { host, port } = splitAddress(address.value);
  const { srv, malformed } = parseSrvName(host);
  return {
    kind,
    name,
    address,
    host,
    port,
    srv,
    malformedSrv: malformed,
    slots,
    backup,
    resolvers,
    options,
    source: lineSourceOf,
  };
}

/** Read `backup`/`no-backup`/`resolvers X` from a `default-server` line into `into`. */
export function applyDefaultServer(into: ServerDefaults, args: Located<string>[]): void {
  for (let i = 0; i < args.length; i++) {
    const v = (args[i] as Located<string>).value;
    if (v === 'backup') into.backup = true;
    else if (v === 'no-backup') into.backup = false;
    else if (v === 'resolvers' && args[i + 1]) into.resolvers = (args[++i] as Located<string>).value;
  }
}
