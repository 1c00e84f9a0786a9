import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../engine/errors.ts';
import { SEVERITY_RANK, summarize, type Finding } from '../engine/finding.ts';
import { packageVersion } from '../engine/tool-version.ts';
import { check, rules } from '../index.ts';
import type { Severity } from '../model/types.ts';
import { reporters } from '../reporters/index.ts';
import { HELP } from './help.ts';
import { watchCheck } from './watch.ts';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** Ends long-running commands (--watch); the terminal's Ctrl-C. */
  signal?: AbortSignal;
}

/** Standard output, as an --output value. */
export const STDOUT = '-';

const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

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

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', multiple: true },
      output: { type: 'string', short: 'o', multiple: true },
      config: { type: 'string', short: 'c' },
      quiet: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      'max-warnings': { type: 'string' },
      'fail-on': { type: 'string' },
      'changed-since': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      debug: { type: 'boolean' },
      date: { type: 'string' },
      cache: { type: 'boolean' },
      'cache-location': { type: 'string' },
      watch: { type: 'boolean' },
    },
  });
}

async function run(argv: string[], io: Io): Promise<number> {
  // `docdrift site build|dev`: its own options, all of it in src/site/ (loaded only when asked for).
  if (argv[0] === 'site') return (await import('../site/cli.ts')).siteCommand(argv.slice(1), io);
  let parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\s*\n\s*/g, ' ')} (see docdrift --help)`);
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
  if (command === 'check') return runCheck(values, rest, io);
  if (command === 'report') return runReport(values, rest, io);
  if (command === 'rules') return runRules(values, rest, io);
  throw new UsageError(`unknown command '${command}' (see docdrift --help)`);
}

/** Options that only some commands take: naming one elsewhere is a usage error rather than silently ignored. */
function onlyFor(command: string, values: Values, allowed: (keyof Values)[]): void {
  const limited: (keyof Values)[] = ['quiet', 'max-warnings', 'fail-on', 'changed-since', 'config', 'date', 'output', 'cache', 'cache-location', 'watch'];
  for (const option of limited) {
    if (values[option] !== undefined && !allowed.includes(option)) throw new UsageError(`${command} does not take --${option} (see docdrift --help)`);
  }
}

function rootOf(command: string, rest: string[]): string {
  if (rest.length > 1) throw new UsageError(`${command} takes one root folder, got ${rest.length}`);
  return rest[0] ?? '.';
}

// ---------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------

async function runCheck(values: Values, rest: string[], io: Io): Promise<number> {
  onlyFor('check', values, ['quiet', 'max-warnings', 'fail-on', 'changed-since', 'config', 'output', 'cache', 'cache-location', 'watch']);
  const root = rootOf('check', rest);
  const targets = reportTargets(values.format ?? [], values.output ?? []);
  const failOn = failOnLevel(values['fail-on']);
  const maxWarnings = maxWarningsOf(values['max-warnings']);
  const options = {
    root,
    ...(values.config ? { configPath: values.config } : {}),
    ...(values['changed-since'] !== undefined ? { changedSince: values['changed-since'] } : {}),
  };
  if (values.watch) {
    if (!io.signal) throw new UsageError('--watch needs an interactive terminal');
    const signal = io.signal;
    const color = !values['no-color'] && io.isTTY && !io.env['NO_COLOR'];
    await watchCheck(options, (first) => io.stdout(reporters[targets[0]!.format]!(first, { color })), { stdout: io.stdout, signal });
    return 0;
  }
  const cache = values['cache-location'] ?? (values.cache ? true : undefined);
  const result = await check({ ...options, ...(cache !== undefined ? { cache } : {}) });
  const findings = values.quiet ? result.findings.filter((finding) => finding.severity === 'error') : result.findings;
  const shown = { ...result, findings, summary: summarize(findings, result.summary.files) };
  for (const { format, output } of targets) {
    const color = output === STDOUT && !values['no-color'] && io.isTTY && !io.env['NO_COLOR'];
    await write(io, output, reporters[format]!(shown, { color }));
  }
  return exitCode(findings, failOn, maxWarnings);
}

export interface ReportTarget {
  format: string;
  /** A file path, or STDOUT. */
  output: string;
}

/**
 * Pairs --format and --output by position: the first format is written to the first output,
 * the second to the second, and so on. Without --format one stylish report is written;
 * without --output a single format goes to standard output. Otherwise there must be exactly
 * one --output per --format; `-` is standard output, which at most one format may use.
 */
export function reportTargets(formats: string[], outputs: string[]): ReportTarget[] {
  const names = formats.length > 0 ? formats : ['stylish'];
  for (const format of names) {
    if (!reporters[format]) throw new UsageError(`unknown format '${format}', expected one of: ${Object.keys(reporters).join(', ')}`);
  }
  if (outputs.length === 0 && names.length > 1) {
    throw new UsageError(`${names.length} formats need ${names.length} outputs: give one --output per --format, in the same order (- for standard output)`);
  }
  if (outputs.length > 0 && outputs.length !== names.length) {
    throw new UsageError(
      `${names.length} ${names.length === 1 ? 'format' : 'formats'} but ${outputs.length} outputs: give one --output per --format, in the same order (- for standard output)`,
    );
  }
  const targets = names.map((format, index) => ({ format, output: outputs[index] ?? STDOUT }));
  const seen = new Set<string>();
  for (const { output } of targets) {
    const key = output === STDOUT ? STDOUT : path.resolve(output);
    if (seen.has(key)) throw new UsageError(output === STDOUT ? 'only one format can be written to standard output (-)' : `--output ${output} is given twice`);
    seen.add(key);
  }
  return targets;
}

function failOnLevel(value: string | undefined): Severity {
  if (value === undefined) return 'error';
  if (!(SEVERITIES as readonly string[]).includes(value)) throw new UsageError(`--fail-on takes error, warning or info, got '${value}'`);
  return value as Severity;
}

function maxWarningsOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings takes a whole number (0 or more), got '${value}'`);
  return Number(value);
}

