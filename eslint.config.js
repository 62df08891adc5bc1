// Lint: typed TypeScript rules across the server, migrations, tests, scripts and the web app's TS.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', 'test-results/**', 'designer/src/**/*.vue', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: { noWarnOnMultipleProjects: true }, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['server/tsconfig.json', 'designer/tsconfig.json'] })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }],
      'import-x/no-cycle': 'error',
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Controllers hold no SQL: they call commands, queries and stores (server/src/runtime/README.md).
    files: ['server/src/**/*.controller.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'typeorm', importNames: ['DataSource', 'EntityManager'], message: 'a controller holds no SQL: put it in a store (*.store.ts)' }],
      }],
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.property.name='query']",
        message: 'a controller holds no SQL: put it in a store (*.store.ts)',
      }],
    },
  },
  {
    // Tests read API answers as loose JSON.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
);
