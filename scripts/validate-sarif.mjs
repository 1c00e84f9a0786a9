#!/usr/bin/env node
// Validates SARIF files against the vendored OASIS SARIF 2.1.0 schema (the one the reporter
// tests use): `node scripts/validate-sarif.mjs FILE…`. Exit 0 when all are valid, 1 when one is
// not (the schema errors are printed), 2 on bad usage or unreadable input. Run by .ci/run on
// docdrift's own SARIF output, and by test/ci/ci-files.test.ts.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: validate-sarif.mjs FILE…');
  process.exit(2);
}
const schema = JSON.parse(readFileSync(new URL('../test/reporters/schemas/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true });
formats.default(ajv);
const validate = ajv.compile(schema);

let failed = false;
for (const file of files) {
  let log;
  try {
    log = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`${file}: cannot read SARIF: ${error.message}`);
    process.exit(2);
  }
  if (validate(log)) {
    const results = (log.runs ?? []).reduce((sum, run) => sum + (run.results?.length ?? 0), 0);
    console.log(`${file}: valid SARIF ${log.version} (${results} ${results === 1 ? 'result' : 'results'})`);
  } else {
    failed = true;
    console.error(`${file}: invalid SARIF: ${ajv.errorsText(validate.errors, { separator: '; ' })}`);
  }
}
process.exit(failed ? 1 : 0);
