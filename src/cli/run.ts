import { main } from './cli.ts';

/** Runs the CLI as this process: its arguments, standard streams and environment; sets the exit code. */
export async function runProcess(): Promise<void> {
  // Ctrl-C ends --watch cleanly; other commands finish on their own.
  const interrupt = new AbortController();
  process.once('SIGINT', () => interrupt.abort());
  process.exitCode = await main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    signal: interrupt.signal,
  });
  process.removeAllListeners('SIGINT');
}
