/**
 * A small, deliberately partial evaluator for the POSIX shell that containers run at start-up to
 * derive a Synapse worker_name (`N=$(echo $POD_NAME | sed 's/ev-//' | awk '{print $1+1}')`).
 *
 * It knows variables, parameter expansion (`${V}`, `${V##*-}`, `${V%.*}`, `${V:-x}` …), arithmetic
 * `$((…))` and command substitutions built from echo/printf/hostname/expr piped into sed, awk, cut.
 * Anything else is unknown (`undefined`), never guessed: a caller that gets `undefined` says nothing.
 */
import { findHeredocs } from './synapse.ts';

/** A variable's value; `undefined` means set to something the evaluator cannot know. */
export type ShellValue = string | undefined;

/** Shell variables; after `source` or `eval` every name is unknown, set or not. */
export class ShellVars {
  private readonly values: Map<string, ShellValue>;
  /** Names in the environment of the commands the script runs: the initial ones and those exported. */
  private readonly exported: Set<string>;
  private opaque = false;

  /** `initial` is the environment the script starts with. */
  constructor(initial: Iterable<[string, ShellValue]> = []) {
    this.values = new Map(initial);
    this.exported = new Set(this.values.keys());
  }

  get(name: string): ShellValue {
    return this.opaque ? undefined : this.values.get(name);
  }

  /** A variable as a command run by the script sees it (envsubst): unknown when the shell keeps it to itself. */
  getExported(name: string): ShellValue {
    return this.exported.has(name) ? this.get(name) : undefined;
  }

  export(name: string): void {
    this.exported.add(name);
  }

  /** Whether the name is set (to a known or unknown value); unset names may still come from the image. */
  isSet(name: string): boolean {
    return !this.opaque && this.values.has(name);
  }

  set(name: string, value: ShellValue): void {
    this.values.set(name, value);
  }

  forgetAll(): void {
    this.opaque = true;
  }
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Scripts longer than this are not start-up scripts anyone evaluates by reading: their variables are unknown. */
const MAX_SCRIPT_LENGTH = 20_000;
/** Longer values are unknown: pattern trimming is quadratic in the value's length. */
const MAX_VALUE_LENGTH = 4_096;

// ---------------------------------------------------------------------------
// Scripts
// ---------------------------------------------------------------------------

/** One command line of a script (continuations joined, heredoc bodies left out) and the 0-based line it starts on. */
export interface ScriptLine {
  line: number;
  text: string;
}

/**
 * Lexing results by text. A script is read many times (once per command line, once per pod of a
 * StatefulSet, once per file it may write), and workloads often share one script: it is lexed once.
 * Bounded, so that a long watch session does not keep every script it ever saw.
 */
function lexCache<T>(lex: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined) {
      if (cache.size >= 2_000) cache.clear();
      cache.set(text, (value = lex(text)));
    }
    return value;
  };
}

/** The logical lines of a script, heredoc bodies skipped (shared: read-only). */
export const scriptLines: (script: string) => readonly ScriptLine[] = lexCache(readScriptLines);

function readScriptLines(script: string): ScriptLine[] {
  const lines = script.split('\n');
  const body = new Set<number>();
  for (const heredoc of findHeredocs(script)) {
    const count = heredoc.body === '' ? 0 : heredoc.body.split('\n').length;
    for (let i = 0; i <= count; i++) body.add(heredoc.firstLine + i); // the body and its delimiter line
  }
  const out: ScriptLine[] = [];
  let current: ScriptLine | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (body.has(i)) continue;
    const text = (lines[i] ?? '').replace(/\r$/, '');
    const continued = /(^|[^\\])\\$/.test(text);
    const piece = continued ? text.slice(0, -1) : text;
    if (current) current.text += ` ${piece}`;
    else current = { line: i, text: piece };
    if (!continued) {
      out.push(current);
      current = undefined;
    }
  }
  if (current) out.push(current);
  return out;
}

/**
 * The variables as they stand when the script reaches `stopLine` (0-based): assignments at the top
 * level are evaluated; assignments inside if/case/loops/functions, `read`, and anything after
 * `source`/`eval` make the variable unknown.
 */
