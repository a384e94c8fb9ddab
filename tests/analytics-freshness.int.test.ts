import {
  everywhereContext,
  importMetadataDocument,
  importRawValues,
  queryAnalytics,
  setValue,
} from '@healthwatch/services';
import type { RawValue } from '@healthwatch/services';
import { migrateStore, openStore } from '@healthwatch/store';
import { createTestDatabase, testDialects } from '@healthwatch/store/testing';
import type { Store } from '@healthwatch/store';
import type { TestDatabase } from '@healthwatch/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Always fresh: thousands of random writes, updates and deletes (in batches and one by one, with
 * an org-unit move in the middle); after every round each analytics cell must equal the sum
 * computed from an in-memory copy of the data. No rebuild step is ever called.
 */
const TOWNS = 3;
const FACILITIES = 4;
const MONTHS = ['202401', '202402', '202403', '202404', '202405', '202406'];
const QUERY_PERIODS = [...MONTHS, '2024Q1', '2024Q2', '2024S1', '2024'];
const ELEMENTS = ['N1', 'N2', 'N3'];

function metadata(): unknown {
  const orgUnits: { code: string; name: string; parent?: string }[] = [{ code: 'R', name: '区' }];
  for (let t = 0; t < TOWNS; t++) {
    orgUnits.push({ code: `T${t}`, name: `镇${t}`, parent: 'R' });
    for (let f = 0; f < FACILITIES; f++) {
      orgUnits.push({ code: `F${t}${f}`, name: `机构${t}${f}`, parent: `T${t}` });
    }
  }
  return {
    orgUnits,
    categoryOptions: [
      { code: 'M', name: '男' },
      { code: 'F', name: '女' },
    ],
    categories: [{ code: 'SEX', name: '性别', options: ['M', 'F'] }],
    categoryCombos: [{ code: 'SEX', name: '性别', categories: ['SEX'] }],
    dataElements: [
      { code: 'N1', name: 'n1', valueType: 'INTEGER', aggregationType: 'SUM' },
      { code: 'N2', name: 'n2', valueType: 'NUMBER', aggregationType: 'SUM', categoryCombo: 'SEX' },
      { code: 'N3', name: 'n3', valueType: 'INTEGER_ZERO_OR_POSITIVE', aggregationType: 'SUM' },
    ],
    dataSets: [
      {
        code: 'DS',
        name: 'ds',
        periodType: 'Monthly',
        dataElements: ELEMENTS,
        orgUnits: orgUnits.map((o) => o.code),
      },
    ],
  };
}

