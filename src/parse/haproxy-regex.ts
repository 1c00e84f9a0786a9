/**
 * HAProxy's regular expressions are PCRE2; JavaScript reads most of them the
 * same way. pcreToJs() translates the common PCRE-only spellings and refuses
 * the rest, so that both routing (matching) and parsing (validity) can rely on it.
 */

/**
 * Translate a PCRE2 pattern to a JavaScript one, or undefined when it uses
 * PCRE-only syntax whose meaning JavaScript would change (possessive or
 * atomic groups, \p, \Q…\E, \h, inline flags mid-pattern …).
 */
export function pcreToJs(pattern: string): { source: string; flags: string } | undefined {
  const result = translate(pattern);
  return 'source' in result ? result : undefined;
}

type Translation = { source: string; flags: string } | { unsupported: true } | { invalid: string };

function translate(pattern: string): Translation {
  const unsupported: Translation = { unsupported: true };
  let flags = '';
  let i = 0;
  const lead = /^\(\?([ims]+)\)/.exec(pattern);
  if (lead) {
    for (const f of lead[1] as string) if (!flags.includes(f)) flags += f;
    i = lead[0].length;
  }
  const POSIX: Record<string, string> = {
    alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
    xdigit: '0-9A-Fa-f', punct: '!-\\/:-@\\[-`{-~', word: '\\w', blank: ' \\t', cntrl: '\\x00-\\x1f\\x7f',
    print: '\\x20-\\x7e', graph: '\\x21-\\x7e',
  };
  let out = '';
  let inClass = false;
  const n = pattern.length;
  while (i < n) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const d = pattern[i + 1];
      if (d === undefined) return { invalid: '\\ at end of pattern' };
      if (/[dDwWsSbBnrtf0-9\\]/.test(d) || !/[A-Za-z0-9]/.test(d)) {
        out += c + d;
        i += 2;
      } else if (d === 'x') {
        if (!/^[0-9A-Fa-f]{2}$/.test(pattern.slice(i + 2, i + 4))) return unsupported;
        out += pattern.slice(i, i + 4);
        i += 4;
      } else if (d === 'A' && !inClass) {
        out += '^';
        i += 2;
      } else if (d === 'z' && !inClass) {
        out += '$';
        i += 2;
      } else if (d === 'Z' && !inClass) {
        out += '(?=\\n?$)';
        i += 2;
      } else if (d === 'e') {
        out += '\\x1b';
        i += 2;
      } else if (d === 'c' && /[A-Za-z]/.test(pattern[i + 2] ?? '')) {
        out += pattern.slice(i, i + 3);
        i += 3;
      } else {
        return unsupported; // \h \v \p \Q \G \K \R \X \N \g … or an escape PCRE2 rejects
      }
      continue;
    }
    if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') {
        const close = pattern.indexOf(':]', i + 2);
        const cls = close < 0 ? undefined : POSIX[pattern.slice(i + 2, close)];
        if (cls === undefined) return unsupported;
        out += cls;
        i = close + 2;
        continue;
      }
      if (c === '[') out += '\\[';
      else {
        if (c === ']') inClass = false;
        out += c;
      }
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += '[';
      i++;
      if (pattern[i] === '^') {
        out += '^';
        i++;
      }
      // A ']' right after '[' or '[^' is a literal in PCRE; JavaScript would read an empty class.
      if (pattern[i] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2, i + 4);
      if (rest.startsWith(':') || rest.startsWith('=') || rest.startsWith('!') || rest === '<=' || rest === '<!') {
        out += '(?';
        i += 2;
        continue;
      }
      if (rest.startsWith('<') || rest === 'P<') {
        out += '(?<';
        i += rest === 'P<' ? 4 : 3;
        continue;
      }
      return unsupported; // atomic groups, inline flags, comments, recursion, branch reset
    }
    if ((c === '*' || c === '+' || c === '?' || c === '}') && pattern[i + 1] === '+') return unsupported; // possessive
    out += c;
    i++;
  }
  if (inClass) return { invalid: 'missing terminating ] for character class' };
  return { source: out, flags };
}

/**
 * Why PCRE2 rejects `pattern` (HAProxy then refuses the ACL), or undefined
 * when it compiles or when docdrift cannot tell (PCRE-only syntax that
 * JavaScript does not share is given the benefit of the doubt).
 */
export function regexProblem(pattern: string): string | undefined {
  const js = translate(pattern);
  if ('invalid' in js) return js.invalid;
  if (!('source' in js)) return undefined;
  try {
    new RegExp(js.source, js.flags);
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '') : String(error);
    return reason;
  }
}
