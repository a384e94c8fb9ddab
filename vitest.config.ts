import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string): string => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@healthwatch/core': src('core'),
      '@healthwatch/store': src('store'),
      '@healthwatch/server': src('server'),
      '@healthwatch/cli': src('cli'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The demo district, built once per run and copied by the tests that need it.
    globalSetup: ['tests/helpers/global-setup.ts'],
  },
});
