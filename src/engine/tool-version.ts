import { createHash, type Hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Every module that asks sits two folders below the package (src/engine, dist/engine, dist/bin),
// so the same relative URL finds package.json from the sources, the compiled files and the bundle.
const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

// For the same reason one folder up is the code that runs: src/ under vitest, dist/ for the library,
// and dist/ again for the bundle in dist/bin (scripts/bundle.mjs makes import.meta.url the bundle's
// URL), where it covers the bundle, its parse worker and the site builder loaded beside it.
const CODE_ROOT = new URL('../', import.meta.url);

let cachedVersion: string | undefined;

/** The version in package.json. */
export function packageVersion(): string {
  cachedVersion ??= (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
  return cachedVersion;
}

let cachedIdentity: Promise<string> | undefined;

/**
 * Which build of docdrift this is, for keying caches of computed results: a changed code file or an
 * upgraded dependency never reads a stale entry. Taken once per process, and only by a cache's user,
 * since it walks the code folder.
 */
export function buildIdentity(): Promise<string> {
  cachedIdentity ??= buildIdentityOf(fileURLToPath(CODE_ROOT), fileURLToPath(PACKAGE_JSON));
  return cachedIdentity;
}

/**
 * The package version and a hash of the code files under codeRoot (paths, sizes and times), of the
 * installed version of each dependency packageJson lists, found from codeRoot as Node would, and of
 * npm's record of the last install there.
 */
export async function buildIdentityOf(codeRoot: string, packageJson: string): Promise<string> {
  const manifest = JSON.parse(await readFile(packageJson, 'utf8')) as { version: string; dependencies?: Record<string, string> };
  const hash = createHash('sha256');
  const [versions, installed] = await Promise.all([
    installedVersions(Object.keys(manifest.dependencies ?? {}), codeRoot),
    installStamp(codeRoot),
    hashFiles(hash, codeRoot, false),
  ]);
  for (const [name, version] of versions) hash.update(`\0${name}@${version}`);
  hash.update(`\0${installed}`);
  return `${manifest.version}-${hash.digest('hex').slice(0, 24)}`;
}

/**
 * The version of each package as installed where Node finds it from the folder: the first
 * node_modules/<name> up the tree. Its package.json is read directly, since a package's exports
 * may not include it; a package that is not installed is 'missing'.
 */
async function installedVersions(names: readonly string[], from: string): Promise<[string, string][]> {
  const requireFromCode = createRequire(path.join(from, path.sep));
  return Promise.all(
    names.map(async (name): Promise<[string, string]> => {
      for (const folder of requireFromCode.resolve.paths(name) ?? []) {
        try {
          return [name, (JSON.parse(await readFile(path.join(folder, name, 'package.json'), 'utf8')) as { version: string }).version];
        } catch {
          // Not in this node_modules: Node looks in the next one up.
        }
      }
      return [name, 'missing'];
    }),
  );
}

/**
 * When npm last changed the node_modules Node finds from the folder: the size and time of npm's
 * hidden lockfile there, so that an upgraded indirect dependency (micromark under remark-parse) counts too.
 */
async function installStamp(from: string): Promise<string> {
  for (const folder of createRequire(path.join(from, path.sep)).resolve.paths('') ?? []) {
    try {
      const info = await stat(path.join(folder, '.package-lock.json'));
      return `${info.size}:${info.mtimeMs}`;
    } catch {
      // No npm install here: look further up.
    }
  }
  return 'no lockfile';
}

/** Adds the files below a folder to a hash: paths, and contents or sizes and times. */
export async function hashFiles(hash: Hash, root: string, withContents: boolean): Promise<void> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true, recursive: true });
  } catch {
    return;
  }
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name)).sort();
  // Read together, hashed in order.
  const described = await Promise.all(
    files.map(async (file) => {
      if (withContents) return readFile(file);
      const info = await stat(file);
      return `${info.size}:${info.mtimeMs}`;
    }),
  );
  files.forEach((file, index) => hash.update(`\0${path.relative(root, file)}\0`).update(described[index]!));
}