export function variablesBefore(script: string, stopLine: number, initial: Iterable<[string, ShellValue]>): ShellVars {
  const vars = new ShellVars(initial);
  if (script.length > MAX_SCRIPT_LENGTH) {
    vars.forgetAll();
    return vars;
  }
  let depth = 0;
  for (const { line, text } of scriptLines(script)) {
    if (line >= stopLine) break;
    for (const command of commandsOf(text)) {
      if (/\(\)\s*\{?$/.test(command)) {
        depth++; // a function definition: its body runs when called, if ever
        continue;
      }
      let words = tokenize(command);
      // Keywords that open or close a compound command: what runs inside runs conditionally.
      while (words.length > 0) {
        const head = words[0]!.raw;
        if (head === 'for' || head === 'case') {
          depth++;
          if (head === 'for' && words[1]) vars.set(words[1].raw, undefined);
          words = [];
        } else if (['if', 'while', 'until', '{', '('].includes(head)) depth++;
        else if (['fi', 'done', 'esac', '}', ')'].includes(head)) depth = Math.max(0, depth - 1);
        else if (!['then', 'do', 'else', 'elif', '!'].includes(head)) break;
        words = words.slice(1);
      }
      if (words.length > 0) runCommand(words, vars, depth > 0);
    }
  }
  return vars;
}

function runCommand(words: readonly Word[], vars: ShellVars, conditional: boolean): void {
  const head = words[0]!.raw;
  if (head === 'source' || head === '.' || head === 'eval') {
    vars.forgetAll();
    return;
  }
  if (head === 'read' || head === 'unset') {
    for (const word of words.slice(1)) if (NAME_RE.test(word.raw)) vars.set(word.raw, undefined);
    return;
  }
  const declaring = ['export', 'readonly', 'local', 'declare', 'typeset'].includes(head);
  const rest = declaring ? words.slice(1).filter((word) => !word.raw.startsWith('-')) : words;
  if (head === 'export') for (const word of rest) vars.export(/^[A-Za-z_][A-Za-z0-9_]*/.exec(word.raw)?.[0] ?? '');
  const assignments: Array<[string, string]> = [];
  for (const word of rest) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(word.raw);
    if (!match) break;
    assignments.push([match[1]!, word.raw.slice(match[0].length)]);
  }
  // `A=1 cmd` sets A for cmd only; a bare `export A` changes no value.
  if (assignments.length === 0 || (!declaring && assignments.length < rest.length)) return;
  for (const [name, value] of assignments) vars.set(name, conditional ? undefined : expandWord(value, vars));
}

// ---------------------------------------------------------------------------
// Lexing
// ---------------------------------------------------------------------------

interface Word {
  /** The word as written, quotes included. */
  raw: string;
}

function stripComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) return text.slice(0, i);
    else if (c === '$' && text[i + 1] === '(') i = matchingParen(text, i + 1);
  }
  return text;
}

/** Index of the `)` that closes the `(` at `open`, skipping quotes and nested parentheses. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return text.length;
}

/** Index of the `}` that closes the `{` at `open`. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return text.length;
}

/** Splits at top-level `;`, `&&`, `||`, `&` and newlines. */
function splitCommands(text: string): string[] {
  return splitTopLevel(text, (rest) => /^(;;?|&&|\|\||&(?!>)|\n)/.exec(rest)?.[0].length ?? 0);
}

/** Splits a pipeline at top-level `|` (not `||`). */
function splitPipeline(text: string): string[] {
  return splitTopLevel(text, (rest) => (rest[0] === '|' && rest[1] !== '|' ? 1 : 0));
}

function splitTopLevel(text: string, separatorLength: (rest: string) => number): string[] {
  const out: string[] = [];
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      quote = c;
      continue;
    }
    if (c === '$' && text[i + 1] === '(') {
      i = matchingParen(text, i + 1);
      continue;
    }
    if (c === '$' && text[i + 1] === '{') {
      i = matchingBrace(text, i + 1);
      continue;
    }
    const length = separatorLength(text.slice(i));
    if (length > 0) {
      out.push(text.slice(start, i).trim());
      i += length - 1;
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out.filter((part) => part !== '');
}

/** Splits a command into words at unquoted blanks, keeping quotes and substitutions inside their word (shared: read-only). */
const tokenize: (command: string) => readonly Word[] = lexCache(readWords);

