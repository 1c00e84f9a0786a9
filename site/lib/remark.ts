/**
 * remark plugin for the checked docs, which the site renders with Astro's Markdown pipeline
 * (Expressive Code included; the pages docdrift writes itself come as HTML, see src/site/markdown.ts).
 * The content loader appends the page's MarkdownTransform to its Markdown as a trailing
 * `<!-- docdrift:transform BASE64 -->` comment; this plugin takes it off and applies it:
 * findings become asides after the block they concern, relative links become site routes,
 * raw HTML from the checked docs is shown as text. Pages without the comment are left alone.
 */
import type { Html, Nodes, Parents, Root, RootContent } from 'mdast';
import { bundledLanguages } from 'shiki';
import type { MarkdownTransform } from '../../src/site/types.ts';

/** HTML nodes this plugin made: never neutralized. */
const INSERTED = new WeakSet<object>();

const MARK = /^<!--\s*docdrift:transform\s+([A-Za-z0-9+/=]+)\s*-->$/;

/** Tags shown as HTML when written bare (no attributes): harmless formatting only. */
const ALLOWED_TAG = /^<\/?(br|sup|sub|kbd|b|i|em|strong|code|s|del|ins|mark|small|details|summary|hr|p)\s*\/?>$/i;

export function transformComment(transform: MarkdownTransform): string {
  return `<!-- docdrift:transform ${Buffer.from(JSON.stringify(transform), 'utf8').toString('base64')} -->`;
}

export function remarkDocdrift() {
  return (tree: Root): void => {
    const last = tree.children[tree.children.length - 1];
    if (!last || last.type !== 'html') return;
    const match = MARK.exec(last.value.trim());
    if (!match) return;
    tree.children.pop();
    const transform = JSON.parse(Buffer.from(match[1]!, 'base64').toString('utf8')) as MarkdownTransform;
    applyTransform(tree, transform);
  };
}

/** First words of haproxy.cfg lines: a code block made only of such lines is haproxy.cfg. */
const HAPROXY_WORDS = new Set(
  (
    'global defaults frontend backend listen resolvers peers userlist acl use_backend default_backend server server-template ' +
    'default-server bind balance option http-request http-response http-check tcp-request tcp-response timeout mode log maxconn ' +
    'stats monitor-uri nameserver parse-resolv-conf accepted_payload_size hold resolve_retries retries errorfile redirect ' +
    'capture compression cookie hash-type no'
  ).split(' '),
);
const SECTION_OR_ROUTING = /^(frontend|backend|listen|resolvers|acl|use_backend|default_backend|server|server-template|bind|balance|http-request)\b/;

/** Unlabelled (or `text`) code blocks that are haproxy.cfg get the haproxy grammar. */
function labelHaproxy(tree: Root): void {
  walk(tree, (node) => {
    if (node.type !== 'code' || (node.lang && !/^(text|txt|plain|conf|cfg)$/i.test(node.lang))) return undefined;
    const lines = node.value.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
    const looksLike = lines.length > 0 && lines.every((line) => HAPROXY_WORDS.has(line.split(/\s+/)[0]!.toLowerCase())) && lines.some((line) => SECTION_OR_ROUTING.test(line));
    if (looksLike) node.lang = 'haproxy';
    return undefined;
  });
}

/** Languages Expressive Code colours besides Shiki's bundled ones: plain text and the haproxy grammar. */
const KNOWN_LANGUAGES = new Set(['text', 'txt', 'plain', 'plaintext', 'ansi', 'haproxy']);

/**
 * Code blocks in a language Shiki lacks (`promql`, `logql` …) are shown as plain text, quietly:
 * Expressive Code would print a warning for each. Known names are lower-cased, as Shiki wants them.
 */
