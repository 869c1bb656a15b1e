// Mutation testing of the pure rules (docs/testing.md): `npm run test:mutation`. Not part of
// `npm test`; it takes a few minutes. The HTML report lands in reports/mutation/.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: ['src/**/model.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: 80 },
  tempDirName: '.tmp/stryker', // under .tmp/: ignored by git and eslint
  cleanTempDir: 'always',
  ignorePatterns: ['web', 'test', 'bench', 'dist', 'data', 'docs', 'reports', '.tmp'],
};