function readWords(command: string): Word[] {
  const words: Word[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote) {
      current += c;
      if (c === '\\' && quote === '"' && i + 1 < command.length) current += command[++i];
      else if (c === quote) quote = undefined;
      continue;
    }
    if (/\s/.test(c)) {
      if (current !== '') words.push({ raw: current });
      current = '';
      continue;
    }
    if (c === '\\' && i + 1 < command.length) {
      current += c + command[++i];
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    if (c === '$' && (command[i + 1] === '(' || command[i + 1] === '{')) {
      const end = command[i + 1] === '(' ? matchingParen(command, i + 1) : matchingBrace(command, i + 1);
      current += command.slice(i, end + 1);
      i = end;
      continue;
    }
    current += c;
  }
  if (current !== '') words.push({ raw: current });
  return words;
}

/** The words of a command line after quote removal and expansion (for reading arguments such as --config-path). */
export function commandWords(command: string, vars: ShellVars): ShellValue[] {
  return tokenize(command).map((word) => expandWord(word.raw, vars));
}

/** The top-level commands of a logical line (shared: read-only). */
export const commandsOf: (text: string) => readonly string[] = lexCache((text) => splitCommands(stripComment(text)));

// ---------------------------------------------------------------------------
// Expansion
// ---------------------------------------------------------------------------

/** Expands one shell word (quotes removed); undefined when any part is unknown. */
export function expandWord(word: string, vars: ShellVars): ShellValue {
  return expand(word, vars, 'word');
}

/** Expands the body of an unquoted heredoc (quotes are literal there). */
export function expandHeredoc(text: string, vars: ShellVars): ShellValue {
  return expand(text, vars, 'heredoc');
}

type Mode = 'word' | 'double' | 'heredoc';

function expand(text: string, vars: ShellVars, mode: Mode): ShellValue {
  if (text.length > MAX_VALUE_LENGTH) return undefined;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) return out + c;
      // Inside double quotes and heredocs a backslash escapes only $ ` " \ (and " only in double quotes).
      if (mode !== 'word' && !(next === '$' || next === '`' || next === '\\' || (mode === 'double' && next === '"'))) out += c;
      else if (next === '\n') {
        i++;
        continue;
      }
      out += next;
      i++;
      continue;
    }
    if (mode === 'word' && c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return undefined;
      out += text.slice(i + 1, end);
      i = end;
      continue;
    }
    if (mode === 'word' && c === '"') {
      const end = closingDoubleQuote(text, i + 1);
      const inner = expand(text.slice(i + 1, end), vars, 'double');
      if (inner === undefined) return undefined;
      out += inner;
      i = end;
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end === -1) return undefined;
      const result = runSubstitution(text.slice(i + 1, end), vars);
      if (result === undefined) return undefined;
      out += result;
      i = end;
      continue;
    }
    if (c === '$') {
      const next = text[i + 1];
      // $((arithmetic)), $(command) and ${parameter}: what they expand to, or undefined when it cannot be known.
      if (next === '(' || next === '{') {
        const end = next === '{' ? matchingBrace(text, i + 1) : matchingParen(text, i + 1);
        const result =
          next === '{' ? parameter(text.slice(i + 2, end), vars) : text[i + 2] === '(' ? arithmetic(text.slice(i + 3, end - 1), vars) : runSubstitution(text.slice(i + 2, end), vars);
        if (result === undefined) return undefined;
        out += String(result);
        i = end;
        continue;
      }
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))?.[0];
      if (name) {
        const value = vars.get(name);
        if (value === undefined) return undefined;
        out += value;
        i += name.length;
        continue;
      }
      if (next !== undefined && /[0-9#?*@!$-]/.test(next)) return undefined; // positional and special parameters
    }
    out += c;
  }
  return out;
}

function closingDoubleQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') i++;
    else if (c === '$' && text[i + 1] === '(') i = matchingParen(text, i + 1);
    else if (c === '$' && text[i + 1] === '{') i = matchingBrace(text, i + 1);
    else if (c === '"') return i;
  }
  return text.length;
}