function plainUnknownLanguages(tree: Root): void {
  walk(tree, (node) => {
    if (node.type !== 'code' || !node.lang) return undefined;
    const lang = node.lang.toLowerCase();
    node.lang = KNOWN_LANGUAGES.has(lang) || Object.hasOwn(bundledLanguages, lang) ? lang : 'text';
    return undefined;
  });
}

export function applyTransform(tree: Root, transform: MarkdownTransform): void {
  if (transform.detectHaproxy) labelHaproxy(tree);
  plainUnknownLanguages(tree);
  insertAsides(tree, transform.asides);
  if (transform.before) {
    const before: Html = { type: 'html', value: transform.before };
    INSERTED.add(before);
    tree.children.unshift(before);
  }
  const dead = new Set<string>();
  // Definitions first, so reference links know whether their target survives.
  walk(tree, (node) => {
    if (node.type === 'definition' && Object.hasOwn(transform.links, node.url)) {
      const href = transform.links[node.url];
      if (href === null || href === undefined) dead.add(node.identifier);
      else node.url = href;
    }
    return undefined;
  });
  walk(tree, (node, parent) => {
    switch (node.type) {
      case 'html':
        if (INSERTED.has(node) || !transform.neutralizeHtml) return undefined;
        if (/^\s*<!--[\s\S]*-->\s*$/.test(node.value)) return [];
        if (ALLOWED_TAG.test(node.value.trim())) return undefined;
        return [asText(node, parent)];
      case 'link':
        if (Object.hasOwn(transform.links, node.url)) {
          const href = transform.links[node.url];
          if (href === null || href === undefined) return node.children;
          node.url = href;
        } else if (!isSafeUrl(node.url)) return node.children;
        return undefined;
      case 'linkReference':
        return dead.has(node.identifier) ? node.children : undefined;
      case 'definition':
        return dead.has(node.identifier) ? [] : undefined;
      case 'image':
      case 'imageReference': {
        // No images: they would be fetched from elsewhere (or resolved as local assets).
        const alt = node.alt || (node.type === 'image' ? node.url : '');
        return alt ? [{ type: 'text', value: alt }] : [];
      }
      default:
        return undefined;
    }
  });
}

function isSafeUrl(url: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(url.trim()) || /^(https?:|mailto:)/i.test(url.trim());
}

/** Raw HTML shown as the text it is: a text node in phrasing content, a paragraph in flow content. */
function asText(node: Html, parent: Parents): RootContent {
  const flow = parent.type === 'root' || parent.type === 'blockquote' || parent.type === 'listItem' || parent.type === 'footnoteDefinition';
  const text = { type: 'text' as const, value: node.value };
  return flow ? { type: 'paragraph', children: [text] } : text;
}

/** Each aside goes after the last top-level block that starts at or before its line. */
function insertAsides(tree: Root, asides: MarkdownTransform['asides']): void {
  if (asides.length === 0) return;
  const after = new Map<number, Html[]>();
  for (const aside of asides) {
    let index = -1;
    tree.children.forEach((child, i) => {
      if ((child.position?.start.line ?? Infinity) <= aside.line) index = i;
    });
    const node: Html = { type: 'html', value: aside.html };
    INSERTED.add(node);
    after.set(index, [...(after.get(index) ?? []), node]);
  }
  const children: RootContent[] = [...(after.get(-1) ?? [])];
  tree.children.forEach((child, i) => children.push(child, ...(after.get(i) ?? [])));
  tree.children = children;
}

/**
 * Depth-first walk; the visitor returns undefined to keep a node (and visit its children),
 * or a list of nodes to put in its place (which are visited next).
 */
function walk(parent: Parents, visit: (node: Nodes, parent: Parents) => Nodes[] | undefined): void {
  const children = parent.children as Nodes[];
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!;
    const replacement = visit(node, parent);
    if (replacement) {
      // The replacement is visited in turn: a dead link's text may hold raw HTML too.
      children.splice(i, 1, ...replacement);
      i -= 1;
    } else if ('children' in node) {
      walk(node, visit);
    }
  }
}
