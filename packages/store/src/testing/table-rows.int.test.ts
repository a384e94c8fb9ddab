import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateStore, openStore } from '../connect.js';
import type { Store } from '../connect.js';
import { readSetting, writeSetting } from '../repos/system-settings.js';
import { createTestDatabase, testDialects } from './test-databases.js';
import type { TestDatabase } from './test-databases.js';
import { countRows, tableRows, updateRows } from './table-rows.js';

for (const dialect of await testDialects()) {
  describe(`${dialect}: raw table access for tests`, () => {
    let tdb: TestDatabase;
    let store: Store;
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await openStore(tdb.url, { create: true });
      await migrateStore(store);
      for (const [k, v] of [
        ['a', '1'],
        ['b', '2'],
        ['c', '3'],
      ] as const) {
        await writeSetting(store.db, k, v);
      }
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });

    it('matches by value and by list, and an empty list matches nothing', async () => {
      const keys = async (m: Parameters<typeof tableRows<'system_setting'>>[2]): Promise<string[]> =>
        (await tableRows(store, 'system_setting', m)).map((r) => r.key).filter((k) => k.length === 1).sort();
      expect(await keys({})).toEqual(['a', 'b', 'c']);
      expect(await keys({ key: 'b' })).toEqual(['b']);
      expect(await keys({ key: ['a', 'c', 'z'] })).toEqual(['a', 'c']);
      expect(await keys({ key: [] })).toEqual([]);
      expect(await countRows(store, 'system_setting', { value: ['1', '2'] })).toBe(2);
    });

    it('updates only the matching rows', async () => {
      expect(await updateRows(store, 'system_setting', { key: 'c' }, { value: 'changed' })).toBe(1);
      expect(await readSetting(store.db, 'c')).toBe('changed');
      expect(await readSetting(store.db, 'a')).toBe('1');
    });
  });
}
