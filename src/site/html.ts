/**
 * HTML and Markdown building blocks for generated pages. Every piece of text that comes from
 * a checked deployment (docs, manifests, haproxy.cfg, finding messages) goes through `esc`,
 * `mdText` or `mdCode` before it reaches a page.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text → HTML text or attribute value. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

export type Attrs = Record<string, string | number | boolean | undefined>;

/** An element with escaped attributes; children are HTML already. */
export function el(name: string, attrs: Attrs, ...children: string[]): string {
  let open = `<${name}`;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    open += value === true ? ` ${key}` : ` ${key}="${esc(value)}"`;
  }
  return `${open}>${children.join('')}</${name}>`;
}

/** A link with escaped text. */
export function link(href: string, text: string, attrs: Attrs = {}): string {
  return el('a', { href, ...attrs }, esc(text));
}

/** A table from a header row and body rows of HTML cells. */
export function table(head: string[], rows: string[][], attrs: Attrs = {}): string {
  const thead = el('thead', {}, el('tr', {}, ...head.map((cell) => el('th', { scope: 'col' }, cell))));
  const tbody = el('tbody', {}, ...rows.map((row) => el('tr', {}, ...row.map((cell) => el('td', {}, cell)))));
  // Wide tables scroll inside their own box, never the page.
  return el('div', { class: 'dd-table-wrap' }, el('table', attrs, thead, tbody));
}

export function code(text: string | number): string {
  return el('code', {}, esc(text));
}

/** Markdown text that renders as exactly `text`: every ASCII punctuation character is backslash-escaped. */
export function mdText(text: string | number): string {
  return String(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[!-/:-@[-`{-~]/g, (char) => `\\${char}`);
}

/** A Markdown code span showing `text` literally, whatever backticks it holds. */
export function mdCode(text: string | number): string {
  const value = String(text).replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = value.startsWith('`') || value.endsWith('`') || value.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

/**
 * A GFM table row. A `|` splits cells even inside a code span, so every pipe that Markdown escaping
 * has not escaped already gets its backslash (GFM removes it again inside code spans too).
 */
export function mdTableRow(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replace(/(?<!\\)((?:\\\\)*)\|/g, '$1\\|')).join(' | ')} |`;
}

/** A fenced Markdown code block whose fence is longer than any backtick run inside. */
export function mdFence(lang: string, body: string): string {
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${body.replace(/\n$/, '')}\n${fence}`;
}

/** A Markdown link whose text is escaped; `href` is a site href we built (no spaces or angle brackets). */
export function mdLink(href: string, text: string): string {
  return `[${mdText(text)}](<${href.replace(/[<>\s]/g, encodeURIComponent)}>)`;
}

/** A heading id: lower case letters, digits and dashes. */
export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  );
}

export { plural } from '../report/markdown-writer.ts';
