import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  exportMetadata,
  exportMetadataDhis2,
  importMetadataDocument,
  importMetadataFile,
  everywhereContext,
} from '@healthwatch/services';
import { migrateStore, openStore } from '@healthwatch/store';
import { createTestDatabase, tableRows, testDialects } from '@healthwatch/store/testing';
import type { Store } from '@healthwatch/store';
import type { TestDatabase } from '@healthwatch/store/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from './helpers/snapshot.js';

const fixtures = new URL('../packs/example-district/', import.meta.url).pathname;

for (const dialect of await testDialects()) {
  describe(`${dialect}: metadata import`, () => {
    let tdb: TestDatabase;
    let store: Store;
    const dir = mkdtempSync(join(tmpdir(), 'hw-md-'));
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await openStore(tdb.url, { create: true });
      await migrateStore(store);
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });
    const invalid = async (doc: unknown): Promise<{ path: string; message: string }[]> => {
      const before = await snapshot(tdb.url);
      try {
        await importMetadataDocument(store, everywhereContext('test', 'zh-CN'), doc);
      } catch (e) {
        expect(e).toMatchObject({ code: 'HW_METADATA_INVALID' });
        expect(await snapshot(tdb.url)).toEqual(before);
        return (e as { details: { path: string; message: string }[] }).details;
      }
      throw new Error('expected the import to be rejected');
    };

    it('imports DHIS2 metadata idempotently, keeping DHIS2 uids for combos', async () => {
      const first = await importMetadataFile(
        store,
        everywhereContext('test', 'zh-CN'),
        join(fixtures, 'dhis2-metadata.json'),
      );
      expect(first.format).toBe('dhis2');
      const s1 = await snapshot(tdb.url);
      await importMetadataFile(
        store,
        everywhereContext('test', 'zh-CN'),
        join(fixtures, 'dhis2-metadata.json'),
      );
      const s2 = await snapshot(tdb.url);
      const strip = (rows: string[]): string[] => rows.map((r) => r.replace(/"updated_at":\d+/, ''));
      expect(strip(s2.org_unit ?? [])).toEqual(strip(s1.org_unit ?? []));
      expect(s2.category_option_combo).toEqual(s1.category_option_combo);
      const cocs = (await tableRows(store, 'category_option_combo'))
        .map((c) => ({ uid: c.uid, name: c.name }))
        .sort((a, b) => (a.uid < b.uid ? -1 : 1));
      expect(cocs).toEqual([
        { uid: 'HllvX50cXC0', name: 'default' },
        { uid: 'cocFemale01', name: '女' },
        { uid: 'cocMale0001', name: '男' },
      ]);
      const [ou] = await tableRows(store, 'org_unit', { uid: 'ouBaishaHC1' });
      expect(ou).toMatchObject({
        level: 4,
        path: '/ouChongqing/ouJiangjin1/ouBaisha001/ouBaishaHC1/',
        closed_date: null,
        latitude: 29.07,
      });
      const [ind, ...more] = await tableRows(store, 'indicator');
      expect(more).toEqual([]);
      expect(ind).toMatchObject({ factor: 1000, numerator: '#{deInfDeath1}' });
    });

    it('round-trips through the native and DHIS2 exports', async () => {
      const native = await exportMetadata(store);
      const before = await snapshot(tdb.url);
      await importMetadataDocument(store, everywhereContext('test', 'zh-CN'), native);
      const dhis2 = await exportMetadataDhis2(store);
      await importMetadataDocument(store, everywhereContext('test', 'zh-CN'), dhis2);
      const after = await snapshot(tdb.url);
      for (const t of [
        'org_unit_group_member',
        'category_option_combo',
        'data_set_element',
        'data_set_org_unit',
        'indicator',
        'constant',
      ]) {
        expect(after[t], t).toEqual(before[t]);
      }
    });

    it('moves a subtree when a unit changes parent', async () => {
      await importMetadataDocument(store, everywhereContext('test', 'zh-CN'), {
        orgUnits: [{ id: 'ouBaisha001', code: 'JJ-BS', name: '白沙镇', parent: 'ouChongqing' }],
      });
      const [child] = await tableRows(store, 'org_unit', { uid: 'ouBaishaVC1' });
      expect(child).toMatchObject({ level: 3, path: '/ouChongqing/ouBaisha001/ouBaishaVC1/' });
      await importMetadataDocument(store, everywhereContext('test', 'zh-CN'), {
        orgUnits: [{ id: 'ouBaisha001', code: 'JJ-BS', name: '白沙镇', parent: 'CQ-JJ' }],
      });
      const [back] = await tableRows(store, 'org_unit', { uid: 'ouBaishaVC1' });
      expect(back).toMatchObject({ level: 4, path: '/ouChongqing/ouJiangjin1/ouBaisha001/ouBaishaVC1/' });
    });

    it('reports every problem with its path and writes nothing', async () => {
      const details = await invalid({
        orgUnits: [
          { code: 'A', name: 'A', parent: 'B' },
          { code: 'B', name: 'B', parent: 'A' },
          { code: 'C', name: 'C', parent: 'NOWHERE' },
          { code: 'D', name: 'D', openingDate: '2024-02-30' },
          { id: 'bad id!', name: 'E' },
          { name: 'no code' },
        ],
        dataElements: [{ code: 'X', name: 'X', valueType: 'MAYBE' }],
        dataSets: [{ code: 'S', name: 'S', periodType: 'Fortnightly', dataElements: ['NOPE'] }],
      });
      const paths = details.map((d) => d.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'orgUnits[2].parent',
          'orgUnits[3].openingDate',
          'orgUnits[4].id',
          'orgUnits[5]',
          'dataElements[0].valueType',
          'dataSets[0].periodType',
          'dataSets[0].dataElements[0]',
        ]),
      );
      expect(details.some((d) => d.message.includes('形成循环'))).toBe(true);
      // The field is named in words, not by its JSON name.
      expect(details.find((d) => d.path === 'dataElements[0].valueType')?.message).toContain(
        '“MAYBE”不是有效的值类型',
      );
      expect(details.find((d) => d.path === 'dataSets[0].periodType')?.message).toContain(
        '不是有效的报告周期',
      );
    });

    it('enforces exclusive group sets', async () => {
      const details = await invalid({
        orgUnitGroups: [{ id: 'grpPrivate1', code: 'PRIVATE', name: '社会办', orgUnits: ['JJ-BS-HC'] }],
      });
      expect(details[0]?.message).toBe(
        '机构“白沙镇中心卫生院”在互斥分组集“所有制”中属于多个分组：公立、社会办',
      );
    });

    it('rejects unknown keys and wrong shapes with zod paths', async () => {
      const details = await invalid({ orgUnits: [{ code: 'X', name: '' }], unknownKind: [] });
      expect(details.map((d) => d.path)).toEqual(expect.arrayContaining(['orgUnits.0.name', '']));
    });

    it('reads org units and data elements from CSV and XLSX with Chinese headers', async () => {
      const ouCsv = join(dir, 'ou.csv');
      writeFileSync(
        ouCsv,
        '编码,名称,上级编码,机构类型,开业日期,纬度,经度\nJJ-DL,德感街道,CQ-JJ,镇街,2000-01-01,29.3,106.2\nJJ-DL-HC,德感街道社区卫生服务中心,JJ-DL,社区卫生服务中心,2001-05-01,,\n',
      );
      const r = await importMetadataFile(store, everywhereContext('test', 'zh-CN'), ouCsv);
      expect(r.counts.orgUnits).toBe(2);
      const [hc] = await tableRows(store, 'org_unit', { code: 'JJ-DL-HC' });
      expect(hc).toMatchObject({ level: 4, ou_type: '社区卫生服务中心', opening_date: '2001-05-01' });

      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('数据元');
      ws.addRow(['编码', '名称', '值类型', '汇总方式', '分类组合', '单位']);
      ws.addRow(['DOCTORS', '执业(助理)医师数', '非负整数', '期末值', '', '人']);
      ws.addRow(['OPD_M', '门诊人次(分性别)', '非负整数', '求和', 'SEX', '人次']);
      ws.addRow(['BROKEN', '坏数据元', '复数', '求和', '', '']);
      const x = join(dir, 'de.xlsx');
      await wb.xlsx.writeFile(x);
      await expect(importMetadataFile(store, everywhereContext('test', 'zh-CN'), x)).rejects.toMatchObject({
        code: 'HW_METADATA_INVALID',
        details: [expect.objectContaining({ path: '第 4 行 / valueType' })],
      });
      ws.spliceRows(4, 1);
      await wb.xlsx.writeFile(x);
      const d = await importMetadataFile(store, everywhereContext('test', 'zh-CN'), x);
      expect(d.counts.dataElements).toBe(2);
      const [de] = await tableRows(store, 'data_element', { code: 'DOCTORS' });
      expect(de).toMatchObject({
        value_type: 'INTEGER_ZERO_OR_POSITIVE',
        aggregation_type: 'LAST',
        unit: '人',
      });
    });

    it('dry runs validate and write nothing', async () => {
      const before = await snapshot(tdb.url);
      const s = await importMetadataDocument(
        store,
        everywhereContext('test', 'zh-CN'),
        { constants: [{ code: 'K', name: 'K', value: 1 }] },
        { dryRun: true },
      );
      expect(s).toMatchObject({ dryRun: true, counts: { constants: 1 } });
      expect(await snapshot(tdb.url)).toEqual(before);
    });
  });
}