/**
 * 1 when a reported finding is at least as severe as --fail-on (default error), or when the
 * reported warnings exceed --max-warnings; 0 otherwise.
 */
export function exitCode(findings: readonly Finding[], failOn: Severity, maxWarnings: number | undefined): number {
  if (findings.some((finding) => SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[failOn])) return 1;
  const warnings = findings.filter((finding) => finding.severity === 'warning').length;
  if (maxWarnings !== undefined && warnings > maxWarnings) return 1;
  return 0;
}

async function write(io: Io, output: string, text: string): Promise<void> {
  if (output === STDOUT) {
    io.stdout(text);
    return;
  }
  try {
    await mkdir(path.dirname(path.resolve(output)), { recursive: true });
    await writeFile(output, text);
  } catch (error) {
    throw new UsageError(`cannot write ${output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

// ---------------------------------------------------------------------------
// report
// ---------------------------------------------------------------------------

async function runReport(values: Values, rest: string[], io: Io): Promise<number> {
  onlyFor('report', values, ['config', 'date', 'output']);
  const root = rootOf('report', rest);
  const formats = values.format ?? [];
  const outputs = values.output ?? [];
  if (formats.length > 1 || outputs.length > 1) throw new UsageError('report takes one --format and one --output');
  const format = formats[0] ?? 'markdown';
  if (format !== 'markdown' && format !== 'html' && format !== 'json') throw new UsageError(`unknown report format '${format}', expected markdown, html or json`);
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new UsageError(`--date takes YYYY-MM-DD, got '${values.date}'`);
  // The report and rules commands load their modules only when asked for: `check` starts faster.
  const [{ loadReference }, { reviewData, writeReview }, { reviewToHtml }, { readSources }, { gitProvenance, webFileUrl }] = await Promise.all([
    import('../model/reference.ts'),
    import('../report/review.ts'),
    import('../report/html.ts'),
    import('../report/sources.ts'),
    import('../report/provenance.ts'),
  ]);
  const result = await check({ root, ...(values.config ? { configPath: values.config } : {}) });
  const [sources, provenance] = await Promise.all([readSources(result), gitProvenance(root)]);
  const options = {
    rules,
    reference: loadReference(),
    ...(values.date ? { date: values.date } : {}),
    defaultNamespace: result.config.namespace,
    clusterDomain: result.config.clusterDomain,
    sources,
    ...(provenance ? { provenance } : {}),
    version: packageVersion(),
    rootLabel: root,
  };
  const output = outputs[0] ?? STDOUT;
  let text: string;
  if (format === 'json') text = `${JSON.stringify(reviewData(result, options), null, 2)}\n`;
  else if (format === 'markdown') text = writeReview(result, options);
  else {
    // Links go to the commit's web view when the remote is known, else to the files, relative to where the page is written.
    const base = output === STDOUT ? root : path.relative(path.dirname(path.resolve(output)), path.resolve(root));
    const webUrl = provenance?.webUrl;
    text = reviewToHtml(writeReview(result, options), {
      title: `Architecture Review: ${root}`,
      files: new Set(result.files.map((file) => file.path)),
      fileUrl: (file, line) =>
        webUrl && provenance ? webFileUrl({ ...provenance, webUrl }, file, line) : `${encodeURI(path.posix.join(base.split(path.sep).join('/') || '.', file))}${line === undefined ? '' : `#L${line}`}`,
    });
  }
  await write(io, output, text);
  return 0;
}

// ---------------------------------------------------------------------------
// rules
// ---------------------------------------------------------------------------

async function runRules(values: Values, rest: string[], io: Io): Promise<number> {
  onlyFor('rules', values, []);
  if (rest.length > 1) throw new UsageError(`rules takes at most one rule id, got ${rest.length}`);
  const formats = values.format ?? [];
  if (formats.length > 1) throw new UsageError('rules takes one --format');
  const format = formats[0] ?? 'text';
  const [id] = rest;
  const { explainRule, rulesMarkdownTable, rulesTable } = await import('./rules-command.ts');
  if (id === undefined) {
    if (format === 'text') io.stdout(rulesTable(rules));
    else if (format === 'markdown') io.stdout(rulesMarkdownTable(rules));
    else if (format === 'json') io.stdout(`${JSON.stringify(rules.map(ruleJson), null, 2)}\n`);
    else throw new UsageError(`unknown rules format '${format}', expected text, markdown or json`);
    return 0;
  }
  const rule = rules.find((candidate) => candidate.id === id);
  if (!rule) {
    const suffixed = rules.filter((candidate) => candidate.id.endsWith(`/${id}`)).map((candidate) => candidate.id);
    throw new UsageError(`unknown rule '${id}'${suffixed.length > 0 ? ` (did you mean ${suffixed.join(' or ')}?)` : ''}; 'docdrift rules' lists them`);
  }
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown rule format '${format}', expected text or json`);
  const examples = await (await import('../rules/examples.ts')).ruleExamples(rule);
  io.stdout(format === 'json' ? `${JSON.stringify({ ...ruleJson(rule), examples }, null, 2)}\n` : explainRule(rule, examples));
  return 0;
}

function ruleJson(rule: (typeof rules)[number]) {
  const { id, severity, impact, title, description, consequence, docs, fix } = rule;
  return { id, severity, impact, title, description, consequence, docs, fix };
}

