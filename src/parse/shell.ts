/**
 * A shell-command reader for Markdown shell blocks and shell scripts: what each command runs
 * (its argv words), with the file position of every word, its env assignments and redirections,
 * heredoc bodies, and the operators joining commands. Not a shell: nothing is expanded.
 *
 * What it reads as a POSIX shell does: quotes and backslash escapes (removed from `text`),
 * backslash-newline continuations, `|`, `&&`, `||`, `;`, `&`, newlines and parentheses between
 * commands, redirections with an optional fd (`>`, `>>`, `<`, `2>`, `&>`, `2>&1`, `<<<`),
 * heredocs (`<<EOF`, `<<-EOF`, `<<'EOF'`: the body is kept, with its first line), `NAME=value`
 * words before the command, and `#` comments. `$VAR`, `${VAR}`, `$(...)` and backticks are kept
 * as written inside the word's text. Reserved words that only join commands (`if`, `then`, `do`,
 * `!`, `{`, `fi`, `done` …) are not commands; `for` and `case` are (argv[0] says which).
 *
 * Console transcripts: when a line starts with the `$ ` prompt, only prompted lines (and what
 * continues them: continuations, open quotes, heredoc bodies, each maybe behind a `> ` prompt)
 * are read; other lines are output. Otherwise a leading `$ ` is dropped where it appears.
 *
 * Hostile input: linear time, no recursion. A quote, `$(`, `${` or backtick that never closes
 * ends at the end of its line (so one stray apostrophe does not swallow a block); a heredoc whose
 * delimiter never comes runs to the end of the text (`closed: false`).
 */

export interface ShellPosition {
  /** 1-based file line and column of the first character; end column exclusive. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ShellWord extends ShellPosition {
  /** The word with quotes and escapes removed; expansions (`$X`, `${X}`, `$(…)`) kept as written. */
  text: string;
  /** As written, quotes included (continuations inside a word are kept). */
  raw: string;
  /** Whether any part of it was quoted. */
  quoted: boolean;
}

export interface Heredoc {
  delimiter: string;
  /** The body, lines joined with \n, without the delimiter line. */
  body: string;
  /** File line of the body's first line (the line after the command). */
  firstLine: number;
  /** Whether the delimiter line came (false: the body ran to the end of the text). */
  closed: boolean;
}

export interface Redirection extends ShellPosition {
  /** `>`, `>>`, `<`, `<<` (heredoc), `<<<` (here-string), `>&`, `<&`, `<>`; `&>`/`&>>` are `>`/`>>` with fd 'all'. */
  operator: '>' | '>>' | '<' | '<<' | '<<<' | '>&' | '<&' | '<>';
  /** The file descriptor written before the operator (`2>`), 'all' for `&>`, undefined when implicit. */
  fd: number | 'all' | undefined;
  /** The file, the duplicated fd (`1` of `2>&1`) or the heredoc delimiter; undefined when the line ended first. */
  target: ShellWord | undefined;
  heredoc?: Heredoc;
}

export type Connector = '|' | '&&' | '||' | ';' | '&';

export interface ShellCommand extends ShellPosition {
  /** `NAME=value` words before the command name. */
  assignments: ShellWord[];
  /** argv: the command name and its arguments. Empty for a line of only assignments or redirections. */
  words: ShellWord[];
  redirections: Redirection[];
  /** Commands joined by `|` share a pipeline number; numbers rise in text order. */
  pipeline: number;
  /** The operator after the command; undefined at a newline or the end. */
  next: Connector | undefined;
  /**
   * How many compound commands enclose it: `if`/`while`/`until`/`for`/`case` bodies, `{ … }` groups
   * (function bodies too) and `( … )` subshells. 0: the script's top level, run unless an earlier step stops it.
   */
  depth: number;
}

export interface ShellComment extends ShellPosition {
  /** Without the `#`. */
  text: string;
}

export interface ShellScript {
  commands: ShellCommand[];
  comments: ShellComment[];
}

