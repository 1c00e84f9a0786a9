import { parentPort } from 'node:worker_threads';
import type { SourceFile } from './analyze.ts';
import { parseFile, type ParseOptions } from './parse-file.ts';

/**
 * A parse worker: first told the options of a stage, then sent one file at a time, each answered
 * with its parse result. The options stay one object, so per-stage set-up is done once.
 */
let options: ParseOptions | undefined;
parentPort!.on('message', (message: { options: ParseOptions } | { file: SourceFile }) => {
  if ('options' in message) options = message.options;
  else parentPort!.postMessage(JSON.stringify(parseFile(message.file, options!)));
});
