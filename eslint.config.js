// One linter for the whole tree: typescript-eslint's recommended rules plus a few that keep the law honest.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The domain is pure: no I/O, no clock, no framework (design.md "The shape").
    files: ['server/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:*',
            'fs',
            'hono',
            'hono/*',
            'kysely',
            'better-sqlite3',
            '../services/*',
            '../routes/*',
          ],
        },
      ],
      'no-restricted-globals': ['error', 'Date', 'process', 'fetch'],
    },
  },
  {
    // The production server ships alone: it imports nothing from scripts/ or tests/ (the demo wing is
    // server/demo/, which scripts and tests import in turn).
    files: ['server/**/*.ts', 'db/**/*.ts'],
    ignores: ['server/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/scripts/*', '**/scripts/**', '**/tests/*', '**/tests/**'] },
      ],
    },
  },
  {
    // The web's types are what the routes answer (web/src/api-types.ts, hono/client), never a service's return
    // type, which is not what the route sends.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/services/*', '**/server/services/**'],
              message: 'derive types from the routes (web/src/api-types.ts), not from a service',
            },
          ],
        },
      ],
    },
  },
)
