// Process boundaries are lint rules: renderer and shared never reach into
// Electron or main-process code; core never imports electron; each folder of
// core is a package whose index.ts is all other folders may import; no import
// cycles anywhere. Formatting is Prettier's (npm run format:check).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noElectron = { name: 'electron', message: 'Only the thin electron/ layer may import electron.' };
// "../cache/store" from another folder of core: go through "../cache" (its index.ts).
const pastCoreIndex = {
  regex: '^\\.\\./[a-z-]+/.',
  message: "Import another folder of core through its index.ts (e.g. '../cache'), never a file inside it.",
};
// "./core/sync/engine" from the Electron layer, the CLI or the preview host: go through "./core/app" etc.
const pastCoreIndexFromOutside = {
  regex: '^(\\./|(\\.\\./)+)core/[a-z-]+/.',
  message: "Import core through a folder's index.ts (e.g. './core/app'), never a file inside it.",
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      '.stryker-tmp*/**',
      'reports/**',
      'playwright-report/**',
      'bin/**',
      'reports/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
      // no-cycle reads the files an import leads to: it must parse TypeScript too.
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
    },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] ImportSpecifier[imported.name='z']",
          message:
            "Import zod as a namespace (import * as z from 'zod'): with `import { z }` the bundle keeps all of zod (its ~40 locales, JSON Schema tools), ~570 KB every CLI command parsed.",
        },
      ],
      'import-x/no-duplicates': 'error',
      'import-x/first': 'error',
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index', 'type'],
          'newlines-between': 'never',
          alphabetize: { order: 'asc', caseInsensitive: true },
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, { name: 'keytar', message: 'The renderer never touches the keychain.' }],
          patterns: [
            {
              group: ['**/electron/**', '../electron/*', 'node:*'],
              message: 'The renderer talks to main only through window.vpp.',
            },
            {
              group: ['**/components/**', '../components/*'],
              message: 'Components sit on top: lib, stores and hooks never import them.',
            },
          ],
        },
      ],
    },
  },
  {
    // Layering inside the renderer: pages → components → hooks/stores → lib.
    files: [
      'renderer/components/**/*.{ts,tsx}',
      'renderer/pages/**/*.{ts,tsx}',
      'renderer/dialogs/**/*.{ts,tsx}',
      'renderer/*.{ts,tsx}',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, { name: 'keytar', message: 'The renderer never touches the keychain.' }],
          patterns: [
            {
              group: ['**/electron/**', '../electron/*', 'node:*'],
              message: 'The renderer talks to main only through window.vpp.',
            },
          ],
        },
      ],
    },
  },
  {
    // The renderer's build config runs in Node, not in the window.
    files: ['renderer/vite.config.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              group: ['**/electron/**', '**/renderer/**', 'node:*'],
              message: 'shared/ is imported by both sides and imports neither.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['**/renderer/**'], message: 'core never imports the renderer.' },
            {
              group: ['**/electron/*', '!**/electron/core', '!**/electron/core/**'],
              message: 'core never imports the Electron layer.',
            },
            {
              regex: '^(\\.\\./)+(main|preload|ipc|window|tray|menu|lifecycle|cli|preview)(/|$)',
              message: 'core never imports the Electron layer, the CLI or the preview host.',
            },
            pastCoreIndex,
          ],
        },
      ],
    },
  },
  {
    files: ['electron/*.ts', 'electron/cli/**/*.ts', 'electron/preview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [], patterns: [pastCoreIndexFromOutside] }] },
  },
  {
    files: ['electron/preview/**/*.ts', 'electron/cli/**/*.ts', 'electron/cli.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [pastCoreIndexFromOutside] }] },
  },
  prettier,
);
