import { readFileSync } from 'node:fs';
import { createHighlighter, type Highlighter, type LanguageRegistration } from 'shiki';

/** The TextMate grammar for haproxy.cfg (Shiki ships none); Starlight's Expressive Code loads the same file. */
export function haproxyGrammar(): LanguageRegistration {
  return JSON.parse(readFileSync(new URL('../../site/lib/haproxy.tmLanguage.json', import.meta.url), 'utf8')) as LanguageRegistration;
}

export const THEMES = { light: 'github-light', dark: 'github-dark' } as const;
let highlighter: Promise<Highlighter> | undefined;

/** One Shiki highlighter per process: haproxy, YAML, Markdown, shell and JSON, light and dark themes. */
export function getHighlighter(): Promise<Highlighter> {
  highlighter ??= createHighlighter({ themes: [THEMES.light, THEMES.dark], langs: [haproxyGrammar(), 'yaml', 'markdown', 'bash', 'json'] });
  return highlighter;
}

/** A loaded language for a code block's info string, or 'text'. */
export function languageFor(shiki: Highlighter, lang: string | null | undefined): string {
  if (!lang) return 'text';
  const aliases: Record<string, string> = { sh: 'bash', shell: 'bash', console: 'bash', yml: 'yaml', md: 'markdown', cfg: 'haproxy' };
  const name = aliases[lang] ?? lang;
  return shiki.getLoadedLanguages().includes(name) ? name : 'text';
}