/** `${…}`: NAME with an optional operator. */
function parameter(inner: string, vars: ShellVars): ShellValue {
  if (inner.startsWith('#') && NAME_RE.test(inner.slice(1))) {
    const value = vars.get(inner.slice(1));
    return value === undefined ? undefined : String(value.length);
  }
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(.*)$/s.exec(inner);
  if (!match) return undefined;
  const name = match[1]!;
  const rest = match[2]!;
  const value = vars.get(name);
  if (rest === '') return value;
  const op = /^(##|#|%%|%|:-|-|:\+|\+|:=|=)/.exec(rest)?.[0];
  if (!op) return undefined;
  const argument = rest.slice(op.length);
  const set = vars.isSet(name);
  switch (op) {
    case ':-':
    case ':=':
    case '-':
    case '=':
      if (!set) return undefined; // unset here may still be set by the image
      if (value === undefined) return undefined;
      if (op.startsWith(':') && value === '') return expand(argument, vars, 'double');
      return value;
    case ':+':
    case '+':
      return value === undefined ? undefined : value === '' && op === ':+' ? '' : expand(argument, vars, 'double');
    default: {
      if (value === undefined || value.length > MAX_VALUE_LENGTH) return undefined;
      const pattern = expand(argument, vars, 'double');
      if (pattern === undefined) return undefined;
      return trimPattern(value, globToRegExp(pattern), op);
    }
  }
}

function trimPattern(value: string, pattern: RegExp, op: string): string {
  const prefix = op.startsWith('#');
  const longest = op.length === 2;
  const lengths = [...Array(value.length + 1).keys()];
  if (longest) lengths.reverse();
  for (const length of lengths) {
    const part = prefix ? value.slice(0, length) : value.slice(value.length - length);
    if (pattern.test(part)) return prefix ? value.slice(length) : value.slice(0, value.length - length);
  }
  return value;
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) source += '\\[';
      else {
        source += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < glob.length) source += escapeRegExp(glob[++i]!);
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, 's');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// ---------------------------------------------------------------------------
// Arithmetic
// ---------------------------------------------------------------------------

/** `$((…))` and `expr`: integers with + - * / % and parentheses. */
function arithmetic(expression: string, vars: ShellVars): number | undefined {
  const expanded = expand(expression, vars, 'double');
  if (expanded === undefined) return undefined;
  const tokens = expanded.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|[-+*/%()]|\S/g) ?? [];
  const resolved: string[] = [];
  for (const token of tokens) {
    if (NAME_RE.test(token)) {
      const value = vars.get(token);
      if (value === undefined || !/^\s*-?\d+\s*$/.test(value)) return undefined;
      resolved.push(String(Number(value)));
    } else resolved.push(token);
  }
  const result = evaluateInfix(resolved);
  return result === undefined ? undefined : Math.trunc(result);
}

/** Integer infix evaluation (shell and expr semantics: truncating division). */
function evaluateInfix(tokens: string[]): number | undefined {
  let position = 0;
  const primary = (): number | undefined => {
    const token = tokens[position++];
    if (token === '-') {
      const value = primary();
      return value === undefined ? undefined : -value;
    }
    if (token === '+') return primary();
    if (token === '(') {
      const value = sum();
      return tokens[position++] === ')' ? value : undefined;
    }
    return token !== undefined && /^\d+$/.test(token) ? Number(token) : undefined;
  };
  const product = (): number | undefined => {
    let value = primary();
    while (value !== undefined && ['*', '/', '%'].includes(tokens[position] ?? '')) {
      const op = tokens[position++]!;
      const right = primary();
      if (right === undefined || (op !== '*' && right === 0)) return undefined;
      value = op === '*' ? value * right : op === '/' ? Math.trunc(value / right) : value % right;
    }
    return value;
  };
  const sum = (): number | undefined => {
    let value = product();
    while (value !== undefined && ['+', '-'].includes(tokens[position] ?? '')) {
      const op = tokens[position++]!;
      const right = product();
      if (right === undefined) return undefined;
      value = op === '+' ? value + right : value - right;
    }
    return value;
  };
  const value = sum();
  return position === tokens.length ? value : undefined;
}

// ---------------------------------------------------------------------------
// Command substitution
// ---------------------------------------------------------------------------

