// Lint, and the import boundaries between the folders (one-way, see docs/architecture.md):
//   shared  <-  injected | content | background | devtools | panel | diagnostics | session
//   diagnostics, session  <-  panel
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const folder = (name) => [`**/${name}`, `**/${name}/**`];
const forbid = (names, extra = []) => [
  'error',
  {
    patterns: [
      { group: names.flatMap(folder), message: 'Import boundary: this folder may not depend on that one (docs/architecture.md).' },
      ...extra,
    ],
  },
];
const EXTENSION_APIS = { group: ['webextension-polyfill'], message: 'Pure code: no extension APIs here.' };
const UI = { group: ['preact', 'preact/*', '@preact/*'], message: 'Pure code: no UI here.' };
const EVERY_PACKAGE = { regex: '^[^.]', message: 'The MAIN-world hook runs in every page: it imports nothing but src/shared.' };

export default tseslint.config(
  { ignores: ['dist/**', 'artifacts/**', 'node_modules/**', 'bench/results/**', 'bench/tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': forbid(['injected', 'content', 'background', 'devtools', 'panel', 'diagnostics', 'session'], [EXTENSION_APIS, UI]),
    },
  },
  {
    files: ['src/injected/**'],
    rules: {
      'no-restricted-imports': forbid(['content', 'background', 'devtools', 'panel', 'diagnostics', 'session'], [EVERY_PACKAGE]),
    },
  },
  {
    files: ['src/diagnostics/**'],
    rules: {
      'no-restricted-imports': forbid(['injected', 'content', 'background', 'devtools', 'panel', 'session'], [EXTENSION_APIS, UI]),
    },
  },
  {
    files: ['src/session/**'],
    rules: {
      'no-restricted-imports': forbid(['injected', 'content', 'background', 'devtools', 'panel', 'diagnostics'], [EXTENSION_APIS, UI]),
    },
  },
  {
    files: ['src/content/**'],
    rules: { 'no-restricted-imports': forbid(['injected', 'background', 'devtools', 'panel', 'diagnostics', 'session'], [UI]) },
  },
  {
    files: ['src/background/**'],
    rules: { 'no-restricted-imports': forbid(['injected', 'content', 'devtools', 'panel'], [UI]) },
  },
  {
    files: ['src/devtools/**'],
    rules: { 'no-restricted-imports': forbid(['injected', 'content', 'background', 'panel', 'diagnostics', 'session', 'shared'], [UI]) },
  },
  {
    files: ['src/panel/**'],
    rules: { 'no-restricted-imports': forbid(['injected', 'content', 'background', 'devtools']) },
  },
);
