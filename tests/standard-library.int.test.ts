import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  importDataFile,
  importMetadataDocument,
  importMetadataFile,
  queryAnalytics,
  everywhereContext,
} from '@healthwatch/services';
import { migrateStore, openStore } from '@healthwatch/store';
import { createTestDatabase, tableRows, testDialects } from '@healthwatch/store/testing';
import type { Store } from '@healthwatch/store';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const library = new URL('../packs/standard-library/metadata.json', import.meta.url).pathname;

// The synthetic population of life-table.test.ts, split between the sexes: the district totals
// equal the hand-checked vector (e0 84.66763449, 40q30 12.13873517 %, TFR 0.73663514).
const AGES = [
  '0岁',
  '1-4岁',
  ...Array.from({ length: 16 }, (_, i) => `${5 + 5 * i}-${9 + 5 * i}岁`),
  '85岁及以上',
];
const POPS = [8000, 33000, ...Array.from({ length: 16 }, (_, i) => 40000 + 1000 * i), 9000];
const DEATHS = [30, 8, 5, 4, 6, 10, 12, 15, 20, 30, 45, 70, 110, 170, 260, 400, 650, 1000, 2200];
const NCD: Record<string, [number, number]> = {
  '30-34岁': [20, 80000],
  '35-39岁': [35, 78000],
  '40-44岁': [60, 76000],
  '45-49岁': [110, 74000],
  '50-54岁': [180, 70000],
  '55-59岁': [260, 65000],
  '60-64岁': [380, 60000],
  '65-69岁': [520, 52000],
};
const FERT: Record<string, [number, number]> = {
  '15-19岁': [40, 20000],
  '20-24岁': [700, 22000],
  '25-29岁': [1500, 25000],
  '30-34岁': [900, 24000],
  '35-39岁': [300, 23000],
  '40-44岁': [60, 22000],
  '45-49岁': [5, 21000],
};

