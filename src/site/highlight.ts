import { readFileSync } from 'node:fs';
import type { Highlighter, LanguageRegistration } from 'shiki';

/** The TextMate grammar for haproxy.cfg (Shiki ships none); Starlight's Expressive Code loads the same file. */
export function haproxyGrammar(): LanguageRegistration {
  return JSON.parse(readFileSync(new URL('../../site/lib/haproxy.tmLanguage.json', import.meta.url), 'utf8')) as LanguageRegistration;
}

export const THEMES = { light: 'github-light', dark: 'github-dark' } as const;
let highlighter: Promise<Highlighter> | undefined;

/**
 * One Shiki highlighter per process: haproxy, YAML, Markdown, shell and JSON, light and dark themes.
 * Shiki is loaded on first use: a build whose renders were all kept needs none of it.
 */
export function getHighlighter(): Promise<Highlighter> {
  highlighter ??= import('shiki').then(({ createHighlighter }) =>
    createHighlighter({ themes: [THEMES.light, THEMES.dark], langs: [haproxyGrammar(), 'yaml', 'markdown', 'bash', 'json'] }),
  );
  return highlighter;
}

/** A loaded language for a code block's info string, or 'text'. */
export function languageFor(shiki: Highlighter, lang: string | null | undefined): string {
  if (!lang) return 'text';
  const aliases: Record<string, string> = { sh: 'bash', shell: 'bash', console: 'bash', yml: 'yaml', md: 'markdown', cfg: 'haproxy' };
  const name = aliases[lang] ?? lang;
  return shiki.getLoadedLanguages().includes(name) ? name : 'text';
}

/** The themes' default text colours: tokens in them need no span. */
const DEFAULT_COLORS = new Set(['#24292e|#e1e4e8']);

/**
 * Token colours as short classes (`c0`, `c1` …) with one `<style>` per page, instead of an inline
 * style on every token: pages shrink several times over.
 */
export class StyleClasses {
  private readonly classes = new Map<string, string>();

  constructor(private readonly scope: string) {}

  /** The class for a light/dark colour pair (and italics); undefined for the default colours. */
  classFor(light: string | undefined, dark: string | undefined, italic = false): string | undefined {
    const key = `${(light ?? '').toLowerCase()}|${(dark ?? '').toLowerCase()}`;
    if ((!light && !dark) || (DEFAULT_COLORS.has(key) && !italic)) return undefined;
    const full = `${key}|${italic ? 'i' : ''}`;
    let name = this.classes.get(full);
    if (!name) {
      name = `c${this.classes.size}`;
      this.classes.set(full, name);
    }
    return name;
  }

  /** The page's `<style>` element (empty when no token is coloured). */
  style(): string {
    if (this.classes.size === 0) return '';
    const rules = [...this.classes.entries()].map(([key, name]) => {
      const [light, dark, italic] = key.split('|');
      return `${this.scope} .${name}{--l:${light};--d:${dark}${italic ? ';font-style:italic' : ''}}`;
    });
    return `<style>${rules.join('')}</style>`;
  }
}

/** Reads Shiki's `--shiki-light:#…;--shiki-dark:#…` inline style. */
export function shikiColors(style: string): { light: string | undefined; dark: string | undefined; italic: boolean } {
  const value = (name: string) => new RegExp(`${name}:([^;]+)`).exec(style)?.[1]?.trim();
  return { light: value('--shiki-light'), dark: value('--shiki-dark'), italic: value('--shiki-light-font-style') === 'italic' };
}
