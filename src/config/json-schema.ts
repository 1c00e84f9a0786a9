import { z } from 'zod';
import { configSchema } from './schema.ts';

/** Where the package publishes it (`files` in package.json), for editors and `$schema`. */
export const CONFIG_SCHEMA_PATH = 'schema/docdrift.config.schema.json';

/**
 * The JSON Schema of docdrift.config.yaml, generated from the zod schema that validates it
 * (input side: every key is optional, defaults are shown). `npm run schema` writes it to
 * schema/docdrift.config.schema.json; a test keeps the committed file equal to this.
 */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, ...rest } = schema;
  const document = {
    $schema,
    title: 'docdrift configuration',
    ...rest,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
