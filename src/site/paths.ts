import { fileURLToPath } from 'node:url';

/** The folder holding astro.config.mjs and site/ (the package root, from src/site or dist/site). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** docdrift's own code (src/ or dist/), whose files key caches of computed results. */
export const CODE_ROOT = fileURLToPath(new URL('../', import.meta.url));
