import { defineConfig } from 'vitest/config';
import { parseDialects } from './test/support/dialects.js';
import LongestFirst from './test/support/sequencer.js';

// A typo in TOCSIN_TEST_DIALECTS stops the run here, before anything starts, with its message.
parseDialects(process.env.TOCSIN_TEST_DIALECTS);

// `expect.poll` waits for something that is to happen: vitest gives up after 1 s, which a CI
// machine three times slower than this one (and busy with three test files) does not always
// meet. A condition that holds ends the wait at once, so only a failing test waits longer.
const SLOW_MACHINE_POLL = { timeout: 10_000, interval: 50 };

// Three tiers (DESIGN.md): unit beside the code, integration on both databases, e2e in Chromium.
export default defineConfig({
  test: {
    // Longest files first, from the durations of the last run (test/support/sequencer.ts).
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'web/src/**/*.test.ts', 'eslint/**/*.test.ts'],
          environment: 'node',
          expect: { poll: SLOW_MACHINE_POLL },
          // Files share each worker's modules: importing them afresh for each of 130 files took
          // the step from 23 to 58 s here. A file that fakes timers or sets the environment
          // restores them after its tests (vi.useRealTimers, vi.unstubAllEnvs).
          isolate: false,
        },
      },
      {
        test: {
          name: 'integration',
          globalSetup: ['test/support/global-setup.ts'],
          include: ['test/integration/**/*.test.ts', 'test/smoke/**/*.test.ts'],
          environment: 'node',
          // Guards against a hang, not a measure of speed: a test of fifteen `tocsin` processes
          // takes 7 s here, 10 s with this machine's cores shared four ways, and more than the
          // 30 s once allowed on a slower CI machine running three files at once.
          testTimeout: 90_000,
          hookTimeout: 90_000,
          expect: { poll: SLOW_MACHINE_POLL },
          // Files share each worker's modules instead of importing the app afresh: the import
          // took 213 of the step's 673 s here. Nothing in src keeps state per process that a
          // second kernel would see (docs/testing.md, "Integration files unisolated").
          isolate: false,
        },
      },
      {
        test: {
          name: 'e2e',
          // One Chromium for every file (test/support/browser.ts, SHARED_BROWSER_ENV).
          globalSetup: ['test/e2e/global-setup.ts'],
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          expect: { poll: SLOW_MACHINE_POLL },
          // One file at a time: two at once let browser actions time out on a loaded machine.
          fileParallelism: false,
          // Files share one worker and its modules (playwright-core, the app's code the factories
          // use), as the other tiers do: a fresh worker per file imported them again each time.
          isolate: false,
          // A failed browser test runs once more: a click on a loaded machine can miss its timeout.
          // `npm test` names every test that passed only on its retry (scripts/retried-reporter.mjs).
          retry: 1,
        },
      },
    ],
  },
});
