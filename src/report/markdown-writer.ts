/**
 * Builds Markdown that passes markdownlint's default rules: prose wrapped at 80 columns
 * (a token longer than that stands on a line of its own, which MD013 allows), blank lines
 * around blocks, one trailing newline.
 */
export class MarkdownWriter {
  private readonly blocks: string[] = [];

  heading(depth: number, text: string): this {
    this.blocks.push(`${'#'.repeat(depth)} ${text}`);
    return this;
  }

  paragraph(text: string): this {
    this.blocks.push(wrap(text, '', ''));
    return this;
  }

  /** A bullet list; each item is wrapped with continuation lines indented under its text. */
  list(items: string[], ordered = false): this {
    if (items.length === 0) return this;
    this.blocks.push(items.map((item, index) => (ordered ? wrap(item, `${index + 1}. `, '   ') : wrap(item, '- ', '  '))).join('\n'));
    return this;
  }

  /** A list whose items carry nested bullets. */
  nestedList(items: { text: string; children: string[] }[]): this {
    if (items.length === 0) return this;
    const lines = items.map(({ text, children }) =>
      [wrap(text, '- ', '  '), ...children.map((child) => wrap(child, '  - ', '    '))].join('\n'),
    );
    this.blocks.push(lines.join('\n'));
    return this;
  }

  code(lang: string, lines: string[]): this {
    this.blocks.push(['```' + lang, ...lines, '```'].join('\n'));
    return this;
  }

  table(header: string[], rows: string[][]): this {
    const escape = (cell: string) => cell.replace(/\|/g, '\\|');
    const line = (cells: string[]) => `| ${cells.map(escape).join(' | ')} |`;
    this.blocks.push([line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n'));
    return this;
  }

  /** A block written as is (an HTML comment, for instance). */
  raw(text: string): this {
    this.blocks.push(text);
    return this;
  }

  /** A bullet list collapsed under a summary line (HTML details, which GitHub and the HTML report render). */
  details(summary: string, items: string[]): this {
    if (items.length === 0) return this;
    this.blocks.push(`<details>\n<summary>${summary.replace(/[&<>]/g, (char) => `&#${char.charCodeAt(0)};`)}</summary>`);
    this.list(items);
    this.blocks.push('</details>');
    return this;
  }

  rule(): this {
    this.blocks.push('---');
    return this;
  }

  toString(): string {
    return `${this.blocks.join('\n\n')}\n`;
  }
}

const WIDTH = 80;

/** Greedy word wrap with a first-line prefix and a continuation indent. */
export function wrap(text: string, prefix: string, indent: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = prefix;
  let empty = true;
  for (const word of words) {
    // A line must not start with a block marker ("-", "1.", "#", ">"), or the text becomes a list or heading.
    const risky = /^([-+*>]|\d+[.)]|#+|=+|-+|\|)$/.test(word);
    if (!empty && !risky && current.length + 1 + word.length > WIDTH) {
      lines.push(current);
      current = indent + word;
    } else {
      current = empty ? current + word : `${current} ${word}`;
    }
    empty = false;
  }
  lines.push(current);
  return lines.join('\n');
}

/** "1 file", "3 files"; `many` for irregular plurals ("2 copies"). */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** Inline code that survives any content: backticks inside get a longer fence. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A word that names something (a path, an identifier, a hyphenated name, a file name, a quoted word): shown as code. */
const NAME = /^(?:[^\s]*[_/][^\s]*|[a-z0-9]+(?:-[a-z0-9]+)+|[\w.-]+\.(?:cfg|md|ya?ml|json|conf)(?::\d+)?|'[^'\s]+')$/;

/**
 * Plain text made safe for Markdown prose: names become code spans (no `\_` escapes in prose);
 * outside code spans, `<` cannot open HTML (a comment such as `<!-- docdrift … -->` would vanish)
 * and `*`/`\\` cannot start emphasis or escapes.
 */
export function prose(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : part.split(/(\s+)/).map(proseWord).join('')))
    .join('');
}

function proseWord(word: string): string {
  if (word.trim() === '') return word;
  // Punctuation around a name stays prose: "(see /x)," keeps its parenthesis and comma.
  const [, lead, core, trail] = /^([("]*)(.*?)([).,;:!?"]*)$/.exec(word)!;
  if (core && NAME.test(core) && /[\w]/.test(core)) return `${lead}${code(core.replace(/^'(.*)'$/, '$1'))}${trail}`;
  return word.replace(/[<*_\\]/g, (char) => (char === '<' ? '&lt;' : `\\${char}`));
}

/**
 * The id GitHub, markdownlint (MD051) and the HTML report give a heading: lower case, punctuation
 * other than `-` and `_` dropped, spaces as `-`.
 */
export function headingSlug(text: string): string {
  return text
    .replace(/`/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}
