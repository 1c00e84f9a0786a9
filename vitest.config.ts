import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules', 'dist', 'test/fixtures/**'],
    pool: 'threads',
    // Whole-fixture checks run in parallel with everything else; 5 s is too tight under load.
    testTimeout: 30_000,
    // External renderers (kustomize, kubectl, helm) on the machine must not change what the suite
    // asserts; the tests of external rendering pass an environment of their own.
    env: { DOCDRIFT_NO_EXTERNAL_RENDER: '1' },
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
