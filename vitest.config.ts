import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string): string =>
  fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

/**
 * Three projects: `unit` (pure code beside its source, seconds: `npm run test:unit`), `int`
 * (through the front door on SQLite and PostgreSQL) and `e2e` (a real browser). `npm test` runs all.
 */
export default defineConfig({
  resolve: {
    alias: {
      '@healthwatch/core': src('core'),
      '@healthwatch/contract': src('contract'),
      // Before '@healthwatch/store', which would otherwise take the subpath as a folder of its index.
      '@healthwatch/store/testing': fileURLToPath(
        new URL('./packages/store/src/testing/index.ts', import.meta.url),
      ),
      '@healthwatch/store': src('store'),
      // Before '@healthwatch/services', which would otherwise also match this subpath.
      '@healthwatch/services/analytics': fileURLToPath(
        new URL('./packages/services/src/analytics/analytics-entry.ts', import.meta.url),
      ),
      '@healthwatch/services': src('services'),
      '@healthwatch/server': src('server'),
      '@healthwatch/cli': src('cli'),
    },
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A folder for the demo district, built once per run by the first test that needs it.
    globalSetup: ['tests/helpers/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['tests/**/*.test.ts', 'packages/*/src/**/*.int.test.ts'],
          exclude: ['**/*.e2e.test.ts', '**/node_modules/**'],
        },
      },
      { extends: true, test: { name: 'e2e', include: ['tests/**/*.e2e.test.ts'] } },
    ],
  },
});
