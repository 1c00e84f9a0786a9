import type { CheckResult } from '../engine/analyze.ts';
import { formatJson } from './json.ts';
import { formatStylish } from './stylish.ts';

export interface ReporterOptions {
  color: boolean;
}

export type Reporter = (result: CheckResult, options: ReporterOptions) => string;

/** Output formats by name; each is a pure function from the result to text. */
export const reporters: Record<string, Reporter> = {
  json: formatJson,
  stylish: formatStylish,
};
