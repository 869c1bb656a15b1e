import { defineConfig } from 'vitest/config';

// Mutation testing (npm run test:mutation, stryker.config.mjs) runs only the tests of the pure
// rules: the model tests beside each src/**/model.ts.
export default defineConfig({
  test: { include: ['src/**/model*.test.ts'], environment: 'node' },
});
