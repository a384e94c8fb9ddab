import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateStore, openStore } from '../connect.js';
import type { Store } from '../connect.js';
import { readSetting, writeSetting } from '../repos/system-settings.js';
import { createTestDatabase, testDialects } from './test-databases.js';
import type { TestDatabase } from './test-databases.js';
import { countRows, tableRows, updateRows } from './table-rows.js';
import type { RowMatch } from './table-rows.js';

for (const dialect of await testDialects()) {
  describe(`${dialect}: raw table access for tests`, () => {
    let tdb: TestDatabase;
    let store: Store;
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await openStore(tdb.url, { create: true });
      await migrateStore(store);
      for (const k of ['a', 'b', 'c']) {
        await writeSetting(store.db, `t-${k}`, `v-${k}`);
      }
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });

    // Only the settings planted here: migrations may add their own.
    const keys = async (m: RowMatch<'system_setting'>): Promise<string[]> =>
      (await tableRows(store, 'system_setting', m))
        .map((r) => r.key)
        .filter((k) => k.startsWith('t-'))
        .sort();

    it('matches by value and by list, and an empty list matches nothing', async () => {
      expect(await keys({})).toEqual(['t-a', 't-b', 't-c']);
      expect(await keys({ key: 't-b' })).toEqual(['t-b']);
      expect(await keys({ key: ['t-a', 't-c', 't-z'] })).toEqual(['t-a', 't-c']);
      expect(await keys({ key: [] })).toEqual([]);
      expect(await countRows(store, 'system_setting', { value: ['v-a', 'v-b'] })).toBe(2);
    });

    it('updates only the matching rows', async () => {
      expect(await updateRows(store, 'system_setting', { key: 't-c' }, { value: 'changed' })).toBe(1);
      expect(await readSetting(store.db, 't-c')).toBe('changed');
      expect(await readSetting(store.db, 't-a')).toBe('v-a');
    });
  });
}
