import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importDataFile, importMetadataFile, everywhereContext } from '@healthwatch/services';
import type { ImportSummary } from '@healthwatch/services';
import { migrateStore, openStore } from '@healthwatch/store';
import { createTestDatabase, tableRows, testDialects } from '@healthwatch/store/testing';
import type { Store } from '@healthwatch/store';
import type { TestDatabase } from '@healthwatch/store/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from './helpers/snapshot.js';

const fixtures = new URL('../packs/example-district/', import.meta.url).pathname;
const HEADER = '数据元,期间,机构,分类,数值,备注\n';

for (const dialect of await testDialects()) {
  describe(`${dialect}: bad input is rejected row by row and nothing is half-written`, () => {
    let tdb: TestDatabase;
    let store: Store;
    const dir = mkdtempSync(join(tmpdir(), 'hw-bad-'));
    let n = 0;
    const file = (content: string | Buffer, ext = 'csv'): string => {
      const p = join(dir, `f${n++}.${ext}`);
      writeFileSync(p, content);
      return p;
    };
    const run = (path: string, extra: Parameters<typeof importDataFile>[3] = {}): Promise<ImportSummary> =>
      importDataFile(store, everywhereContext('tester', 'zh-CN'), path, extra);

    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await openStore(tdb.url, { create: true });
      await migrateStore(store);
      await importMetadataFile(
        store,
        everywhereContext('test', 'zh-CN'),
        join(fixtures, 'dhis2-metadata.json'),
      );
      const s = await run(join(fixtures, 'reports-2024-03.csv'));
      expect(s.imported).toBe(24);
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });

    /** Runs a rejected import and checks the database content did not change at all. */
    async function rejected(
      path: string,
      extra: Parameters<typeof importDataFile>[3] = {},
    ): Promise<ImportSummary> {
      const before = await snapshot(tdb.url);
      const s = await run(path, extra);
      expect(s.status).toBe('ERROR');
      expect(s.rolledBack).toBe(true);
      expect(await snapshot(tdb.url)).toEqual(before);
      return s;
    }
    async function fails(path: string, code: string, message: RegExp): Promise<void> {
      const before = await snapshot(tdb.url);
      await expect(run(path)).rejects.toMatchObject({
        code,
        message: expect.stringMatching(message) as unknown,
      });
      expect(await snapshot(tdb.url)).toEqual(before);
    }

    it('an unclosed quote names its line', async () => {
      await fails(
        file(`${HEADER}OPD_VISITS,202404,JJ-BS-HC,男,1,"oops\nOPD_VISITS,202404,JJ-BS-HC,女,2,\n`),
        'HW_IMPORT_FORMAT',
        /第 \d+ 行.*引号未闭合/,
      );
    });

    it('an empty file, a header-only file and an empty JSON are rejected', async () => {
      await fails(file(''), 'HW_IMPORT_EMPTY', /文件为空/);
      await fails(file(HEADER), 'HW_IMPORT_EMPTY', /文件为空/);
      await fails(file('{"dataValues":[]}', 'json'), 'HW_IMPORT_EMPTY', /文件为空/);
      await fails(file('{"dataValues": [', 'json'), 'HW_IMPORT_FORMAT', /JSON 无法解析/);
    });

    it('a missing required column is named', async () => {
      await fails(
        file('数据元,机构,数值\nOPD_VISITS,JJ-BS-HC,1\n'),
        'HW_IMPORT_FORMAT',
        /缺少必需的列：period/,
      );
    });

    it('a wrong column count names row and field', async () => {
      const s = await rejected(file(`${HEADER}OPD_VISITS,202404,JJ-BS-HC,男,1,,extra\n`));
      expect(s.conflicts).toContainEqual(
        expect.objectContaining({ row: 2, field: '(columns)', message: '列数为 7，应为 6' }),
      );
    });

    it('unknown codes, bad periods and wrong types each name row and field', async () => {
      const s = await rejected(
        file(
          HEADER +
            'NO_SUCH_DE,202404,JJ-BS-HC,,1,\n' +
            'OPD_VISITS,202404,NO-SUCH-OU,男,1,\n' +
            'OPD_VISITS,202413,JJ-BS-HC,男,1,\n' +
            'OPD_VISITS,2024Q5,JJ-BS-HC,男,1,\n' +
            'OPD_VISITS,202404,JJ-BS-HC,不男不女,1,\n' +
            'OPD_VISITS,202404,JJ-BS-HC,男,十二,\n' +
            'OPD_VISITS,202404,JJ-BS-HC,女,-3,\n' +
            'BED_OCC_RATE,202404,JJ-BS-HC,,101.5,\n' +
            'BEDS,202404,JJ-BS-HC,,4.5,\n' +
            'OPD_VISITS,202404,JJ-BS-HC,,5,\n',
        ),
      );
      const by = (row: number): { field: string; message: string }[] =>
        s.conflicts.filter((c) => c.row === row);
      expect(by(2)).toEqual([
        expect.objectContaining({ field: 'dataElement', message: '未知的数据元“NO_SUCH_DE”' }),
      ]);
      expect(by(3)).toEqual([
        expect.objectContaining({ field: 'orgUnit', message: '未知的机构“NO-SUCH-OU”' }),
      ]);
      expect(by(4)).toEqual([
        expect.objectContaining({ field: 'period', message: '期间“202413”不存在或格式无效' }),
      ]);
      expect(by(5)).toEqual([expect.objectContaining({ field: 'period' })]);
      expect(by(6)).toEqual([
        expect.objectContaining({
          field: 'categoryOptionCombo',
          message: '数据元“门诊人次”没有分类组合项“不男不女”',
        }),
      ]);
      expect(by(7)).toEqual([
        expect.objectContaining({ field: 'value', message: '门诊人次：应为零或正整数' }),
      ]);
      expect(by(8)).toEqual([
        expect.objectContaining({ field: 'value', message: '门诊人次：应为零或正整数' }),
      ]);
      expect(by(9)).toEqual([
        expect.objectContaining({ field: 'value', message: '病床使用率：应为 0 到 100 之间的百分数' }),
      ]);
      expect(by(10)).toEqual([
        expect.objectContaining({ field: 'value', message: '实有床位数：应为零或正整数' }),
      ]);
      expect(by(11)).toEqual([expect.objectContaining({ field: 'categoryOptionCombo' })]);
      expect(s.conflictCount).toBe(10);
    });

    it('duplicate keys inside one file are conflicts naming the first row', async () => {
      const s = await rejected(
        file(`${HEADER}OPD_VISITS,202404,JJ-BS-HC,男,1,\nOPD_VISITS,202404,白沙镇中心卫生院,男,2,\n`),
      );
      expect(s.conflicts).toEqual([
        expect.objectContaining({ row: 3, message: '与第 2 行重复（同一数据元、分类、机构、期间）' }),
      ]);
    });

    it('checks values against the data set: closed unit, unassigned unit, wrong period type, element not in set', async () => {
      const s = await rejected(
        file(
          HEADER +
            'OPD_VISITS,202401,JJ-JJ-OLD,男,1,\n' +
            'OPD_VISITS,202404,JJ-BS,男,1,\n' +
            'OPD_VISITS,2024Q2,JJ-BS-HC,男,1,\n',
        ),
      );
      expect(s.conflicts.map((c) => [c.row, c.field, c.message])).toEqual([
        [2, 'orgUnit', '机构“几江街道旧诊所”在期间“202401”内未开业或已关闭'],
        [3, 'orgUnit', '机构“白沙镇”未分配数据集“医疗机构月报”'],
        [4, 'period', '期间“2024Q2”的类型与数据集“医疗机构月报”的报告周期（月）不符'],
      ]);
      // The clinic could still report for the months before it closed.
      const ok = await run(file(`${HEADER}OPD_VISITS,202312,JJ-JJ-OLD,男,1,\n`), { dryRun: true });
      expect(ok).toMatchObject({ status: 'SUCCESS', imported: 1, rolledBack: true });
      // An element in no data set (population) is accepted for any period type …
      await importMetadataFile(
        store,
        everywhereContext('test', 'zh-CN'),
        file(
          '{"dataElements":[{"code":"POP_RESIDENT","name":"年末常住人口","valueType":"INTEGER_ZERO_OR_POSITIVE","aggregationType":"LAST"}]}',
          'json',
        ),
      );
      const pop = await run(file(`${HEADER}POP_RESIDENT,2023,CQ-JJ,,1359000,\n`));
      expect(pop).toMatchObject({ status: 'SUCCESS', imported: 1 });
      // … but not in a data set that does not hold it.
      const notInSet = await rejected(
        file(
          '{"dataSet":"dsMonthly01","period":"202404","orgUnit":"ouBaishaHC1","dataValues":[{"dataElement":"POP_RESIDENT","value":"5"}]}',
          'json',
        ),
      );
      expect(notInSet.conflicts).toEqual([
        expect.objectContaining({
          row: 1,
          field: 'dataElement',
          message: '数据元“年末常住人口”不属于数据集“医疗机构月报”',
        }),
      ]);
      const md = await run(
        file(
          '{"dataSet":"NOPE","dataValues":[{"dataElement":"deBeds00001","period":"202404","orgUnit":"ouBaishaHC1","value":"5"}]}',
          'json',
        ),
      );
      expect(md.conflicts[0]).toMatchObject({ field: 'dataSet', message: '未知的数据集“NOPE”' });
    });

    it('a 10 MB cell is a conflict on its row and field, not a crash', async () => {
      const big = 'x'.repeat(10 * 1024 * 1024);
      const s = await rejected(
        file(`${HEADER}REMARKS,202404,JJ-H1,,${big},\nOPD_VISITS,202404,JJ-BS-HC,男,1,\n`),
      );
      expect(s.conflicts).toHaveLength(1);
      expect(s.conflicts[0]).toMatchObject({
        row: 2,
        field: 'value',
        message: '字段长度超过上限 50000 个字符',
      });
      expect(s.conflicts[0]?.value.length).toBeLessThan(120);
    });

    it('stores SQL- and HTML-looking strings verbatim as text, harmlessly', async () => {
      const evil = `'); DROP TABLE data_value; -- <script>alert(1)</script>`;
      const s = await run(file(`${HEADER}REMARKS,202404,JJ-H1,,"${evil}","<img src=x onerror=alert(1)>"\n`));
      expect(s).toMatchObject({ status: 'SUCCESS', imported: 1 });
      const [pe] = await tableRows(store, 'period', { iso: '202404' });
      const [de] = await tableRows(store, 'data_element', { code: 'REMARKS' });
      const rows = await tableRows(store, 'data_value', {
        period_id: pe?.id ?? -1,
        data_element_id: de?.id ?? -1,
      });
      expect(rows.map((r) => ({ value: r.value, comment: r.comment }))).toEqual([
        { value: evil, comment: '<img src=x onerror=alert(1)>' },
      ]);
      const evilRef = await rejected(file(`${HEADER}"x' OR '1'='1",202404,JJ-H1,,1,\n`));
      expect(evilRef.conflicts[0]?.message).toBe(`未知的数据元“x' OR '1'='1”`);
    });

    it('--skip-conflicts writes the valid rows and lists the others', async () => {
      const s = await run(
        file(
          `${HEADER}OPD_VISITS,202405,JJ-BS-HC,男,10,\nOPD_VISITS,202405,NOPE,男,11,\nOPD_VISITS,202405,JJ-BS-HC,女,12,\n`,
        ),
        {
          skipConflicts: true,
        },
      );
      expect(s).toMatchObject({ status: 'WARNING', imported: 2, conflictCount: 1, rolledBack: false });
      expect(s.conflicts[0]).toMatchObject({ row: 3, field: 'orgUnit' });
    });

    it('a dry run counts but writes nothing', async () => {
      const before = await snapshot(tdb.url);
      const s = await run(file(`${HEADER}OPD_VISITS,202406,JJ-BS-HC,男,10,\n`), { dryRun: true });
      expect(s).toMatchObject({
        status: 'SUCCESS',
        imported: 1,
        dryRun: true,
        rolledBack: true,
        description: '试运行：未写入任何数据',
      });
      expect(await snapshot(tdb.url)).toEqual(before);
    });

    it('reads GBK files from Chinese Excel and rejects undecodable bytes', async () => {
      // "数据元,期间,机构,分类,数值\nOPD_VISITS,202407,白沙镇中心卫生院,男,33\n" encoded as GBK.
      const encoded = Buffer.from(
        'cafdbeddd4aa2cc6dabce42cbbfab9b92cb7d6c0e02ccafdd6b50a4f50445f5649534954532c3230323430372cb0d7c9b3d5f2d6d0d0c4cec0c9fad4ba2cc4d02c33330a',
        'hex',
      );
      const s = await run(file(encoded));
      expect(s).toMatchObject({ status: 'SUCCESS', imported: 1 });
      await fails(
        file(Buffer.from([0x64, 0x65, 0x2c, 0x70, 0x0a, 0xff, 0xfe, 0x00, 0x01, 0x81, 0x0a])),
        'HW_IMPORT_ENCODING',
        /无法识别文件编码/,
      );
    });

    it('accepts UTF-8 with a BOM, DHIS2 CSV without header, and XLSX', async () => {
      const bom = await run(file(`\uFEFF${HEADER}OPD_VISITS,202408,JJ-BS-HC,男,8,\n`));
      expect(bom).toMatchObject({ status: 'SUCCESS', imported: 1 });
      const d2 = await run(
        file('"deOpdVisits","202408","ouBaishaHC1","cocFemale01","","9","john","2024-09-01","ok","false"\n'),
        { format: 'dhis2-csv' },
      );
      expect(d2).toMatchObject({ status: 'SUCCESS', imported: 1 });
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('数据');
      ws.addRow(['数据元', '期间', '机构', '分类', '数值']);
      ws.addRow(['门诊人次', 202409, '白沙镇中心卫生院', '男', 77]);
      ws.addRow(['门诊人次', 202409, '白沙镇中心卫生院', '女', 'abc']);
      const x = join(dir, 'data.xlsx');
      await wb.xlsx.writeFile(x);
      const xs = await run(x);
      expect(xs.conflicts).toEqual([expect.objectContaining({ row: 3, field: 'value' })]);
    });

    it('deletes on an explicit flag only, and restores on re-import', async () => {
      const del = await run(file('数据元,期间,机构,分类,数值,删除\nOPD_VISITS,202408,JJ-BS-HC,男,,是\n'));
      expect(del).toMatchObject({ deleted: 1 });
      const blank = await run(file(`${HEADER}OPD_VISITS,202408,JJ-BS-HC,女,,\n`));
      expect(blank).toMatchObject({ deleted: 0, ignored: 1 });
      const back = await run(file(`${HEADER}OPD_VISITS,202408,JJ-BS-HC,男,8,\n`));
      expect(back).toMatchObject({ imported: 1 });
    });
  });
}