for (const dialect of await testDialects()) {
  describe(`${dialect}: the standard indicator library`, () => {
    let tdb: TestDatabase;
    let store: Store;
    const dir = mkdtempSync(join(tmpdir(), 'hw-lib-'));
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await openStore(tdb.url, { create: true });
      await migrateStore(store);
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });

    it('imports, with every indicator parseable and named in Chinese and English', async () => {
      const s = await importMetadataFile(store, everywhereContext('test', 'zh-CN'), library);
      expect(s.counts.indicators).toBeGreaterThanOrEqual(50);
      const inds = await tableRows(store, 'indicator');
      for (const i of inds) {
        expect(i.name_en, i.code ?? '').toBeTruthy();
        expect(i.polarity, i.code ?? '').toMatch(/higher|lower|neutral/);
      }
      expect(
        inds
          .filter((i) => i.kind === 'function')
          .map((i) => i.code)
          .sort(),
      ).toEqual(['LIFE_EXPECTANCY', 'PREMATURE_NCD_MORTALITY', 'TOTAL_FERTILITY_RATE']);
    });

    it('computes life expectancy, 40q30 and TFR from age-disaggregated counts, and ratios per 1,000', async () => {
      await importMetadataDocument(store, everywhereContext('test', 'zh-CN'), {
        orgUnits: [
          { code: 'D', name: '示例区' },
          { code: 'T1', name: '甲镇', parent: 'D' },
          { code: 'T2', name: '乙镇', parent: 'D' },
        ],
      });
      const lines = ['数据元,期间,机构,分类,数值'];
      AGES.forEach((age, i) => {
        const d = DEATHS[i] ?? 0;
        const p = POPS[i] ?? 0;
        // Split over two towns and both sexes; the district sums back to the vector.
        lines.push(
          `DEATHS_SEX_AGE,2023,T1,"男, ${age}",${Math.floor(d / 2)}`,
          `DEATHS_SEX_AGE,2023,T2,"女, ${age}",${d - Math.floor(d / 2)}`,
        );
        lines.push(
          `POP_MIDYEAR_SEX_AGE,2023,T1,"男, ${age}",${Math.floor(p / 2)}`,
          `POP_MIDYEAR_SEX_AGE,2023,T2,"女, ${age}",${p - Math.floor(p / 2)}`,
        );
      });
      writeFileSync(join(dir, 'lt.csv'), `${lines.join('\n')}\n`);
      expect((await importDataFile(store, everywhereContext('t', 'zh-CN'), join(dir, 'lt.csv'))).status).toBe(
        'SUCCESS',
      );
      const r = await queryAnalytics(store, everywhereContext('test', 'zh-CN'), {
        dx: ['LIFE_EXPECTANCY'],
        pe: ['2023'],
        ou: ['D'],
        skipRounding: true,
      });
      expect(r.rows[0]?.value).toBeCloseTo(84.66763449, 6);
      const rounded = await queryAnalytics(store, everywhereContext('test', 'zh-CN'), {
        dx: ['人均预期寿命'],
        pe: ['2023'],
        ou: ['D'],
      });
      expect(rounded.rows[0]?.value).toBe(84.67);

      // A second database-free check of 40q30 and TFR goes through other inputs on a fresh year.
      const l2 = ['数据元,期间,机构,分类,数值'];
      for (const [age, [d, p]] of Object.entries(NCD)) {
        l2.push(
          `NCD_DEATHS_SEX_AGE,2024,T1,"男, ${age}",${d}`,
          `POP_MIDYEAR_SEX_AGE,2024,T1,"男, ${age}",${p}`,
        );
      }
      for (const [age, [b, w]] of Object.entries(FERT)) {
        l2.push(
          `BIRTHS_BY_MOTHER_AGE,2024,T2,${age},${b}`,
          `POP_MIDYEAR_SEX_AGE,2024,T2,"女, ${age}",${w}`,
          `POP_MIDYEAR_SEX_AGE,2024,T2,"男, ${age}",${w + 500}`,
        );
      }
      l2.push('BEDS,2024,T1,,5520', 'POP_RESIDENT_YE,2024,T1,,1000000', 'R_HEALTH_LITERACY,2024,D,,30.5');
      writeFileSync(join(dir, 'ncd.csv'), `${l2.join('\n')}\n`);
      expect(
        (await importDataFile(store, everywhereContext('t', 'zh-CN'), join(dir, 'ncd.csv'))).status,
      ).toBe('SUCCESS');
      const q = await queryAnalytics(store, everywhereContext('test', 'zh-CN'), {
        dx: ['PREMATURE_NCD_MORTALITY', 'TOTAL_FERTILITY_RATE', 'BEDS_PER_1000', 'REP_HEALTH_LITERACY'],
        pe: ['2024'],
        ou: ['T1', 'T2', 'D'],
        skipRounding: true,
      });
      const v = (code: string, ou: string): number | undefined => {
        const dx =
          q.dimensions.dx[
            [
              'PREMATURE_NCD_MORTALITY',
              'TOTAL_FERTILITY_RATE',
              'BEDS_PER_1000',
              'REP_HEALTH_LITERACY',
            ].indexOf(code)
          ];
        return q.rows.find((row) => row.dx === dx && q.items[row.ou]?.name === ou)?.value;
      };
      expect(v('PREMATURE_NCD_MORTALITY', '甲镇')).toBeCloseTo(12.13873517, 6);
      // TFR uses women only (the men of T2 are in the same element and must be left out).
      expect(v('TOTAL_FERTILITY_RATE', '乙镇')).toBeCloseTo(0.73663514, 6);
      expect(v('BEDS_PER_1000', '甲镇')).toBe(5.52);
      expect(v('BEDS_PER_1000', '示例区')).toBe(5.52);
      expect(v('REP_HEALTH_LITERACY', '示例区')).toBe(30.5);
      // Without deaths for every age group the life table would not close: no value, not a guess.
      expect(v('PREMATURE_NCD_MORTALITY', '乙镇')).toBeUndefined();
    });
  });
}
