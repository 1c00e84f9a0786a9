import { constants, type Dirent } from 'node:fs';
import { lstat, open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import type { DocdriftConfig } from '../config/schema.ts';
import type { SourceFile } from '../engine/analyze.ts';
import { compareText } from '../engine/finding.ts';
import { UsageError } from '../engine/errors.ts';
import type { FileRole, ParseProblem, Source } from '../model/types.ts';
import { Gitignores } from './gitignore.ts';

/** Folders never worth reading: dependencies and VCS internals. */
const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface Discovery {
  files: SourceFile[];
  /**
   * Every file and folder below the root, for checking links: ignored folders are listed, not what
   * is below them (addNamedPaths() looks those up when a doc names them).
   */
  paths: Set<string>;
  /** Ignored folders, not walked. */
  unwalked: string[];
  /** Files that matched a role but were not read (too large, binary, unreadable, symbolic links). */
  skipped: ParseProblem[];
}

/**
 * Finds the docs, manifests and haproxy configs under `root` and reads them.
 * Skipped: node_modules and VCS folders (not even listed), the config's `ignore` globs and,
 * unless `gitignore: false`, what the root's and nested .gitignore files exclude (listed in
 * `paths` but never read; an ignored folder is not walked at all).
 * Symbolic links are never followed, so loops and links out of the root are harmless.
 */
export async function discover(root: string, config: DocdriftConfig): Promise<Discovery> {
  const absoluteRoot = path.resolve(root);
  let rootStat;
  try {
    rootStat = await stat(absoluteRoot);
  } catch {
    throw new UsageError(`root not found: ${root}`);
  }
  if (!rootStat.isDirectory()) throw new UsageError(`root is not a directory: ${root}`);

  const classify = roleClassifier(config);
  const files: SourceFile[] = [];
  const skipped: ParseProblem[] = [];
  const paths = new Set<string>();
  const unwalked: string[] = [];
  const pending: { dir: string; gitignores: Gitignores }[] = [{ dir: '', gitignores: Gitignores.none }];
  while (pending.length > 0) {
    const { dir, gitignores: outer } = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = await readdir(path.join(absoluteRoot, dir), { withFileTypes: true });
    } catch (error) {
      if (dir === '') throw new UsageError(`cannot read root ${root}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
      skipped.push(skip(dir, `folder not readable (${(error as NodeJS.ErrnoException).code ?? 'error'})`));
      continue;
    }
    const gitignores = config.gitignore ? await outer.enter(absoluteRoot, dir) : outer;
    for (const entry of entries) {
      const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      paths.add(relative);
      if (entry.isDirectory()) {
        // Nothing below an ignored folder is read, and git cannot re-include what is below it either.
        if (classify.ignored(`${relative}/`) || gitignores.ignores(relative, true)) unwalked.push(relative);
        else pending.push({ dir: relative, gitignores });
        continue;
      }
      const role = gitignores.ignores(relative, false) ? undefined : classify.role(relative);
      if (!role) continue;
      if (entry.isSymbolicLink()) {
        skipped.push(skip(relative, 'symbolic link not followed'));
      } else if (entry.isFile()) {
        const read = await readSourceFile(absoluteRoot, relative, role, config.maxFileSize);
        if ('text' in read) files.push(read);
        else skipped.push(read);
      } else {
        skipped.push(skip(relative, `not a regular file (${specialKind(entry)})`));
      }
    }
  }
  files.sort((a, b) => compareText(a.path, b.path));
  skipped.sort((a, b) => compareText(a.source.file, b.source.file));
  unwalked.sort(compareText);
  return { files, paths, unwalked, skipped };
}

/**
 * Adds to `paths` the names (root-relative) that lie below an unwalked folder and exist, with
 * their folders: walking every ignored folder to resolve the few links into them cost more
 * (test/ of this repo: 295 folders) than looking up what the docs name.
 */
export async function addNamedPaths(root: string, unwalked: readonly string[], names: Iterable<string>, paths: Set<string>): Promise<void> {
  if (unwalked.length === 0) return;
  const folders = new Set(unwalked);
  const below = (name: string) => {
    for (let slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) if (folders.has(name.slice(0, slash))) return true;
    return false;
  };
  const wanted = new Set<string>();
  for (const name of names) {
    // The name and each folder above it, up to the unwalked one.
    for (let entry = name; !paths.has(entry) && below(entry); entry = entry.slice(0, entry.lastIndexOf('/'))) wanted.add(entry);
  }
  const found = await Promise.all(
    [...wanted].map((name) =>
      lstat(path.join(root, name)).then(
        () => name,
        () => undefined,
      ),
    ),
  );
  for (const name of found) if (name !== undefined) paths.add(name);
}

function roleClassifier(config: DocdriftConfig) {
  const options = { dot: false };
  const ignore = picomatch(config.ignore.length > 0 ? config.ignore : ['\0'], options);
  const matchers: [FileRole, picomatch.Matcher][] = [
    ['haproxy', picomatch(config.haproxy, options)],
    ['manifest', picomatch(config.manifests, options)],
    ['doc', picomatch(config.docs, options)],
    ['script', picomatch(config.scripts, options)],
    ['build', picomatch(config.makefiles, options)],
  ];
  return {
    ignored: (relative: string) => ignore(relative) || ignore(relative.replace(/\/$/, '')),
    role(relative: string): FileRole | undefined {
      if (ignore(relative)) return undefined;
      return matchers.find(([, matches]) => matches(relative))?.[0];
    },
  };
}

async function readSourceFile(
  root: string,
  relative: string,
  role: FileRole,
  maxFileSize: number,
): Promise<SourceFile | ParseProblem> {
  try {
    // Opened without blocking and without following links, then checked on the open handle: a file
    // swapped for a FIFO or a link after it was listed is skipped, never waited on or followed.
    const handle = await open(path.join(root, relative), constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
    try {
      const info = await handle.stat();
      if (!info.isFile()) return skip(relative, 'not a regular file');
      const size = info.size;
      if (size > maxFileSize) return skip(relative, `file is ${size} bytes, over the ${maxFileSize}-byte limit (maxFileSize)`);
      const bytes = await handle.readFile();
      if (bytes.subarray(0, 8192).includes(0)) return skip(relative, 'binary file (contains NUL bytes)');
      const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
      return { path: relative, role, size, text };
    } finally {
      await handle.close();
    }
  } catch (error) {
    return skip(relative, `file not readable (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** What a directory entry that is neither a file, a folder nor a link is (never opened: a FIFO would block the read). */
function specialKind(entry: Dirent): string {
  if (entry.isFIFO()) return 'FIFO';
  if (entry.isSocket()) return 'socket';
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return 'device';
  return 'unknown type';
}

function skip(file: string, message: string): ParseProblem {
  const source: Source = { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  return { kind: 'skipped-file', message, source };
}