for (const dialect of await testDialects()) {
  describe(`${dialect}: randomized freshness against an in-memory reference`, () => {
    let tdb: TestDatabase;
    let store: Store;
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await openStore(tdb.url, { create: true });
      await migrateStore(store);
      await importMetadataDocument(store, everywhereContext('test', 'zh-CN'), metadata());
    });
    afterAll(async () => {
      await store.close();
      await tdb.drop();
    });

    it('every cell equals the reference after every round', async () => {
      let seed = dialect === 'sqlite' ? 42 : 4242;
      const rnd = (n: number): number => {
        seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
        return seed % n;
      };
      const parentOf = new Map<string, string>([['R', '']]);
      for (let t = 0; t < TOWNS; t++) {
        parentOf.set(`T${t}`, 'R');
        for (let f = 0; f < FACILITIES; f++) {
          parentOf.set(`F${t}${f}`, `T${t}`);
        }
      }
      const units = [...parentOf.keys()];
      const inSubtree = (unit: string, root: string): boolean => {
        for (let u: string | undefined = unit; u; u = parentOf.get(u)) {
          if (u === root) {
            return true;
          }
        }
        return false;
      };
      const reference = new Map<string, number>(); // de|coc|ou|pe → value
      let ops = 0;
      const cocsOf = (de: string): string[] => (de === 'N2' ? ['男', '女'] : ['']);

      for (let round = 0; round < 30; round++) {
        if (round === 15) {
          // Move a facility to another town: its values must follow it.
          await importMetadataDocument(store, everywhereContext('test', 'zh-CN'), {
            orgUnits: [{ code: 'F00', name: '机构00', parent: 'T2' }],
          });
          parentOf.set('F00', 'T2');
        }
        const batch: RawValue[] = [];
        const touched = new Set<string>();
        for (let i = 0; i < 80; i++) {
          const de = ELEMENTS[rnd(3)] ?? 'N1';
          const coc = cocsOf(de)[rnd(cocsOf(de).length)] ?? '';
          const ou = units[rnd(units.length)] ?? 'R';
          const pe = MONTHS[rnd(MONTHS.length)] ?? '202401';
          const key = `${de}|${coc}|${ou}|${pe}`;
          if (touched.has(key)) {
            continue;
          }
          touched.add(key);
          const del = rnd(5) === 0;
          const value = de === 'N1' ? rnd(200) - 50 : de === 'N2' ? (rnd(20000) - 5000) / 4 : rnd(1000);
          batch.push({
            row: batch.length + 2,
            fields: {
              dataElement: de,
              orgUnit: ou,
              period: pe,
              ...(coc ? { categoryOptionCombo: coc } : {}),
              ...(del ? { deleted: 'true' } : { value: String(value) }),
            },
            problems: [],
          });
          if (del) {
            reference.delete(key);
          } else {
            reference.set(key, value);
          }
          ops++;
        }
        const s = await importRawValues(store, everywhereContext('rnd', 'zh-CN'), () => batch, {
          fileName: null,
          formatName: 'test',
        });
        expect(s.status, JSON.stringify(s.conflicts.slice(0, 3))).toBe('SUCCESS');
        // A few single-value writes, each its own transaction, read back immediately.
        for (let i = 0; i < 3; i++) {
          const ou = units[rnd(units.length)] ?? 'R';
          const pe = MONTHS[rnd(MONTHS.length)] ?? '202401';
          const value = rnd(500);
          await setValue(store, everywhereContext('rnd', 'zh-CN'), {
            dataElement: 'N3',
            orgUnit: ou,
            period: pe,
            value: String(value),
          });
          reference.set(`N3||${ou}|${pe}`, value);
          ops++;
          const fresh = await queryAnalytics(store, everywhereContext('test', 'zh-CN'), {
            dx: ['N3'],
            pe: [pe],
            ou: [ou],
            skipRounding: true,
          });
          let expected = 0;
          let any = false;
          for (const [k, v] of reference) {
            const [kde, , kou, kpe] = k.split('|');
            if (kde === 'N3' && kpe === pe && kou && inSubtree(kou, ou)) {
              expected += v;
              any = true;
            }
          }
          expect(any).toBe(true);
          expect(fresh.rows[0]?.value).toBeCloseTo(expected, 6);
        }

        const r = await queryAnalytics(store, everywhereContext('test', 'zh-CN'), {
          dx: ELEMENTS,
          pe: QUERY_PERIODS,
          ou: units,
          skipRounding: true,
        });
        const got = new Map(r.rows.map((row) => [`${row.dx}|${row.pe}|${row.ou}`, row.value]));
        const deUid = new Map(r.dimensions.dx.map((uid, i) => [ELEMENTS[i] ?? '', uid]));
        const ouUid = new Map(r.dimensions.ou.map((uid) => [r.items[uid]?.name ?? '', uid]));
        for (const de of ELEMENTS) {
          for (const pe of QUERY_PERIODS) {
            for (const ou of units) {
              let expected = 0;
              let any = false;
              for (const [k, v] of reference) {
                const [kde, , kou, kpe] = k.split('|');
                if (kde === de && kou && kpe && inSubtree(kou, ou) && (kpe === pe || periodIn(kpe, pe))) {
                  expected += v;
                  any = true;
                }
              }
              const name = ou === 'R' ? '区' : ou.startsWith('T') ? `镇${ou.slice(1)}` : `机构${ou.slice(1)}`;
              const cell = got.get(`${deUid.get(de) ?? ''}|${pe}|${ouUid.get(name) ?? ''}`);
              if (!any) {
                expect(cell, `${de} ${pe} ${ou} round ${round}`).toBeUndefined();
              } else {
                expect(cell, `${de} ${pe} ${ou} round ${round}`).toBeCloseTo(expected, 6);
              }
            }
          }
        }
      }
      expect(ops).toBeGreaterThan(2000);
    });
  });
}

function periodIn(month: string, pe: string): boolean {
  const y = month.slice(0, 4);
  const m = Number(month.slice(4));
  if (pe === y) {
    return true;
  }
  if (pe === `${y}Q${Math.ceil(m / 3)}`) {
    return true;
  }
  return pe === `${y}S${m <= 6 ? 1 : 2}`;
}
