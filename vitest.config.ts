import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // LanceDB and the fake servers are real I/O; generous per-test time, but the whole suite stays in minutes.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The JSON report is what .ci/run turns into the plain "N passed, N failed" line CI reads.
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    env: { LANCEDB_LOG: 'error' },
  },
});
