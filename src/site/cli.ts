/**
 * `docdrift site build [root] [--out DIR]` and `docdrift site dev [root]`: the CLI side of the site.
 * src/cli/cli.ts only dispatches here; everything about the site lives in src/site/.
 */
import { watch, type FSWatcher } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../engine/errors.ts';
import { buildSite, createWorkDir, runAstro, type AstroLogLevel } from './build.ts';
import { useSiteCache } from './cache.ts';
import { severityCounts } from '../reporters/stylish.ts';

export interface SiteIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Ctrl-C: stops the build or the dev server. */
  signal?: AbortSignal;
}

export const SITE_HELP = `Usage: docdrift site build [root] [options]
       docdrift site dev [root] [options]

Publish the reconciled architecture, deployment guide, expansion path and drift report of a
deployment folder as a static site (Astro + Starlight, searchable, light and dark).

  build             build the static site (default output: ./docdrift-site)
  dev               serve it with live reload; edits under the root rebuild the pages

Options:
  -o, --out DIR     build: where to write the site
  -c, --config FILE use this config instead of looking one up
      --base PATH   the path the site is served from (default /)
      --title TEXT  site title (default "docdrift: <root folder>")
      --edit-url URL
                    where each page's file is edited, {path} standing for its path in
                    the repository (default: from the git remote, when known)
      --port N      dev: port (default 4321)
      --host ADDR   dev: address to listen on (default localhost)
      --verbose     show Astro's progress
  -h, --help        this help
`;

/** Astro's messages that say nothing about the user's site: no sitemap without a `site` URL, Starlight's default 404. */
const NOISE = [/The Sitemap integration requires the `site` astro\.config option/, /Entry docs → 404 was not found/];

/** Forwards Astro's output line by line, without the noise. */
export function astroOutput(io: SiteIo): (text: string, stream: 'stdout' | 'stderr') => void {
  const pending = { stdout: '', stderr: '' };
  return (text, stream) => {
    const lines = (pending[stream] + text).split('\n');
    pending[stream] = lines.pop() ?? '';
    for (const line of lines) {
      if (NOISE.some((pattern) => pattern.test(line)) || line.trim() === '') continue;
      (stream === 'stdout' ? io.stdout : io.stderr)(`${line}\n`);
    }
  };
}

/** Runs a `site` subcommand; returns the exit code. */
export async function siteCommand(argv: string[], io: SiteIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        output: { type: 'string' },
        config: { type: 'string', short: 'c' },
        base: { type: 'string' },
        title: { type: 'string' },
        'edit-url': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        verbose: { type: 'boolean' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (see docdrift site --help)`);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') {
    io.stdout(SITE_HELP);
    return 0;
  }
  if (command === undefined) {
    io.stderr(SITE_HELP);
    return 2;
  }
  if (command !== 'build' && command !== 'dev') throw new UsageError(`unknown site command '${command}', expected build or dev (see docdrift site --help)`);
  if (rest.length > 1) throw new UsageError(`site ${command} takes one root folder, got ${rest.length}`);
  const root = rest[0] ?? '.';
  const logLevel: AstroLogLevel = values.verbose ? 'info' : 'warn';
  const common = {
    root,
    ...(values.config ? { configPath: values.config } : {}),
    ...(values.base ? { base: values.base } : {}),
    ...(values.title ? { title: values.title } : {}),
    ...(values['edit-url'] ? { editUrl: values['edit-url'] } : {}),
  };
  if (command === 'build') {
    const outDir = values.out ?? values.output ?? 'docdrift-site';
    const started = performance.now();
    const built = await buildSite({ ...common, outDir, logLevel, onOutput: astroOutput(io), ...(io.signal ? { signal: io.signal } : {}) });
    const { summary } = built.result;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const shown = path.relative(process.cwd(), built.outDir);
    io.stdout(
      `docdrift: built ${built.data.pages.length} pages into ${shown.startsWith('..') || path.isAbsolute(shown) ? built.outDir : shown || '.'} in ${seconds}s ` +
        `(${severityCounts(summary)})\n`,
    );
    return 0;
  }
  const port = values.port === undefined ? 4321 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number, got '${values.port}'`);
  return dev(common, { port, host: values.host, logLevel }, io);
}

/** Serves the site with Astro's dev server; re-checks the root when a file under it changes. */
async function dev(
  options: { root: string; configPath?: string; base?: string; title?: string; editUrl?: string },
  server: { port: number; host: string | undefined; logLevel: AstroLogLevel },
  io: SiteIo,
): Promise<number> {
  const work = await createWorkDir();
  const cacheDir = await useSiteCache(options.root, undefined);
  // Imported here, not at the top: `site build` starts Astro before it loads the page generators.
  const { prepareSite } = await import('./prepare.ts');
  let watcher: FSWatcher | undefined;
  try {
    const prepared = await prepareSite({ ...options, dataDir: work, cacheDir });
    const child = runAstro(
      work,
      { command: 'dev', cacheDir, logLevel: server.logLevel === 'warn' ? 'info' : server.logLevel, port: server.port, host: server.host ?? false },
      astroOutput(io),
    );
    const address = await child.ready;
    if (address) io.stdout(`docdrift: serving ${options.root} at http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}${prepared.data.base}\n`);
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> = Promise.resolve();
    const root = path.resolve(options.root);
    watcher = watch(root, { recursive: true }, (_event, name) => {
      const file = String(name ?? '');
      if (/(^|[\\/])(node_modules|\.git|\.astro)([\\/]|$)/.test(file)) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        running = running.then(async () => {
          try {
            const again = await prepareSite({ ...options, dataDir: work, cacheDir });
            const { summary } = again.result;
            io.stdout(`docdrift: ${file} changed, pages rebuilt (${summary.errors} errors, ${summary.warnings} warnings)\n`);
          } catch (error) {
            io.stderr(`docdrift: could not rebuild the pages: ${(error as Error).message}\n`);
          }
        });
      }, 250);
    });
    const stop = () => child.stop();
    io.signal?.addEventListener('abort', stop, { once: true });
    process.once('SIGTERM', stop);
    await child.done;
    io.signal?.removeEventListener('abort', stop);
    process.off('SIGTERM', stop);
    return 0;
  } finally {
    watcher?.close();
    await rm(work, { recursive: true, force: true });
  }
}
