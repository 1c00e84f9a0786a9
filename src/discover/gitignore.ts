import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** One .gitignore file: its folder (root-relative, '' for the root) and its patterns. */
interface GitignoreLevel {
  base: string;
  rules: Ignore;
}

/**
 * The .gitignore files that apply to a folder: the root's and those of the folders between,
 * outermost first. Git's semantics: a pattern is relative to the folder of its file; a deeper
 * file's patterns win over a shallower one's; the last matching pattern of a file decides, so
 * `!` re-includes; nothing below an excluded folder can be re-included (it is never read).
 * Matching is case-sensitive, as git's is by default on Linux.
 */
export class Gitignores {
  private constructor(private readonly levels: readonly GitignoreLevel[]) {}

  static readonly none = new Gitignores([]);

  /** These rules plus the folder's own .gitignore, if it has one. */
  async enter(absoluteRoot: string, dir: string): Promise<Gitignores> {
    let text: string;
    try {
      text = await readGitignore(path.join(absoluteRoot, dir, '.gitignore'));
    } catch {
      return this;
    }
    const rules = ignore({ ignorecase: false }).add(text);
    return new Gitignores([...this.levels, { base: dir, rules }]);
  }

  /** Whether git ignores a root-relative path (a folder when `isDirectory`). */
  ignores(relative: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const { base, rules } of this.levels) {
      const local = base === '' ? relative : relative.slice(base.length + 1);
      const result = rules.test(isDirectory ? `${local}/` : local);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }
}

/**
 * A .gitignore's text, when it is a regular file. Like git (2.32+), a symbolic link named
 * .gitignore is not followed; a FIFO or device is never read (it could block or never end).
 */
async function readGitignore(file: string): Promise<string> {
  const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  try {
    if (!(await handle.stat()).isFile()) throw new Error('not a regular file');
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
