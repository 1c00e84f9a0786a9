import { fileURLToPath } from 'node:url';

/** The folder holding astro.config.mjs and site/ (the package root, from src/site or dist/site). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
