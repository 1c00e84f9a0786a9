// Bundles the compiled CLI (dist/) into dist/bin: docdrift.cjs, the whole command in one file that
// dist/bin/docdrift.js loads with V8's code cache, and parse-worker.js, the parse worker thread.
// The site builder (dist/site) stays outside: it is loaded on demand, next to Astro.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['../site/*'],
  logLevel: 'warning',
  absWorkingDir: dist,
};

await build({
  ...shared,
  entryPoints: ['cli/run.js'],
  outfile: 'bin/docdrift.cjs',
  format: 'cjs',
  // The sources find their data files relative to their own URL; in the bundle that is the bundle's.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

await build({
  ...shared,
  entryPoints: ['engine/parse-worker.js'],
  outfile: 'bin/parse-worker.js',
  format: 'esm',
  // Dependencies written as CommonJS call require().
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

// The runtime tables as validated now, so that a run reads JSON instead of parsing and validating YAML.
const { TABLES_SNAPSHOT, tablesSnapshot } = await import(new URL('../dist/runtime/tables.js', import.meta.url).href);
writeFileSync(TABLES_SNAPSHOT, tablesSnapshot());
