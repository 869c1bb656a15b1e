import { defineConfig } from 'vitest/config';
import { parseDialects } from './test/support/dialects.js';

// A typo in TOCSIN_TEST_DIALECTS stops the run here, before anything starts, with its message.
parseDialects(process.env.TOCSIN_TEST_DIALECTS);

// Three tiers (DESIGN.md): unit beside the code, integration on both databases, e2e in Chromium.
export default defineConfig({
  test: {
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
        },
      },
    ],
  },
});
