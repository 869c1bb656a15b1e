import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { tocsin } from './eslint/boundaries.js';

// Imports that break the boundaries today and are being fixed on main (the refactor moving
// routes into module.ts and auth into users): each 'importer -> target' is let through. Delete
// this list once main's fixes are merged; any other violation already fails the lint.
const KNOWN_VIOLATIONS = [
  'src/cli/tokens.ts -> src/users/store.ts',
  'src/core/engine/model.ts -> src/core/db/schema.ts',
  'src/http/app.ts -> src/users/auth-routes.ts',
  'src/http/app.ts -> src/users/routes.ts',
  'src/http/app.ts -> src/teams/routes.ts',
  'src/http/app.ts -> src/services/routes.ts',
  'src/http/app.ts -> src/incidents/routes.ts',
  'src/http/auth.ts -> src/users/store.ts',
  'src/http/ops.ts -> src/incidents/read.ts',
  'src/http/server.ts -> src/users/service.ts',
  'src/incidents/model.ts -> src/core/db/schema.ts',
  'src/services/model.ts -> src/core/db/schema.ts',
  'src/services/service.ts -> src/teams/store.ts',
  'src/services/service.ts -> src/users/store.ts',
  'src/teams/model.ts -> src/core/db/schema.ts',
  'src/teams/service.ts -> src/users/store.ts',
  'src/users/model.ts -> src/core/db/schema.ts',
];

export default tseslint.config(
  { ignores: ['dist/**', 'web/dist/**', 'node_modules/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  { files: ['web/src/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  // DESIGN.md's import boundaries (eslint/boundaries.js says which, and why).
  { files: ['src/**/*.ts'], plugins: { tocsin }, rules: { 'tocsin/boundaries': ['error', { allow: KNOWN_VIOLATIONS }] } },
);
