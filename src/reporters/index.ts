import type { CheckResult } from '../engine/analyze.ts';
import type { Rule } from '../rules/define-rule.ts';
import { formatGithub } from './github.ts';
import { formatJson } from './json.ts';
import { formatJunit } from './junit.ts';
import { formatSarif } from './sarif.ts';
import { formatStylish } from './stylish.ts';

export interface ReporterOptions {
  color: boolean;
  /** The docdrift version to report (SARIF `semanticVersion`); defaults to package.json's. */
  version?: string;
  /** The rules to describe (SARIF driver rules, JUnit test cases); defaults to the registry. */
  rules?: readonly Rule[];
}

export type Reporter = (result: CheckResult, options: ReporterOptions) => string;

/** Output formats by name; each is a pure function from the result to text. */
export const reporters: Record<string, Reporter> = {
  github: formatGithub,
  json: formatJson,
  junit: formatJunit,
  sarif: formatSarif,
  stylish: formatStylish,
};