export interface ShellOptions {
  /** File line of the text's first line (default 1). */
  firstLine?: number;
  /** File column of each line's first character (default 1): a fenced block indented in a list. */
  firstColumn?: number;
  /** The file column of each line's first character, when it differs between lines (a fence indented more than its lines). */
  lineColumns?: readonly number[];
}

/** The argv of a command as plain strings. */
export function argv(command: ShellCommand): string[] {
  return command.words.map((word) => word.text);
}

/** Reads every command of a shell text. Pure and total: never throws, linear in the text's length. */
export function parseShell(text: string, options: ShellOptions = {}): ShellScript {
  return new ShellReader(text, options.firstLine ?? 1, options.firstColumn ?? 1, options.lineColumns).read();
}

const RESERVED_SEPARATORS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'esac', '!', '{', '}', 'time']);
/** Reserved words and command names that open a compound command, and the word that closes each. */
const OPENERS = new Map([['if', 'fi'], ['while', 'done'], ['until', 'done'], ['for', 'done'], ['select', 'done'], ['case', 'esac'], ['{', '}'], ['(', ')']]);
/** How many open constructs a closer looks through for its opener. */
const MAX_CLOSE_DEPTH = 64;
/** Closers and the openers they close. */
const CLOSERS = new Map([['fi', ['if']], ['done', ['while', 'until', 'for', 'select']], ['esac', ['case']], ['}', ['{']], [')', ['(']]]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;
const PROMPT_LINE = /^[ \t]*\$(?: |$)/m;

type Nest = 'dquote' | 'squote' | 'paren' | 'brace' | 'backtick';

interface WordBuilder {
  start: number;
  end: number;
  text: string;
  quoted: boolean;
}

class ShellReader {
  private readonly lineStarts: number[] = [0];
  private readonly promptMode: boolean;
  private readonly commands: ShellCommand[] = [];
  private readonly comments: ShellComment[] = [];
  /** Where a scan for a closer of a construct reached the end of the text without one: later scans would too. */
  private readonly unclosedFrom = new Map<Nest, number>();

  private i = 0;
  private word: WordBuilder | undefined;
  private command: ShellCommand | undefined;
  private pendingRedirection: Redirection | undefined;
  private pendingHeredocs: { redirection: Redirection; stripTabs: boolean }[] = [];
  private pipeline = 0;
  /** Compound commands open at this point (their opening words), innermost last. */
  private readonly compounds: string[] = [];

  constructor(
    private readonly src: string,
    private readonly firstLine: number,
    private readonly firstColumn: number,
    private readonly lineColumns: readonly number[] | undefined,
  ) {
    for (let k = 0; k < src.length; k++) if (src.charCodeAt(k) === 10) this.lineStarts.push(k + 1);
    this.promptMode = PROMPT_LINE.test(src);
  }

  read(): ShellScript {
    const src = this.src;
    this.startLine();
    while (this.i < src.length) {
      const c = src[this.i]!;
      if (c === ' ' || c === '\t') {
        this.endWord();
        this.i++;
      } else if (c === '\\' && this.newlineAt(this.i + 1) > 0) {
        // A continuation joins lines, inside a word too; a console's `> ` prompt may start the next line.
        this.i += 1 + this.newlineAt(this.i + 1);
        if (this.promptMode) this.skipContinuationPrompt();
      } else if (c === '\n' || (c === '\r' && src[this.i + 1] === '\n')) {
        this.endCommand(undefined);
        this.i += c === '\r' ? 2 : 1;
        this.readHeredocBodies();
        this.startLine();
      } else if (c === '#' && this.word === undefined) {
        this.comment();
      } else if (c === '|' || c === '&' || c === ';' || c === '(' || c === ')' || c === '<' || c === '>') {
        this.operator(c);
      } else {
        this.wordPart();
      }
    }
    this.endCommand(undefined);
    this.readHeredocBodies();
    return { commands: this.commands, comments: this.comments };
  }

  // -- lines -----------------------------------------------------------------------------------

  /** Length of the newline at an offset (1 for LF, 2 for CRLF), 0 when there is none. */
  private newlineAt(offset: number): number {
    const c = this.src.charCodeAt(offset);
    if (c === 10) return 1;
    return c === 13 && this.src.charCodeAt(offset + 1) === 10 ? 2 : 0;
  }

  private lineEnd(offset: number): number {
    const end = this.src.indexOf('\n', offset);
    const stop = end < 0 ? this.src.length : end;
    return stop > offset && this.src.charCodeAt(stop - 1) === 13 ? stop - 1 : stop;
  }

  /** At the start of a line: drops the `$ ` prompt; in a console transcript, skips output lines. */
  private startLine(): void {
    const src = this.src;
    while (this.i < src.length) {
      let k = this.i;
      while (src[k] === ' ' || src[k] === '\t') k++;
      if (src[k] === '$' && (src[k + 1] === ' ' || this.newlineAt(k + 1) > 0 || k + 1 === src.length)) {
        this.i = k + 1;
        return;
      }
      if (!this.promptMode) return;
      const end = this.lineEnd(this.i);
      this.i = end + this.newlineAt(end); // output of the previous command
    }
  }

  private skipContinuationPrompt(): void {
    const src = this.src;
    if (src[this.i] === '>' && src[this.i + 1] === ' ') this.i += 2;
  }

  private position(start: number, end: number): ShellPosition {
    const startAt = this.locate(start);
    const endAt = this.locate(end);
    return { line: startAt.line, column: startAt.column, endLine: endAt.line, endColumn: endAt.column };
  }

  private locate(offset: number): { line: number; column: number } {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: this.firstLine + low, column: (this.lineColumns?.[low] ?? this.firstColumn) + offset - starts[low]! };
  }

  // -- words -----------------------------------------------------------------------------------

  private wordPart(): void {
    const src = this.src;
    const c = src[this.i]!;
    const word = (this.word ??= { start: this.i, end: this.i, text: '', quoted: false });
    if (c === "'") {
      const close = src.indexOf("'", this.i + 1);
      const end = close < 0 ? this.lineEnd(this.i) : close;
      word.text += src.slice(this.i + 1, end);
      word.quoted = true;
      this.i = close < 0 ? end : close + 1;
    } else if (c === '"') {
      const end = this.scan(this.i + 1, 'dquote');
      const close = end < 0 ? this.lineEnd(this.i) : end - 1;
      word.text += unescapeDoubleQuoted(src.slice(this.i + 1, close));
      word.quoted = true;
      this.i = end < 0 ? close : end;
    } else if (c === '\\') {
      word.text += src[this.i + 1] ?? '';
      this.i += 2;
    } else if ((c === '$' && (src[this.i + 1] === '(' || src[this.i + 1] === '{')) || c === '`') {
      const nest: Nest = c === '`' ? 'backtick' : src[this.i + 1] === '(' ? 'paren' : 'brace';
      const from = this.i + (c === '`' ? 1 : 2);
      const end = this.scan(from, nest);
      const stop = end < 0 ? Math.max(from, this.lineEnd(this.i)) : end;
      word.text += src.slice(this.i, stop);
      this.i = stop;
    } else {
      // A run of plain characters at once.
      let k = this.i + 1;
      while (k < src.length && !SPECIAL.has(src[k]!)) k++;
      word.text += src.slice(this.i, k);
      this.i = k;
    }
    word.end = Math.min(this.i, src.length);
  }

  /**
   * The offset just after the closer of a construct opened before `from`, nested quotes and
   * substitutions included; -1 when the text ends first. An explicit stack: no depth overflows.
   */
  private scan(from: number, outer: Nest): number {
    const failed = this.unclosedFrom.get(outer);
    if (failed !== undefined && failed <= from) return -1;
    const src = this.src;
    const stack: Nest[] = [outer];
    let k = from;
    while (k < src.length) {
      const top = stack[stack.length - 1]!;
      const c = src[k]!;
      if (top === 'squote') {
        if (c === "'") stack.pop();
        k++;
      } else if (c === '\\') {
        k += 2;
        continue;
      } else if ((top === 'dquote' && c === '"') || (top === 'paren' && c === ')') || (top === 'brace' && c === '}') || (top === 'backtick' && c === '`')) {
        stack.pop();
        k++;
      } else if (c === '$' && (src[k + 1] === '(' || src[k + 1] === '{')) {
        stack.push(src[k + 1] === '(' ? 'paren' : 'brace');
        k += 2;
      } else if (c === '`' && top !== 'backtick') {
        stack.push('backtick');
        k++;
      } else if (top !== 'dquote' && top !== 'backtick' && (c === "'" || c === '"')) {
        stack.push(c === "'" ? 'squote' : 'dquote');
        k++;
      } else if (top === 'paren' && c === '(') {
        stack.push('paren');
        k++;
      } else k++;
      if (stack.length === 0) return k;
    }
    this.unclosedFrom.set(outer, from);
    return -1;
  }

  private endWord(): void {
    const built = this.word;
    if (!built) return;
    this.word = undefined;
    const word: ShellWord = { text: built.text, raw: this.src.slice(built.start, built.end), quoted: built.quoted, ...this.position(built.start, built.end) };
    const redirection = this.pendingRedirection;
    if (redirection) {
      this.pendingRedirection = undefined;
      redirection.target = word;
      redirection.endLine = word.endLine;
      redirection.endColumn = word.endColumn;
      return;
    }
    const command = this.command;
    const first = !command || (command.words.length === 0 && command.assignments.length === 0);
    if (first && !word.quoted && RESERVED_SEPARATORS.has(word.text)) {
      this.nest(word.text);
      return;
    }
    // `function name {`: the brace opens the body, as it does on a line of its own.
    if (!word.quoted && word.text === '{' && command?.words[0]?.text === 'function') {
      this.nest('{');
      return;
    }
    const current = this.currentCommand(built.start);
    if (current.words.length === 0 && ASSIGNMENT.test(word.raw)) current.assignments.push(word);
    else current.words.push(word);
    // `for` and `case` are commands (argv[0] says which) that open a body.
    if (first && !word.quoted && (word.text === 'for' || word.text === 'select' || word.text === 'case') && current.words.length === 1) this.nest(word.text);
  }

  /** Opens or closes a compound command; a closer that matches nothing open (a `case` pattern's `)`) changes nothing. */
  private nest(word: string): void {
    if (OPENERS.has(word)) {
      this.compounds.push(word);
      return;
    }
    const opens = CLOSERS.get(word);
    if (!opens) return;
    // A closer closes the innermost construct it matches, and the ones left open inside it (a stray
    // `if`), but never past a group or a subshell (a `case` pattern's `)` closes nothing), and looks
    // down a bounded number of levels: hostile nesting stays linear.
    const compounds = this.compounds;
    for (let index = compounds.length - 1; index >= Math.max(0, compounds.length - MAX_CLOSE_DEPTH); index--) {
      const open = compounds[index]!;
      if (opens.includes(open)) {
        compounds.length = index;
        return;
      }
      if (open === '(' || open === '{' || word === ')') return;
    }
  }

  private currentCommand(start: number): ShellCommand {
    if (!this.command) {
      this.command = { assignments: [], words: [], redirections: [], pipeline: this.pipeline, next: undefined, depth: this.compounds.length, ...this.position(start, start) };
    }
    return this.command;
  }

  private endCommand(next: Connector | undefined): void {
    this.endWord();
    this.pendingRedirection = undefined;
    const command = this.command;
    if (command) {
      this.command = undefined;
      command.next = next;
      const last = command.redirections[command.redirections.length - 1];
      const lastWord = command.words[command.words.length - 1] ?? command.assignments[command.assignments.length - 1];
      for (const end of [last, lastWord]) {
        if (!end) continue;
        if (end.endLine > command.endLine || (end.endLine === command.endLine && end.endColumn > command.endColumn)) {
          command.endLine = end.endLine;
          command.endColumn = end.endColumn;
        }
      }
      this.commands.push(command);
    }
    if (next !== '|') this.pipeline++;
  }

  // -- operators, comments, heredocs --------------------------------------------------------------

  private operator(c: string): void {
    const src = this.src;
    const start = this.i;
    if (c === '<' || c === '>') {
      // Digits right before it are its fd (`2>`); in `a2>` they are part of a word.
      let fd: number | undefined;
      let opStart = start;
      const word = this.word;
      if (word && !word.quoted && word.end === start && /^\d{1,3}$/.test(word.text)) {
        fd = Number(word.text);
        opStart = word.start;
        this.word = undefined;
      } else this.endWord();
      this.redirection(fd, opStart);
      return;
    }
    this.endWord();
    const two = src.slice(start, start + 2);
    if (c === '&' && (src[start + 1] === '>')) {
      this.i = start + 1;
      this.redirection('all', start);
      return;
    }
    if (two === '&&' || two === '||' || two === ';;' || two === '|&') {
      this.i += 2;
      this.endCommand(two === ';;' ? ';' : two === '|&' ? '|' : (two as Connector));
      return;
    }
    this.i++;
    // Parentheses only group commands: `(cd x && make)`.
    this.endCommand(c === '(' || c === ')' ? ';' : (c as Connector));
    if (c === '(' || c === ')') this.nest(c);
  }

  /** Reads a redirection operator at this.i (after any fd), then waits for its target word. */
  private redirection(fd: number | 'all' | undefined, start: number): void {
    const src = this.src;
    const rest = src.slice(this.i, this.i + 3);
    let operator: Redirection['operator'];
    let length: number;
    let stripTabs = false;
    if (rest.startsWith('<<<')) [operator, length] = ['<<<', 3];
    else if (rest.startsWith('<<-')) [operator, length, stripTabs] = ['<<', 3, true];
    else if (rest.startsWith('<<')) [operator, length] = ['<<', 2];
    else if (rest.startsWith('>>')) [operator, length] = ['>>', 2];
    else if (rest.startsWith('>&')) [operator, length] = ['>&', 2];
    else if (rest.startsWith('<&')) [operator, length] = ['<&', 2];
    else if (rest.startsWith('<>')) [operator, length] = ['<>', 2];
    else if (rest.startsWith('>|')) [operator, length] = ['>', 2];
    else [operator, length] = [rest[0] === '<' ? '<' : '>', 1];
    // `&>file` and `>&file` write both streams to a file; `2>&1` duplicates an fd.
    if (fd === 'all' && operator === '>&') operator = '>';
    this.i += length;
    const redirection: Redirection = { operator, fd, target: undefined, ...this.position(start, this.i) };
    this.currentCommand(start).redirections.push(redirection);
    this.pendingRedirection = redirection;
    if (operator === '<<') this.pendingHeredocs.push({ redirection, stripTabs });
  }

  private comment(): void {
    const end = this.lineEnd(this.i);
    this.comments.push({ text: this.src.slice(this.i + 1, end), ...this.position(this.i, end) });
    this.i = end;
  }

  /** After a newline: the bodies of the heredocs opened on the line just ended, in order. */
  private readHeredocBodies(): void {
    const src = this.src;
    for (const { redirection, stripTabs } of this.pendingHeredocs) {
      const delimiter = redirection.target?.text ?? '';
      const lines: string[] = [];
      const firstLine = this.locate(this.i).line;
      let closed = false;
      while (this.i < src.length) {
        const end = this.lineEnd(this.i);
        let text = src.slice(this.i, end);
        if (this.promptMode && text.startsWith('> ')) text = text.slice(2);
        if (stripTabs) text = text.replace(/^\t+/, '');
        this.i = end + this.newlineAt(end);
        if (text === delimiter) {
          closed = true;
          break;
        }
        lines.push(text);
        if (end === src.length) break;
      }
      redirection.heredoc = { delimiter, body: lines.join('\n'), firstLine, closed };
    }
    this.pendingHeredocs = [];
  }
}

/** Characters that end a run of plain word characters. */
const SPECIAL = new Set([' ', '\t', '\n', '\r', "'", '"', '\\', '$', '`', '|', '&', ';', '(', ')', '<', '>', '#']);

/** Inside double quotes a backslash escapes only $ ` " \ and the newline. */
function unescapeDoubleQuoted(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(\r?\n|[$`"\\])/g, (_, escaped: string) => (escaped.endsWith('\n') ? '' : escaped));
}