function runSubstitution(command: string, vars: ShellVars): ShellValue {
  const trimmed = command.trim();
  // Kubernetes replaces `$(VAR)` in args with the container env var before the shell runs.
  if (NAME_RE.test(trimmed) && vars.isSet(trimmed)) return vars.get(trimmed);
  const stages = splitPipeline(trimmed);
  let output: string | undefined = '';
  for (const [index, stage] of stages.entries()) {
    const words = tokenize(stage).map((word) => expandWord(word.raw, vars));
    if (words.length === 0 || words.some((word) => word === undefined)) return undefined;
    output = index === 0 ? produce(words as string[], vars) : filter(words as string[], output);
    if (output === undefined) return undefined;
  }
  return output.replace(/\n+$/, '');
}

/** The first command of a pipeline. */
function produce(words: string[], vars: ShellVars): ShellValue {
  const [command, ...args] = words;
  switch (command) {
    case 'echo': {
      const noNewline = args[0] === '-n';
      return (noNewline ? args.slice(1) : args).join(' ') + (noNewline ? '' : '\n');
    }
    case 'printf':
      return printf(args);
    case 'hostname':
      return args.length === 0 ? vars.get('HOSTNAME') : undefined;
    case 'expr': {
      const value = evaluateInfix(args);
      return value === undefined ? undefined : `${value}\n`;
    }
    default:
      return undefined;
  }
}

function printf(args: string[]): ShellValue {
  const [format, ...values] = args;
  if (format === undefined) return undefined;
  let index = 0;
  let unsupported = false;
  const out = format
    .replace(/%([sd%])/g, (_, conversion: string) => {
      if (conversion === '%') return '%';
      const value = values[index++] ?? '';
      if (conversion === 'd') {
        if (!/^-?\d+$/.test(value.trim())) unsupported = true;
        return String(Number(value));
      }
      return value;
    })
    .replace(/\\n/g, '\n');
  return unsupported || /%[^sd%]/.test(format) || index < values.length ? undefined : out;
}

/** A filter stage: reads `input`, returns its output. */
function filter(words: string[], input: string): ShellValue {
  const [command, ...args] = words;
  switch (command) {
    case 'sed':
      return sed(args, input);
    case 'awk':
      return awk(args, input);
    case 'cut':
      return cut(args, input);
    default:
      return undefined;
  }
}

function linesOf(input: string): string[] {
  const lines = input.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

// ---------------------------------------------------------------------------
// sed
// ---------------------------------------------------------------------------

export interface Substitution {
  pattern: RegExp;
  replacement: string;
}

/** `sed [-E|-r] [-e] 's/re/rep/[g]'…` reading its input; other sed programs, and sed reading files, are unknown. */
function sed(args: string[], input: string): ShellValue {
  const program = sedProgram(args);
  if (!program || program.files.length > 0) return undefined;
  let out = '';
  for (const line of linesOf(input)) {
    const edited = applySed(program.substitutions, line);
    if (edited === undefined) return undefined;
    out += `${edited}\n`;
  }
  return out;
}

/** Lines longer than this are not run through a script's regexes (no worker name is that long; backtracking is). */
const MAX_SED_LINE = 256;

/** Applies a sed program's substitutions to one line; unknown for a line too long to run user regexes on. */
export function applySed(substitutions: Substitution[], line: string): ShellValue {
  if (line.length > MAX_SED_LINE) return undefined;
  return substitutions.reduce((text, s) => text.replace(s.pattern, s.replacement), line);
}

/** The substitutions of a sed command line (`-i` allowed) and the files it reads; undefined when it does anything else. */
export function sedProgram(args: string[]): { substitutions: Substitution[]; files: string[] } | undefined {
  let extended = false;
  let explicit = false;
  const scripts: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-E' || arg === '-r') extended = true;
    else if (arg === '-i') continue;
    else if (arg === '-e') {
      explicit = true;
      scripts.push(args[++i] ?? '');
    } else if (arg.startsWith('-')) return undefined;
    else if (!explicit && scripts.length === 0) scripts.push(arg);
    else files.push(arg);
  }
  const substitutions: Substitution[] = [];
  for (const script of scripts) {
    const parsed = sedSubstitutions(script, extended);
    if (!parsed) return undefined;
    substitutions.push(...parsed);
  }
  return substitutions.length > 0 ? { substitutions, files } : undefined;
}

