import { defineConfig } from 'vitest/config';
import { parseDialects } from './test/support/dialects.js';
import LongestFirst from './test/support/sequencer.js';

// A typo in TOCSIN_TEST_DIALECTS stops the run here, before anything starts, with its message.
parseDialects(process.env.TOCSIN_TEST_DIALECTS);

// Three tiers (DESIGN.md): unit beside the code, integration on both databases, e2e in Chromium.
export default defineConfig({
  test: {
    // Longest files first, from the durations of the last run (test/support/sequencer.ts).
    sequence: { sequencer: LongestFirst },
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts', 'web/src/**/*.test.ts', 'eslint/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          globalSetup: ['test/support/global-setup.ts'],
          include: ['test/integration/**/*.test.ts', 'test/smoke/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One file at a time: two at once let browser actions time out on a loaded machine.
          fileParallelism: false,
          // A failed browser test runs once more: a click on a loaded machine can miss its timeout.
          // `npm test` names every test that passed only on its retry (scripts/retried-reporter.mjs).
          retry: 1,
        },
      },
    ],
  },
});
