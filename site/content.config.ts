import { defineCollection } from 'astro:content';
import { docsSchema } from '@astrojs/starlight/schema';
import { docdriftLoader } from './lib/loader.ts';

// Every page of the site comes from one docdrift check result (see src/site/prepare.ts).
export const collections = {
  docs: defineCollection({ loader: docdriftLoader(), schema: docsSchema() }),
};
