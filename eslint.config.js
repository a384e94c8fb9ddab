// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'bench/results/**', 'packages/*/bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      curly: ['error', 'all'],
      eqeqeq: ['error', 'always'],
      'no-throw-literal': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/explicit-function-return-type': [
        'error',
        { allowExpressions: true, allowTypedFunctionExpressions: true },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use an `as const` object instead of enum.' },
      ],
    },
  },
  {
    // Size habits: a file over ~400 lines or a function over ~120 is a sign to split by concept.
    // Warnings, not errors; the files that exceed them today are listed below.
    files: ['packages/*/src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: {
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['warn', { max: 120, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The domain is pure: no Node APIs, no storage, no HTTP.
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:*',
            '@healthwatch/store',
            '@healthwatch/services',
            '@healthwatch/server',
            '@healthwatch/cli',
            'kysely',
            'pg',
            'better-sqlite3',
          ],
        },
      ],
    },
  },
  {
    // The API contract is pure too: zod and core only, so the web app can share it.
    files: ['packages/contract/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:*',
            '@healthwatch/store',
            '@healthwatch/services',
            '@healthwatch/server',
            '@healthwatch/cli',
            '@healthwatch/web',
            'hono',
            'hono/*',
            'kysely',
            'pg',
            'better-sqlite3',
          ],
        },
      ],
    },
  },
  {
    // The web app runs in the browser and talks to the server only over HTTP: it imports core (pure
    // domain), the contract (types of the answers), its own files and its UI libraries — never the
    // server, the store, the CLI or Node modules.
    files: ['packages/web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!(react|react-dom|echarts)(/|$)|@healthwatch/(core|contract)$|\\.\\.?/)',
              message:
                'packages/web imports only @healthwatch/core, @healthwatch/contract, its own files and its UI libraries (react, react-dom, echarts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/store/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@healthwatch/services', '@healthwatch/server', '@healthwatch/cli'] },
      ],
    },
  },
  {
    // The application services know nothing of HTTP or of the command line.
    files: ['packages/services/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '@healthwatch/server',
            '@healthwatch/cli',
            'hono',
            'hono/*',
            '@hono/*',
            'kysely',
            'pg',
            'better-sqlite3',
          ],
        },
      ],
    },
  },
  {
    // The HTTP layer parses, authorizes, calls a service and answers; storage is the services' business.
    files: ['packages/server/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@healthwatch/cli', 'kysely', 'pg', 'better-sqlite3'] },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/explicit-function-return-type': 'off',
      'no-restricted-imports': 'off',
    },
  },
);
