import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { createTestDatabase, testDialects } from '@healthwatch/store/testing';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hw } from './helpers/run-cli.js';
import { snapshot } from './helpers/snapshot.js';

const fixtures = new URL('../packs/example-district/', import.meta.url).pathname;

for (const dialect of await testDialects()) {
  describe(`${dialect}: the foundation scenario through the CLI`, () => {
    let tdb: TestDatabase;
    let db: string[];
    const dir = mkdtempSync(join(tmpdir(), 'hw-scenario-'));
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      db = ['--db', tdb.url, '--user', 'statistician'];
    });
    afterAll(async () => {
      await tdb.drop();
    });

    it('init creates the schema', async () => {
      const r = await hw([...db, 'init']);
      expect(r.stderr).toContain('数据库已就绪');
      expect(r.code).toBe(0);
    });

    it('imports DHIS2 metadata with a 4-level hierarchy', async () => {
      const r = await hw([
        ...db,
        'metadata',
        'import',
        join(fixtures, 'dhis2-metadata.json'),
        '--format',
        'json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout) as { format: string; counts: Record<string, number> };
      expect(s.format).toBe('dhis2');
      expect(s.counts).toMatchObject({
        orgUnits: 9,
        orgUnitLevels: 4,
        dataElements: 6,
        dataSets: 1,
        categoryOptionCombos: 2,
        indicators: 1,
      });
      const md = JSON.parse((await hw([...db, 'metadata', 'export'])).stdout) as {
        orgUnits: { id: string; parent?: string }[];
      };
      expect(md.orgUnits.find((o) => o.id === 'ouBaishaHC1')?.parent).toBe('ouBaisha001');
    });

    it('imports a month of reports from a CSV with Chinese headers', async () => {
      const r = await hw([...db, 'import', join(fixtures, 'reports-2024-03.csv'), '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({
        status: 'SUCCESS',
        imported: 24,
        updated: 0,
        ignored: 0,
        conflictCount: 0,
        rows: 24,
      });
    });

    it('records a correction with old and new value in the audit log', async () => {
      const r = await hw([
        ...db,
        '--user',
        'clerk-baisha',
        'value',
        'set',
        '--de',
        'OPD_VISITS',
        '--ou',
        'JJ-BS-HC',
        '--pe',
        '202403',
        '--coc',
        '男',
        '--value',
        '612',
        '--comment',
        '漏报补录',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const audit = await hw([
        ...db,
        'audit',
        '--de',
        'OPD_VISITS',
        '--ou',
        '白沙镇中心卫生院',
        '--format',
        'json',
      ]);
      const rows = (JSON.parse(audit.stdout) as { audit: unknown[] }).audit as {
        auditType: string;
        oldValue: string;
        newValue: string;
        changedBy: string;
        newComment: string;
      }[];
      expect(rows[0]).toMatchObject({
        auditType: 'UPDATE',
        oldValue: '600',
        newValue: '612',
        changedBy: 'clerk-baisha',
        newComment: '漏报补录',
      });
      expect(rows.filter((a) => a.auditType === 'CREATE')).toHaveLength(2);
      const text = await hw([...db, 'audit', '--de', 'OPD_VISITS', '--ou', 'JJ-BS-HC']);
      expect(text.stdout).toContain('600 → 612');
    });

    it('audits follow-up, status and source changes even when the value stays', async () => {
      const key = ['--de', 'BEDS', '--ou', 'JJ-H1', '--pe', '202403'];
      expect((await hw([...db, 'value', 'set', ...key, '--value', '850', '--follow-up', '是'])).code).toBe(0);
      expect(
        (
          await hw([
            ...db,
            'value',
            'set',
            ...key,
            '--value',
            '850',
            '--status',
            'final',
            '--source',
            '卫健统1-1表',
          ])
        ).code,
      ).toBe(0);
      const unchanged = await hw([...db, 'value', 'set', ...key, '--value', '850', '--format', 'json']);
      expect(JSON.parse(unchanged.stdout)).toMatchObject({ updated: 0, ignored: 1 });
      const page = JSON.parse((await hw([...db, 'audit', ...key, '--format', 'json'])).stdout) as {
        audit: Record<string, unknown>[];
      };
      const rows = page.audit;
      expect(rows.map((r) => r.auditType)).toEqual(['UPDATE', 'UPDATE', 'CREATE']);
      expect(rows[1]).toMatchObject({
        oldValue: '850',
        newValue: '850',
        oldFollowUp: false,
        newFollowUp: true,
      });
      expect(rows[0]).toMatchObject({
        oldStatus: 'preliminary',
        newStatus: 'final',
        oldSource: null,
        newSource: '卫健统1-1表',
      });
      // A final value that changes becomes revised.
      expect((await hw([...db, 'value', 'set', ...key, '--value', '851'])).code).toBe(0);
      const got = JSON.parse(
        (await hw([...db, 'value', 'get', ...key, '--format', 'json'])).stdout,
      ) as Record<string, unknown>[];
      expect(got).toEqual([
        expect.objectContaining({ value: '851', status: 'revised', followUp: true, source: '卫健统1-1表' }),
      ]);
      // Put the figure back so the rest of the scenario sees the month as imported.
      expect((await hw([...db, 'value', 'set', ...key, '--value', '850'])).code).toBe(0);
    });

    it('rejects a bad single value with exit 2 and a message naming the field', async () => {
      const r = await hw([
        ...db,
        'value',
        'set',
        '--de',
        'BEDS',
        '--ou',
        'JJ-H1',
        '--pe',
        '202403',
        '--value',
        '-1',
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('HW_VALUE_INVALID');
      expect(r.stderr).toContain('数值: 实有床位数：应为零或正整数');
      const en = await hw([
        ...db,
        '--lang',
        'en',
        'value',
        'set',
        '--de',
        'BEDS',
        '--ou',
        'JJ-H1',
        '--pe',
        '2024Q5',
        '--value',
        '1',
      ]);
      expect(en.code).toBe(2);
      expect(en.stderr).toContain('period: Period "2024Q5" does not exist or is malformed');
    });

    it('answers analytics queries on the imported district at once, with no rebuild step', async () => {
      const r = await hw([
        ...db,
        'query',
        '--dx',
        'IMR,OPD_VISITS',
        '--pe',
        '2024Q1',
        '--ou',
        'CQ-JJ,JJ-JJ',
        '--format',
        'json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const rows = JSON.parse(r.stdout) as { dx: string; pe: string; ou: string; value: number }[];
      // IMR = 1 infant death / 131 live births × 1000 for the district; 1 / 122 for 几江街道.
      expect(rows).toEqual(
        expect.arrayContaining([
          { dx: 'inIMR000001', pe: '2024Q1', ou: 'ouJiangjin1', value: 7.63 },
          { dx: 'inIMR000001', pe: '2024Q1', ou: 'ouJijiang01', value: 8.2 },
          { dx: 'deOpdVisits', pe: '2024Q1', ou: 'ouJiangjin1', value: 12062 },
        ]),
      );
      const csv = await hw([
        ...db,
        'query',
        '--dx',
        'OPD_VISITS',
        '--pe',
        '202403',
        '--ou',
        'CQ-JJ',
        '--co',
        'SEX',
        '--format',
        'csv',
      ]);
      expect(csv.stdout.trim().split('\n')).toEqual([
        'dx,dxName,pe,peName,ou,ouName,co,coName,value',
        'deOpdVisits,门诊人次,202403,2024年3月,ouJiangjin1,江津区,coMale00001,男,6037',
        'deOpdVisits,门诊人次,202403,2024年3月,ouJiangjin1,江津区,coFemale001,女,6025',
      ]);
    });

    it('exports, and re-importing the export changes nothing', async () => {
      const file = join(dir, `export-${dialect}.csv`);
      const e = await hw([
        ...db,
        'export',
        '--ds',
        'MONTHLY',
        '--ou',
        'CQ-JJ',
        '--descendants',
        '--pe',
        '2024',
        '--out',
        file,
      ]);
      expect(e.code, e.stderr).toBe(0);
      const records: string[][] = parse(readFileSync(file, 'utf8'));
      expect(records).toHaveLength(1 + 24);
      expect(records.find((r) => r[0] === 'deRemarks01')?.[9]).toBe('多行\n说明');
      expect(
        records.find((r) => r[0] === 'deOpdVisits' && r[6] === '男' && r[3] === 'ouBaishaHC1')?.[8],
      ).toBe('612');
      const before = await snapshot(tdb.url);
      const r = await hw([...db, 'import', file, '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({
        imported: 0,
        updated: 0,
        deleted: 0,
        ignored: 24,
        description: '数据与库中一致，没有任何变化',
      });
      expect(r.stderr).toContain('数据与库中一致，没有任何变化');
      const after = await snapshot(tdb.url);
      // Only the import job record is new; no value or audit row changed.
      expect(after.data_value).toEqual(before.data_value);
      expect(after.data_value_audit).toEqual(before.data_value_audit);

      const json = join(dir, `export-${dialect}.json`);
      expect(
        (
          await hw([
            ...db,
            'export',
            '--ds',
            'MONTHLY',
            '--ou',
            'CQ-JJ',
            '--descendants',
            '--pe',
            '202403',
            '--format',
            'dhis2-json',
            '--out',
            json,
          ])
        ).code,
      ).toBe(0);
      const again = await hw([...db, 'import', json, '--format', 'json']);
      expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, updated: 0, ignored: 24 });
      const dcsv = join(dir, `export-${dialect}-dhis2.csv`);
      expect(
        (
          await hw([
            ...db,
            'export',
            '--de',
            'OPD_VISITS',
            '--ou',
            'JJ-BS-HC',
            '--pe',
            '202403',
            '--format',
            'dhis2-csv',
            '--out',
            dcsv,
          ])
        ).code,
      ).toBe(0);
      expect(readFileSync(dcsv, 'utf8').split('\n')[0]).toBe(
        'dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup',
      );
      const xlsx = join(dir, `export-${dialect}.xlsx`);
      expect(
        (
          await hw([
            ...db,
            'export',
            '--ds',
            'MONTHLY',
            '--ou',
            'CQ-JJ',
            '--descendants',
            '--pe',
            '2024',
            '--format',
            'xlsx',
            '--out',
            xlsx,
          ])
        ).code,
      ).toBe(0);
      const fromXlsx = await hw([...db, 'import', xlsx, '--format', 'json']);
      expect(JSON.parse(fromXlsx.stdout)).toMatchObject({ imported: 0, updated: 0, ignored: 24 });
    });

    it('rejects a malformed file with exit code 2 and leaves the database unchanged', async () => {
      const before = await snapshot(tdb.url);
      const bad = join(dir, `bad-${dialect}.csv`);
      writeFileSync(
        bad,
        '数据元,期间,机构,分类,数值\nOPD_VISITS,202404,JJ-BS-HC,男,700\nOPD_VISITS,202404,JJ-BS-HC,"女,710\n',
      );
      const r = await hw([...db, 'import', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/HW_IMPORT_FORMAT.*第 \d+ 行.*引号未闭合/);
      const conflicting = join(dir, `conflict-${dialect}.csv`);
      writeFileSync(
        conflicting,
        '数据元,期间,机构,分类,数值\nOPD_VISITS,202404,JJ-BS-HC,男,700\nOPD_VISITS,202404,不存在的机构,女,710\n',
      );
      const c = await hw([...db, 'import', conflicting]);
      expect(c.code).toBe(2);
      expect(c.stderr).toContain('第 3 行，机构：未知的机构“不存在的机构”');
      expect(await snapshot(tdb.url)).toEqual(before);
    });
  });
}
