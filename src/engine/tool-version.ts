import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Every module that asks sits two folders below the package (src/engine, dist/engine, dist/bin),
// so the same relative URL finds package.json from the sources, the compiled files and the bundle.
const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

let cachedVersion: string | undefined;

/** The version in package.json. */
export function packageVersion(): string {
  cachedVersion ??= (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
  return cachedVersion;
}

/** The package version plus the build time of the running code: a rebuilt parser never reads stale cache entries. */
export function toolBuild(): string {
  return `${packageVersion()}-${Math.floor(statSync(fileURLToPath(import.meta.url)).mtimeMs)}`;
}
