import { parentPort, workerData } from 'node:worker_threads';
import type { SourceFile } from './analyze.ts';
import { parseFile, type ParseOptions } from './parse-file.ts';

/** A parse worker: parses its share of the files and posts the results back in order. */
const { files, options } = workerData as { files: SourceFile[]; options: ParseOptions };
parentPort!.postMessage(files.map((file) => parseFile(file, options)));