function sedSubstitutions(script: string, extended: boolean): Substitution[] | undefined {
  const out: Substitution[] = [];
  let i = 0;
  while (i < script.length) {
    while (i < script.length && /[\s;]/.test(script[i]!)) i++;
    if (i >= script.length) break;
    if (script[i] !== 's') return undefined;
    const delimiter = script[i + 1];
    if (delimiter === undefined || /[\s\\\n]/.test(delimiter)) return undefined;
    const parts: string[] = [];
    let j = i + 2;
    let part = '';
    while (j < script.length && parts.length < 2) {
      const c = script[j]!;
      if (c === '\\' && script[j + 1] === delimiter) {
        part += delimiter === '&' ? '\\&' : escapeIfSpecial(delimiter);
        j += 2;
        continue;
      }
      if (c === '\\' && j + 1 < script.length) {
        part += c + script[j + 1];
        j += 2;
        continue;
      }
      if (c === delimiter) {
        parts.push(part);
        part = '';
        j++;
        continue;
      }
      part += c;
      j++;
    }
    if (parts.length < 2) return undefined;
    const flags = /^[gI0-9]*/.exec(script.slice(j))![0];
    if (/[0-9]/.test(flags)) return undefined;
    j += flags.length;
    const pattern = sedRegex(`${flags.includes('g') ? 'g' : '-'}${extended ? 'E' : 'B'}${parts[0]!}`);
    if (!pattern) return undefined;
    out.push({ pattern, replacement: sedReplacement(parts[1]!) });
    i = j;
  }
  return out;
}

/**
 * A sed address as a JavaScript regex, keyed by flags, dialect and pattern: a StatefulSet's pods
 * run the same `s/${POD_NAME}/…/` with another replacement each. Only String.replace uses them,
 * which resets a global regex's lastIndex, so sharing one is safe.
 */
const sedRegex: (key: string) => RegExp | null = lexCache((key) => {
  const source = key[1] === 'E' ? key.slice(2) : basicToExtended(key.slice(2));
  try {
    return new RegExp(source, key[0] === 'g' ? 'g' : '');
  } catch {
    return null;
  }
});

function escapeIfSpecial(c: string): string {
  return /[.*+?^${}()|[\]\\]/.test(c) ? `\\${c}` : c;
}

/** POSIX basic regular expression to a JavaScript one. */
function basicToExtended(bre: string): string {
  let out = '';
  for (let i = 0; i < bre.length; i++) {
    const c = bre[i]!;
    if (c === '\\' && i + 1 < bre.length) {
      const next = bre[++i]!;
      out += '(){}+?|'.includes(next) ? next : `\\${next}`;
      continue;
    }
    if (c === '[') {
      const end = bre.indexOf(']', i + (bre[i + 1] === ']' ? 2 : bre[i + 1] === '^' && bre[i + 2] === ']' ? 3 : 1));
      if (end !== -1) {
        out += bre.slice(i, end + 1).replace(/\\/g, '\\\\');
        i = end;
        continue;
      }
    }
    if ('(){}+?|'.includes(c)) out += `\\${c}`;
    else if (c === '*' && (i === 0 || out.endsWith('('))) out += '\\*';
    else if (c === '$' && i !== bre.length - 1) out += '\\$';
    else if (c === '^' && i !== 0) out += '\\^';
    else out += c;
  }
  return out;
}

function sedReplacement(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      const next = text[++i]!;
      out += /[1-9]/.test(next) ? `$${next}` : next === 'n' ? '\n' : next === '$' ? '$$' : next;
    } else if (c === '&') out += '$&';
    else if (c === '$') out += '$$';
    else out += c;
  }
  return out;
}

// ---------------------------------------------------------------------------
// awk and cut
// ---------------------------------------------------------------------------

