import { join } from 'node:path';
import {
  everywhereContext,
  exportMetadata,
  importMetadataDocument,
  importMetadataFile,
} from '@healthwatch/services';
import { cachedMetadataIndex, insertReturn, listReturns, migrateStore, openStore } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { createTestDatabase, testDialects } from '@healthwatch/store/testing';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packs = new URL('../packs/', import.meta.url).pathname;

/** Migration 0014: org-unit contacts survive metadata round trips; a return needs its 审核意见. */
for (const dialect of await testDialects()) {
  describe(`${dialect}: workspace storage`, () => {
    let tdb: TestDatabase;
    let store: Store;
    const ctx = everywhereContext('test', 'zh-CN');

    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await openStore(tdb.url, { create: true });
      await migrateStore(store);
      await importMetadataFile(store, ctx, join(packs, 'example-district/dhis2-metadata.json'));
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });

    it('keeps a unit contact through native export and import, and a DHIS2 re-import leaves it alone', async () => {
      const doc = await exportMetadata(store);
      const unit = doc.orgUnits?.find((o) => o.code === 'JJ-BS-HC');
      expect(unit).toBeDefined();
      expect(unit?.contactPerson).toBeUndefined();
      const edited = {
        ...doc,
        orgUnits: doc.orgUnits?.map((o) =>
          o.code === 'JJ-BS-HC' ? { ...o, contactPerson: '张医生', contactPhone: '023-12345678' } : o,
        ),
      };
      await importMetadataDocument(store, ctx, edited, { format: 'native' });
      const again = (await exportMetadata(store)).orgUnits?.find((o) => o.code === 'JJ-BS-HC');
      expect(again).toMatchObject({ contactPerson: '张医生', contactPhone: '023-12345678' });
      await importMetadataFile(store, ctx, join(packs, 'example-district/dhis2-metadata.json'));
      const kept = (await exportMetadata(store)).orgUnits?.find((o) => o.code === 'JJ-BS-HC');
      expect(kept).toMatchObject({ contactPerson: '张医生', contactPhone: '023-12345678' });
    });

    it('stores a return with its comment and refuses an empty or over-long one in the database', async () => {
      const index = await cachedMetadataIndex(store);
      const ds = [...index.dataSets.byId.values()][0];
      const ou = index.orgUnits.find('JJ-BS-HC');
      if (!ds || !ou) {
        throw new Error('example district lacks a data set or 白沙中心卫生院');
      }
      const key = { dataSetId: ds.id, orgUnitId: ou.id, period: '202403' };
      await insertReturn(store.db, key, '门诊人次与上月差异过大，请核实', 'town', 1);
      await expect(insertReturn(store.db, key, '   ', 'town', 2)).rejects.toThrow();
      await expect(insertReturn(store.db, key, '意'.repeat(501), 'town', 3)).rejects.toThrow();
      const got = await listReturns(store.db, ds.id, ['202403'], [ou.id]);
      expect(got.map((r) => [r.comment, r.returnedBy])).toEqual([['门诊人次与上月差异过大，请核实', 'town']]);
    });
  });
}
