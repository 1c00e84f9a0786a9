/**
 * Splits one haproxy.cfg line into words the way HAProxy's parse_line() does
 * (configuration.txt 2.2 "Quoting and escaping"), keeping the exact position
 * of every word as written so findings can point at it.
 */
import type { Located, ParseProblem, Source } from '../model/types.ts';

export interface TokenizedLine {
  /** Words after unquoting and unescaping; sources cover the word as written (quotes included). */
  words: Located<string>[];
  /** Text after the first unquoted '#', without the '#'. */
  comment: { text: string; source: Source } | undefined;
  /** Position of a backslash that ends the line (HAProxy has no line continuation). */
  continuation: Source | undefined;
  problems: ParseProblem[];
  /** First word to last word, or the comment when the line has no words; undefined for a blank line. */
  span: Source | undefined;
}

/** HAProxy cuts words on isspace(): space, \t, \n, \v, \f, \r. */
export function isHaproxySpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\v' || c === '\f';
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

const BACKSLASH = 0x5c;
const SQUOTE = 0x27;
const DQUOTE = 0x22;
const SPACE = 0x20;
const HASH = 0x23;
const DOLLAR = 0x24;

/** A single-line Source; columns are 0-based string offsets here, converted to 1-based. */
export function lineSource(file: string, line: number, start: number, end: number): Source {
  return { file, line, column: start + 1, endLine: line, endColumn: end + 1 };
}

/**
 * HAProxy expands `$NAME` and `${NAME}` inside double quotes, `${NAME-default}` with a default and
 * `${NAME[*]}` split into words; a '$' followed by anything else (a digit, a quote, the end of the
 * word, `${}` …) is an error.
 */
function envVarProblem(text: string, dollar: number): string | undefined {
  let i = dollar + 1;
  const brace = text[i] === '{';
  if (brace) i++;
  if (!/[A-Za-z_]/.test(text[i] ?? '')) {
    return "forbidden first character in environment variable name after '$' (write \\$ for a literal dollar sign)";
  }
  while (/[A-Za-z0-9_]/.test(text[i] ?? '')) i++;
  if (brace && text.startsWith('[*]', i)) i += 3;
  else if (brace && text[i] === '-') i = text.indexOf('}', i) === -1 ? text.length : text.indexOf('}', i);
  if (brace && text[i] !== '}') return "unmatched brace in environment variable name after '${'";
  return undefined;
}

/**
 * Tokenize one line (without its trailing newline). Never throws; an
 * unterminated quote or a bad \x escape is reported and the line still
 * yields every word it can. Problems are appended to `problems` (also returned).
 */
export function tokenizeLine(file: string, lineNo: number, text: string, problems: ParseProblem[] = []): TokenizedLine {
  const words: Located<string>[] = [];
  let comment: TokenizedLine['comment'];
  let continuation: Source | undefined;
  const n = text.length;

  // Index of the last non-space character: a backslash there is a continuation attempt.
  let lastNonSpace = n - 1;
  while (lastNonSpace >= 0 && isHaproxySpace(text[lastNonSpace])) lastNonSpace--;

  let i = 0;
  while (i < n) {
    while (i < n && isHaproxySpace(text[i])) i++;
    if (i >= n) break;
    if (text[i] === '#') {
      // The '#' itself is not a space, so lastNonSpace >= i.
      comment = { text: text.slice(i + 1, lastNonSpace + 1), source: lineSource(file, lineNo, i, lastNonSpace + 1) };
      break;
    }

    const start = i;
    // Plain runs are copied with slice(); only quotes and escapes break a run.
    let value = '';
    let runStart = i;
    let quote: '"' | "'" | undefined;
    let quoteStart = -1;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (quote === "'") {
        // Strong quoting: nothing is interpreted until the closing quote.
        if (c === SQUOTE) {
          value += text.slice(runStart, i);
          runStart = i + 1;
          quote = undefined;
        }
        continue;
      }
      if (c === BACKSLASH) {
        // Escapes work unquoted and inside double quotes.
        value += text.slice(runStart, i);
        if (i === lastNonSpace) continuation = lineSource(file, lineNo, i, i + 1);
        const next = text[i + 1];
        if (next === ' ' || next === '\t' || next === '\\' || next === '"' || next === "'" || next === '#' || next === '$') {
          value += next;
          i++;
        } else if (next === 'n') {
          value += '\n';
          i++;
        } else if (next === 'r') {
          value += '\r';
          i++;
        } else if (next === 't') {
          value += '\t';
          i++;
        } else if (next === 'x' && isHex(text[i + 2]) && isHex(text[i + 3])) {
          value += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
          i += 3;
        } else {
          if (next === 'x') {
            problems.push({
              kind: 'parse-error',
              message: 'truncated or invalid hexadecimal sequence after \\x (HAProxy rejects the line)',
              source: lineSource(file, lineNo, i, Math.min(n, i + 4)),
            });
          }
          // Unknown sequences (\d, \., \1 …) keep their backslash: regexes rely on it.
          value += '\\';
        }
        runStart = i + 1;
        continue;
      }
      if (quote === '"') {
        // ${VAR} is kept literally: docdrift does not expand the environment, but a '$'
        // that starts no variable name makes HAProxy refuse the line.
        if (c === DOLLAR) {
          const problem = envVarProblem(text, i);
          if (problem) problems.push({ kind: 'parse-error', message: problem, source: lineSource(file, lineNo, i, i + 1) });
          continue;
        }
        if (c === DQUOTE) {
          value += text.slice(runStart, i);
          runStart = i + 1;
          quote = undefined;
        }
        continue;
      }
      if (c === SPACE || c === HASH || (c >= 9 && c <= 13)) break;
      if (c === DQUOTE || c === SQUOTE) {
        value += text.slice(runStart, i);
        runStart = i + 1;
        quote = c === DQUOTE ? '"' : "'";
        quoteStart = i;
      }
    }
    value += text.slice(runStart, i);
    if (quote !== undefined) {
      problems.push({
        kind: 'parse-error',
        message: `unmatched ${quote === '"' ? 'double' : 'single'} quote`,
        source: lineSource(file, lineNo, quoteStart, quoteStart + 1),
      });
    }
    words.push({ value, source: lineSource(file, lineNo, start, i) });
  }

  let span: Source | undefined;
  const first = words[0];
  const last = words[words.length - 1];
  if (first && last) span = lineSource(file, lineNo, first.source.column - 1, last.source.endColumn - 1);
  else if (comment) span = comment.source;

  return { words, comment, continuation, problems, span };
}