/** `awk [-F sep] '{print expr, …}'`: fields, numbers, strings, + - * / %, concatenation. */
function awk(args: string[], input: string): ShellValue {
  let separator: string | undefined;
  let program: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-F') separator = args[++i];
    else if (arg.startsWith('-F')) separator = arg.slice(2);
    else if (program === undefined) program = arg;
    else return undefined;
  }
  const body = /^\s*\{\s*print\s+(.*?)\s*;?\s*\}\s*$/s.exec(program ?? '')?.[1];
  if (body === undefined) return undefined;
  const tokens = body.match(/"(?:[^"\\]|\\.)*"|\d+(?:\.\d+)?|\$|[-+*/%(),]|\S/g) ?? [];
  let out = '';
  for (const line of linesOf(input)) {
    const fields = separator === undefined || separator === ' ' ? line.trim().split(/\s+/).filter(Boolean) : separator.length === 1 ? line.split(separator) : undefined;
    if (!fields) return undefined;
    const values = awkPrint(tokens, line, fields);
    if (values === undefined) return undefined;
    out += `${values.join(' ')}\n`;
  }
  return out;
}

type AwkValue = { text: string } | { number: number };

function awkPrint(tokens: string[], line: string, fields: string[]): string[] | undefined {
  let position = 0;
  const toNumber = (value: AwkValue): number => ('number' in value ? value.number : Number(/^\s*[-+]?\d*\.?\d*/.exec(value.text)![0]) || 0);
  const toText = (value: AwkValue): string => {
    if ('text' in value) return value.text;
    return Number.isInteger(value.number) ? String(value.number) : String(Number(value.number.toPrecision(6)));
  };
  const primary = (): AwkValue | undefined => {
    const token = tokens[position++];
    if (token === undefined) return undefined;
    if (token === '$') {
      const index = primary();
      if (index === undefined) return undefined;
      const n = toNumber(index);
      return { text: n === 0 ? line : (fields[n - 1] ?? '') };
    }
    if (token === '-') {
      const value = primary();
      return value === undefined ? undefined : { number: -toNumber(value) };
    }
    if (token === '(') {
      const value = concatenation();
      return tokens[position++] === ')' ? value : undefined;
    }
    if (/^\d/.test(token)) return { number: Number(token) };
    if (token.startsWith('"')) return { text: token.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)) };
    return undefined;
  };
  const product = (): AwkValue | undefined => {
    let value = primary();
    while (value !== undefined && ['*', '/', '%'].includes(tokens[position] ?? '')) {
      const op = tokens[position++]!;
      const right = primary();
      if (right === undefined) return undefined;
      const a = toNumber(value);
      const b = toNumber(right);
      if (op !== '*' && b === 0) return undefined;
      value = { number: op === '*' ? a * b : op === '/' ? a / b : a % b };
    }
    return value;
  };
  const sum = (): AwkValue | undefined => {
    let value = product();
    while (value !== undefined && ['+', '-'].includes(tokens[position] ?? '')) {
      const op = tokens[position++]!;
      const right = product();
      if (right === undefined) return undefined;
      value = { number: op === '+' ? toNumber(value) + toNumber(right) : toNumber(value) - toNumber(right) };
    }
    return value;
  };
  const concatenation = (): AwkValue | undefined => {
    let value = sum();
    while (value !== undefined && position < tokens.length && ![',', ')'].includes(tokens[position]!)) {
      const right = sum();
      if (right === undefined) return undefined;
      value = { text: toText(value) + toText(right) };
    }
    return value;
  };
  const out: string[] = [];
  for (;;) {
    const value = concatenation();
    if (value === undefined) return undefined;
    out.push(toText(value));
    if (position >= tokens.length) return out;
    if (tokens[position++] !== ',') return undefined;
  }
}

/** `cut -d X -f N`: one field. */
function cut(args: string[], input: string): ShellValue {
  let delimiter = '\t';
  let field: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (flag: string): string | undefined => (arg === flag ? args[++i] : arg.slice(flag.length));
    if (arg.startsWith('-d')) delimiter = value('-d') ?? '';
    else if (arg.startsWith('-f')) {
      const text = value('-f') ?? '';
      if (!/^\d+$/.test(text)) return undefined;
      field = Number(text);
    } else return undefined;
  }
  if (field === undefined || delimiter.length !== 1) return undefined;
  return linesOf(input)
    .map((line) => `${line.includes(delimiter) ? (line.split(delimiter)[field - 1] ?? '') : line}\n`)
    .join('');
}
