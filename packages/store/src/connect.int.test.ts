import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateStore, openMigratedStore, openStore, parseDbUrl, pendingMigrations } from './connect.js';
import { createTestDatabase, testDialects } from './testing/test-databases.js';
import type { TestDatabase } from './testing/test-databases.js';

describe('parseDbUrl', () => {
  it('accepts sqlite and postgres urls and rejects others', () => {
    expect(parseDbUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', target: ':memory:' });
    expect(parseDbUrl('sqlite:./x.db').target).toMatch(/\/x\.db$/);
    expect(parseDbUrl('postgres://u@h/db').dialect).toBe('postgres');
    expect(() => parseDbUrl('mysql://x')).toThrow(/数据库地址/);
    expect(() => parseDbUrl('sqlite:')).toThrow(/数据库地址/);
  });
});

for (const dialect of await testDialects()) {
  describe(`${dialect}: schema`, () => {
    let tdb: TestDatabase;
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
    });
    afterAll(async () => {
      await tdb.drop();
    });

    it('migrates once, then reports nothing pending', async () => {
      const store = await openStore(tdb.url, { create: true });
      try {
        expect(await pendingMigrations(store)).toEqual([
          '0001-foundation',
          '0002-rollups',
          '0003-function-indicators',
          '0004-metadata-version',
          '0005-auth',
          '0006-plans',
          '0007-surveillance',
          '0008-validation',
          '0009-registration',
          '0010-approval',
          '0011-message-keys',
          '0013-open-future-periods',
          '0014-workspace',
        ]);
        expect(await migrateStore(store)).toEqual([
          '0001-foundation',
          '0002-rollups',
          '0003-function-indicators',
          '0004-metadata-version',
          '0005-auth',
          '0006-plans',
          '0007-surveillance',
          '0008-validation',
          '0009-registration',
          '0010-approval',
          '0011-message-keys',
          '0013-open-future-periods',
          '0014-workspace',
        ]);
        expect(await migrateStore(store)).toEqual([]);
        const coc = await store.db.selectFrom('category_option_combo').select(['uid', 'name']).execute();
        expect(coc).toEqual([{ uid: 'HllvX50cXC0', name: 'default' }]);
      } finally {
        await store.close();
      }
      const again = await openMigratedStore(tdb.url);
      await again.close();
    });
  });
}

describe('sqlite: missing files', () => {
  it('refuses to open a database that was never initialised', async () => {
    await expect(openMigratedStore('sqlite:/tmp/does-not-exist-hw/x.db')).rejects.toThrow(
      /尚未初始化.*healthwatch init/,
    );
  });
});
