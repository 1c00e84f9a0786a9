import { parseAcl, parseCondition } from '../../parse/haproxy-acl.ts';
import type { Acl, Condition, HaproxyConfig, HaproxyLine, HaproxySection, Located } from '../../model/types.ts';

/** Sections that are proxies: each has its own ACL list (defaults too; named defaults may hold ACLs and rules). */
const PROXY_SECTIONS = new Set(['defaults', 'frontend', 'backend', 'listen']);

/** A named `acl` line of a proxy. */
export interface AclDeclaration {
  /** The ACL name as written on the line. */
  name: Located<string>;
  acl: Acl;
  line: HaproxyLine;
}

/** A line of a proxy with an `if`/`unless` condition (http-request, tcp-request, redirect, use_backend, use-server …). */
export interface ConditionalLine {
  line: HaproxyLine;
  condition: Condition;
}

export interface ProxyConditions {
  section: HaproxySection;
  /** `frontend fe`, `listen li`, `defaults` … for messages. */
  label: string;
  /** Named `acl` lines in file order. */
  acls: AclDeclaration[];
  /** Lines with a condition, in file order. */
  conditions: ConditionalLine[];
}

/** HAProxy stops reading a line's arguments at the first empty one (`""`). */
function effectiveArgs(line: HaproxyLine): Located<string>[] {
  const end = line.args.findIndex((arg) => arg.value === '');
  return end < 0 ? line.args : line.args.slice(0, end);
}

/** A word written without quotes or escapes: a quoted "if" is an argument, not a condition keyword. */
function writtenPlainly(word: Located<string>): boolean {
  return word.source.endLine === word.source.line && word.source.endColumn - word.source.column === word.value.length;
}

// Several rules read the conditions of each config: they are parsed once.
const parsedProxies = new WeakMap<HaproxyConfig, ProxyConditions[]>();

/**
 * Every proxy section with its ACL declarations and conditional lines, read from the raw lines so that
 * every keyword that takes a condition is covered (the model only keeps use_backend conditions).
 * Parse problems are left to the parse-error rule.
 */
export function proxyConditions(config: HaproxyConfig): ProxyConditions[] {
  let proxies = parsedProxies.get(config);
  if (!proxies) parsedProxies.set(config, (proxies = parseProxies(config)));
  return proxies;
}

function parseProxies(config: HaproxyConfig): ProxyConditions[] {
  const proxies: ProxyConditions[] = [];
  for (const section of config.sections) {
    if (!PROXY_SECTIONS.has(section.type)) continue;
    const proxy: ProxyConditions = {
      section,
      label: section.name === undefined ? section.type : `${section.type} ${section.name}`,
      acls: [],
      conditions: [],
    };
    for (const line of section.lines.slice(1)) {
      const args = effectiveArgs(line);
      if (line.keyword === 'acl') {
        const [name, ...rest] = args;
        const acl = name ? parseAcl(name.value, rest, line.source, []) : undefined;
        if (name && acl) proxy.acls.push({ name, acl, line });
        continue;
      }
      const at = args.findIndex((arg) => (arg.value === 'if' || arg.value === 'unless') && writtenPlainly(arg));
      if (at < 0) continue;
      proxy.conditions.push({ line, condition: parseCondition(args[at] as Located<string>, args.slice(at + 1), []) });
    }
    proxies.push(proxy);
  }
  return proxies;
}

/** Every anonymous `{ … }` ACL of a condition. */
export function anonymousAcls(condition: Condition): Acl[] {
  return condition.anyOf.flat().flatMap((term) => (term.acl.kind === 'anonymous' ? [term.acl.acl] : []));
}
