/**
 * GitHub heading anchors, following github-slugger: lower-case the text, drop every
 * character that is not a letter, a mark, a decimal or letter number, a connector
 * punctuation (`_`), `-` or a space, then turn each space into `-`. Emoji and other
 * symbols disappear ("🚀 Launch" → "-launch"). Repeated slugs get -1, -2 … appended.
 */

const REMOVED = /[^\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc}\- ]/gu;

/** The slug of one heading text, without de-duplication. */
export function githubSlug(text: string): string {
  return text.toLowerCase().replace(REMOVED, '').replace(/ /g, '-');
}

/** Hands out unique slugs in document order, as GitHub does for one rendered file. */
export class Slugger {
  private readonly occurrences = new Map<string, number>();

  slug(text: string): string {
    const original = githubSlug(text);
    let result = original;
    while (this.occurrences.has(result)) {
      const count = (this.occurrences.get(original) ?? 0) + 1;
      this.occurrences.set(original, count);
      result = `${original}-${count}`;
    }
    this.occurrences.set(result, 0);
    return result;
  }
}
