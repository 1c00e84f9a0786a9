#!/usr/bin/env node
import { main } from './cli.ts';

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
