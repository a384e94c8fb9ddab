import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntryFormResponse, MeResponse } from '@healthwatch/contract';
import {
  importDataFile,
  importMetadataFile,
  saveUserAccount,
  everywhereContext,
} from '@healthwatch/services';
import { createApp } from '@healthwatch/server';
import { migrateStore, openStore } from '@healthwatch/store';
import { createTestDatabase, testDialects } from '@healthwatch/store/testing';
import type { Store } from '@healthwatch/store';
import type { TestDatabase } from '@healthwatch/store/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders } from './helpers/http-session.js';

const packs = new URL('../packs/', import.meta.url).pathname;
const PW = 'Web-routes-1';

// The routes the web app needs beyond the data API: who am I (with scopes and the CSRF token for
// a reloaded page), one's own password, the entry form and its completion, templates, spreadsheet
// import and export, and the app's files outside /api.
for (const dialect of await testDialects()) {
  describe(`${dialect}: routes behind the web app`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let app: ReturnType<typeof createApp>;
    let webRoot: string;
    const session = (username: string, password = PW): Promise<Record<string, string>> =>
      sessionHeaders(app, username, password);
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await openStore(tdb.url, { create: true });
      await migrateStore(store);
      await importMetadataFile(
        store,
        everywhereContext('test', 'zh-CN'),
        join(packs, 'example-district/dhis2-metadata.json'),
      );
      await importDataFile(
        store,
        everywhereContext('seed', 'zh-CN'),
        join(packs, 'example-district/reports-2024-03.csv'),
      );
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'clerk',
        password: PW,
        role: 'clerk',
        displayName: '王医生',
        capture: ['JJ-BS-HC'],
      });
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'stats',
        password: PW,
        role: 'stats',
        capture: ['CQ-JJ'],
      });
      webRoot = await mkdtemp(join(tmpdir(), 'hw-web-'));
      await mkdir(join(webRoot, 'assets'));
      await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>app</title><div id="root"></div>');
      await writeFile(join(webRoot, 'assets', 'app.js'), 'console.log(1)');
      app = createApp(store, { webRoot, today: () => '2024-04-10' });
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
      await rm(webRoot, { recursive: true, force: true });
    });

    it('/api/me gives the scopes by unit and, for a session, the CSRF token that keeps a reloaded page writing', async () => {
      const h = await session('clerk');
      const me = MeResponse.parse(await (await app.request('/api/me', { headers: h })).json());
      expect(me).toMatchObject({
        username: 'clerk',
        displayName: '王医生',
        role: 'clerk',
        csrfToken: h['x-csrf-token'],
      });
      expect(me.capture?.map((u) => u.code)).toEqual(['JJ-BS-HC']);
      expect(me.view?.map((u) => u.name)).toEqual(me.capture?.map((u) => u.name));
      // The token from /api/me is accepted for a write.
      const ok = await app.request('/api/dataValues', {
        method: 'POST',
        headers: { ...h, 'x-csrf-token': me.csrfToken ?? '' },
        body: JSON.stringify({ dataElement: 'BEDS', orgUnit: 'JJ-BS-HC', period: '202404', value: '61' }),
      });
      expect(ok.status).toBe(200);
    });

    it('a user changes their own password: the current one must match and the policy applies; the new one logs in', async () => {
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'li',
        password: PW,
        role: 'viewer',
        view: ['JJ-BS'],
      });
      const h = await session('li');
      const wrong = await app.request('/api/me/password', {
        method: 'POST',
        headers: h,
        body: JSON.stringify({ current: 'nope-nope-1', next: 'Better-pass-2' }),
      });
      expect(wrong.status).toBe(400);
      expect(JSON.stringify(await wrong.json())).toContain('当前密码不正确');
      const weak = await app.request('/api/me/password', {
        method: 'POST',
        headers: h,
        body: JSON.stringify({ current: PW, next: 'short' }),
      });
      expect(weak.status).toBe(400);
      const good = await app.request('/api/me/password', {
        method: 'POST',
        headers: h,
        body: JSON.stringify({ current: PW, next: 'Better-pass-2' }),
      });
      expect(good.status).toBe(200);
      await session('li', 'Better-pass-2');
      const old = await app.request('/api/auth/login', {
        method: 'POST',
        body: JSON.stringify({ username: 'li', password: PW }),
        headers: { 'content-type': 'application/json' },
      });
      expect(old.status).toBe(401);
    });

    it('the entry form has the elements with their disaggregations and the stored values; completion is set, shown, taken back and audited', async () => {
      const h = await session('clerk');
      const form = EntryFormResponse.parse(
        await (
          await app.request('/api/dataEntry/form?ds=MONTHLY&ou=JJ-BS-HC&pe=202403', { headers: h })
        ).json(),
      );
      expect(form).toMatchObject({
        orgUnit: { code: 'JJ-BS-HC' },
        period: '202403',
        assigned: true,
        complete: null,
      });
      const opd = form.elements.find((e) => e.code === 'OPD_VISITS');
      expect(opd?.combos.map((c) => c.name)).toEqual(['男', '女']);
      const male = form.values.find(
        (v) => v.dataElement === opd?.id && v.categoryOptionCombo === opd.combos[0]?.id,
      );
      expect(male?.value).toBe('600');
      // A wrong period type is refused by name.
      const bad = await app.request('/api/dataEntry/form?ds=MONTHLY&ou=JJ-BS-HC&pe=2024', { headers: h });
      expect(bad.status).toBe(400);
      const mark = (complete: boolean): Promise<Response> =>
        Promise.resolve(
          app.request('/api/dataEntry/complete', {
            method: 'POST',
            headers: h,
            body: JSON.stringify({ dataSet: 'MONTHLY', orgUnit: 'JJ-BS-HC', period: '202403', complete }),
          }),
        );
      expect((await mark(true)).status).toBe(200);
      expect((await mark(true)).status).toBe(200);
      const done = EntryFormResponse.parse(
        await (
          await app.request('/api/dataEntry/form?ds=MONTHLY&ou=JJ-BS-HC&pe=202403', { headers: h })
        ).json(),
      );
      expect(done.complete?.by).toBe('clerk');
      expect((await mark(false)).status).toBe(200);
      const undone = EntryFormResponse.parse(
        await (
          await app.request('/api/dataEntry/form?ds=MONTHLY&ou=JJ-BS-HC&pe=202403', { headers: h })
        ).json(),
      );
      expect(undone.complete).toBeNull();
      await saveUserAccount(store, everywhereContext('test', 'zh-CN'), {
        username: 'boss',
        password: PW,
        role: 'admin',
      });
      const events = (await (
        await app.request('/api/audit/events?user=clerk', { headers: await session('boss') })
      ).json()) as { events: { action: string; target: string }[] };
      expect(events.events.filter((e) => e.action.startsWith('dataset.')).map((e) => e.action)).toEqual([
        'dataset.incomplete',
        'dataset.complete',
        'dataset.complete',
      ]);
      expect(events.events.find((e) => e.action === 'dataset.complete')?.target).toBe(
        'MONTHLY/JJ-BS-HC/202403',
      );
    });

    it('a template downloads in the importer’s Chinese headers and, filled in, imports as CSV and as XLSX', async () => {
      const h = await session('clerk');
      const csv = await app.request('/api/dataEntry/template?ds=MONTHLY&format=csv&ou=JJ-BS-HC&pe=202405', {
        headers: h,
      });
      expect(csv.headers.get('content-disposition')).toContain('template-MONTHLY.csv');
      const lines = (await csv.text())
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r\n/);
      expect(lines[0]).toBe('数据元,数据元名称,分类,期间,机构,数值,备注');
      expect(lines.filter((l) => l.startsWith('OPD_VISITS,')).map((l) => l.split(',')[2])).toEqual([
        '男',
        '女',
      ]);
      const filled = [
        lines[0],
        ...lines
          .slice(1)
          .filter((l) => l.startsWith('OPD_VISITS,'))
          .map((l) => l.replace(',202405,JJ-BS-HC,,', ',202405,JJ-BS-HC,700,')),
      ].join('\n');
      const imported = await app.request('/api/dataValueSets', {
        method: 'POST',
        headers: { ...h, 'content-type': 'application/csv' },
        body: filled,
      });
      expect(await imported.json()).toMatchObject({ status: 'SUCCESS', imported: 2 });
      const xlsx = await app.request('/api/dataEntry/template?ds=MONTHLY&format=xlsx&ou=JJ-BS-HC&pe=202406', {
        headers: h,
      });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await xlsx.arrayBuffer());
      const ws = wb.worksheets[0];
      ws?.eachRow((row, n) => {
        if (n > 1 && row.getCell(1).value === 'BEDS') {
          row.getCell(6).value = 62;
        }
      });
      const body = Buffer.from(await wb.xlsx.writeBuffer());
      const sheet = await app.request('/api/dataValueSets', {
        method: 'POST',
        headers: {
          ...h,
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
        body,
      });
      const sheetSummary = await sheet.json();
      expect(sheetSummary, JSON.stringify(sheetSummary)).toMatchObject({ status: 'SUCCESS', imported: 1 });
      // A bad row in a spreadsheet is named by its row and nothing is written.
      const firstData = ws?.getRow(2);
      if (firstData) {
        firstData.getCell(5).value = 'NO-SUCH-UNIT';
        firstData.getCell(6).value = 5;
      }
      const rejected = await app.request('/api/dataValueSets', {
        method: 'POST',
        headers: {
          ...h,
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
        body: Buffer.from(await wb.xlsx.writeBuffer()),
      });
      expect(rejected.status).toBe(409);
      const summary = (await rejected.json()) as {
        conflicts: { row: number; field: string }[];
        imported: number;
      };
      expect(summary.conflicts[0]).toMatchObject({ row: 2, field: 'orgUnit' });
      expect(summary.imported).toBe(0);
    });

    it('analytics exports CSV and XLSX with names; completeness without a period takes the latest due one', async () => {
      const h = await session('stats');
      const csv = await app.request(
        '/api/analytics?dimension=dx:OPD_VISITS&dimension=pe:202403&dimension=ou:JJ-BS-HC&format=csv',
        { headers: h },
      );
      expect(csv.headers.get('content-disposition')).toContain('analytics.csv');
      const text = (await csv.text()).replace(/^\uFEFF/, '');
      expect(text.split(/\r\n/)[0]).toBe('数据,期间,机构,数值');
      expect(text).toMatch(/门诊.*,.*2024.*,.*1200/);
      const completeness = (await (
        await app.request('/api/completeness?ds=MONTHLY&ou=CQ-JJ', { headers: h })
      ).json()) as { periods: string[] };
      // On 2024-04-10 (the app's today) 202403 is due through today (10 timely days), so the latest
      // period whose due date has passed is 202402, whatever later months already hold data.
      expect(completeness.periods).toEqual(['202402']);
    });

    it('serves the web app outside /api (index.html for any page address) with protective headers; /api stays JSON', async () => {
      const page = await app.request('/');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      const asset = await app.request('/assets/app.js');
      expect(asset.headers.get('content-type')).toContain('javascript');
      expect(await (await app.request('/plans/anything')).text()).toContain('<div id="root">');
      const escape = await app.request('/assets/..%2F..%2Fetc%2Fpasswd');
      expect(await escape.text()).not.toContain('root:');
      const api = await app.request('/api/nope');
      expect(api.status).toBe(401);
      expect(api.headers.get('content-type')).toContain('json');
    });
  });
}
