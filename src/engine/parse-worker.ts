import { parentPort } from 'node:worker_threads';
import type { SourceFile } from './analyze.ts';
import { parseFile, type ParseOptions } from './parse-file.ts';

/** A parse worker: parses each share of files it is sent and posts the results back in order. */
parentPort!.on('message', ({ files, options }: { files: SourceFile[]; options: ParseOptions }) => {
  parentPort!.postMessage(files.map((file) => parseFile(file, options)));
});
