import ExcelJS from 'exceljs';
import { createApp } from '@healthwatch/server';
import { openMigratedStore } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { testDialects } from '@healthwatch/store/testing';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoDatabase } from './helpers/demo-database.js';
import { DEMO_PASSWORD } from './helpers/demo-password.js';
import { sessionHeaders } from './helpers/http-session.js';
import { hw } from './helpers/run-cli.js';

interface Page {
  audit: { orgUnit: string; changedBy: string; auditType: string; period: string; newValue: string | null }[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * "Who changed what in my district": the audit of a unit covers every unit below it, filters by
 * the person who changed, element, data set, period range and action, pages, and exports.
 */
for (const dialect of await testDialects()) {
  describe(`${dialect}: audit by area and by person`, () => {
    let tdb: TestDatabase;
    let db: string[];
    let store: Store;
    const set = async (user: string, ou: string, de: string, pe: string, value: string): Promise<void> => {
      const r = await hw([
        ...db,
        '--user',
        user,
        'value',
        'set',
        '--de',
        de,
        '--ou',
        ou,
        '--pe',
        pe,
        '--value',
        value,
      ]);
      expect(r.code, r.stderr).toBe(0);
    };
    beforeAll(async () => {
      tdb = await createDemoDatabase(dialect);
      db = ['--db', tdb.url];
      // Three people change values in two towns: 白沙镇's health centre and a village clinic, and 李市镇.
      await set('stats', 'JJ-BS-HC', 'OPD_VISITS', '202406', '4321');
      await set('clerk', 'JJ-BS-HC', 'OPD_VISITS', '202405', '4322');
      await set('clerk', 'JJ-BS-VC1', 'OPD_VISITS', '202406', '77');
      await set('admin', 'JJ-LS-HC', 'OPD_VISITS', '202406', '5000');
      const del = await hw([
        ...db,
        '--user',
        'admin',
        'value',
        'delete',
        '--de',
        'OPD_VISITS',
        '--ou',
        'JJ-LS-HC',
        '--pe',
        '202405',
      ]);
      expect(del.code, del.stderr).toBe(0);
      store = await openMigratedStore(tdb.url);
    });
    afterAll(async () => {
      await store?.close();
      await tdb.drop();
    });
    const cli = async (...args: string[]): Promise<Page> => {
      const r = await hw([...db, 'audit', '--format', 'json', ...args]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Page;
    };
    const ours = new Set(['4321', '4322', '77', '5000']);
    const mine = (p: Page): Page['audit'] =>
      p.audit.filter((a) => a.newValue !== null && ours.has(a.newValue));

    it('the district covers the changes of every institution below it; a town only its own', async () => {
      const district = await cli('--ou', 'JJ', '--pe', '202406');
      expect(new Set(mine(district).map((a) => a.orgUnit)).size).toBe(3);
      const town = await cli('--ou', 'JJ-BS', '--from', '202405', '--to', '202406');
      const units = mine(town).map((a) => a.orgUnit);
      expect(units.length).toBe(3);
      expect(town.audit.some((a) => a.newValue === '5000')).toBe(false);
    });

    it('filters by the person who changed (--by, not the global --user), action and period range', async () => {
      const byClerk = await cli('--ou', 'JJ', '--by', 'clerk');
      expect(byClerk.audit.map((a) => a.newValue).sort()).toEqual(['4322', '77']);
      expect(byClerk.total).toBe(2);
      const deletes = await cli('--ou', 'JJ', '--action', 'delete', '--by', 'admin');
      expect(deletes.audit.map((a) => [a.auditType, a.period])).toEqual([['DELETE', '202405']]);
      const may = await cli('--ou', 'JJ', '--from', '202405', '--to', '202405', '--by', 'clerk');
      expect(may.audit.map((a) => a.newValue)).toEqual(['4322']);
      const bad = await hw([...db, 'audit', '--action', 'ERASE']);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('ERASE');
    });

    it('pages newest first with the total', async () => {
      const all = await cli('--ou', 'JJ', '--de', 'OPD_VISITS', '--pe', '202406');
      const second = await cli(
        '--ou',
        'JJ',
        '--de',
        'OPD_VISITS',
        '--pe',
        '202406',
        '--limit',
        '1',
        '--page',
        '2',
      );
      expect(second.total).toBe(all.total);
      expect(second.pageSize).toBe(1);
      expect(second.audit).toEqual([all.audit[1]]);
    });

    it('prints actions in Chinese and the page summary', async () => {
      const r = await hw([...db, 'audit', '--ou', 'JJ', '--by', 'clerk']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('修改');
      expect(r.stdout).not.toMatch(/\bUPDATE\b|\bCREATE\b|\bfinal\b|\brevised\b/);
      expect(r.stderr).toContain('共 2 条');
    });

    it('HTTP: the stats user gets the district by default, pages, and exports CSV and XLSX with Chinese headers', async () => {
      const app = createApp(store);
      const h = await sessionHeaders(app, 'stats', DEMO_PASSWORD);
      const page = (await (await app.request('/api/audit?user=clerk', { headers: h })).json()) as Page;
      expect(page.audit.map((a) => a.newValue).sort()).toEqual(['4322', '77']);
      expect(page).toMatchObject({ total: 2, page: 1, pageSize: 100 });
      const csv = await app.request('/api/audit?ou=JJ-BS&user=clerk&format=csv', { headers: h });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-disposition')).toContain('.csv');
      const lines = (await csv.text())
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe(
        '时间,用户,操作,机构,机构标识,数据元,分类组合项,期间,期间代码,原值,新值,其他变更',
      );
      expect(lines).toHaveLength(3);
      expect(lines.slice(1).every((l) => l.includes(',clerk,') && l.includes('2024年'))).toBe(true);
      const xlsx = await app.request('/api/audit?ou=JJ&user=admin&format=xlsx&locale=en', { headers: h });
      expect(xlsx.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await xlsx.arrayBuffer());
      const ws = wb.worksheets[0];
      expect(ws?.name).toBe('Audit log');
      expect(ws?.getRow(1).getCell(3).value).toBe('Action');
      const actions = new Set<unknown>();
      ws?.eachRow((row, n) => {
        if (n > 1) {
          actions.add(row.getCell(3).value);
        }
      });
      expect(actions.has('deleted')).toBe(true);
      expect([...actions].every((a) => ['created', 'changed', 'deleted'].includes(String(a)))).toBe(true);
    });
  });
}
