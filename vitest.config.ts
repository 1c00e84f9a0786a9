import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules', 'dist', 'test/fixtures/**'],
    pool: 'threads',
    // Whole-fixture checks run in parallel with everything else; 5 s is too tight under load.
    testTimeout: 30_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
