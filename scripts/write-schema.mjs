#!/usr/bin/env node
// Writes schema/docdrift.config.schema.json from the zod config schema (run by `npm run schema`,
// after the build). test/config/config.test.ts fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { configJsonSchema, CONFIG_SCHEMA_PATH } from '../dist/config/json-schema.js';

const target = new URL(`../${CONFIG_SCHEMA_PATH}`, import.meta.url);
writeFileSync(target, configJsonSchema());
console.log(`wrote ${CONFIG_SCHEMA_PATH}`);
