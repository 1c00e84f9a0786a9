import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { UsageError } from '../engine/errors.ts';
import { check, rules } from '../index.ts';
import { loadReference } from '../model/reference.ts';
import { reviewToHtml } from '../report/html.ts';
import { writeReview } from '../report/review.ts';
import { reporters } from '../reporters/index.ts';
import { HELP } from './help.ts';
import { summarize } from '../engine/finding.ts';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

/** Runs the CLI and returns its exit code; only this module touches stdout, stderr and the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`docdrift: ${error.message}\n`);
    } else {
      io.stderr(`docdrift: internal error: ${(error as Error).message}\n`);
      if (debug) io.stderr(`${(error as Error).stack}\n`);
    }
    return 2;
  }
}

async function run(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        quiet: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        debug: { type: 'boolean' },
        date: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (see docdrift --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (values.version) {
    io.stdout(`${packageVersion()}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (command === undefined) {
    io.stderr(HELP);
    return 2;
  }
  if (rest.length > 1) throw new UsageError(`${command} takes one root folder, got ${rest.length}`);
  const options = { root: rest[0] ?? '.', ...(values.config ? { configPath: values.config } : {}) };
  const write = async (text: string) => {
    if (values.output) await writeFile(values.output, text);
    else io.stdout(text);
  };
  if (command === 'report') {
    const format = values.format ?? 'markdown';
    if (format !== 'markdown' && format !== 'html') throw new UsageError(`unknown report format '${format}', expected markdown or html`);
    if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new UsageError(`--date takes YYYY-MM-DD, got '${values.date}'`);
    const result = await check(options);
    const markdown = writeReview(result, { rules, reference: loadReference(), ...(values.date ? { date: values.date } : {}), defaultNamespace: result.config.namespace, clusterDomain: result.config.clusterDomain });
    await write(format === 'html' ? reviewToHtml(markdown, `Architecture Review: ${result.root}`) : markdown);
    return 0;
  }
  if (command !== 'check') throw new UsageError(`unknown command '${command}' (see docdrift --help)`);

  const format = values.format ?? 'stylish';
  const reporter = reporters[format];
  if (!reporter) throw new UsageError(`unknown format '${format}', expected one of: ${Object.keys(reporters).join(', ')}`);
  const result = await check(options);
  const findings = values.quiet ? result.findings.filter((finding) => finding.severity === 'error') : result.findings;
  const shown = { ...result, findings, summary: summarize(findings, result.summary.files) };
  const color = !values['no-color'] && !values.output && io.isTTY && !io.env['NO_COLOR'];
  await write(reporter(shown, { color }));
  return result.summary.errors > 0 ? 1 : 0;
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}
