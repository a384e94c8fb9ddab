import { describe, expect, it } from 'vitest';
import { lifeExpectancyAtBirth, lifeTable, prematureNcdMortality, totalFertilityRate } from './life-table.js';
import type { AgeGroup } from './life-table.js';

// A synthetic population; the expected figures were computed independently (a separate script
// following domain-indicators §1.4–1.5 step by step, like a spreadsheet) and are checked here.
const ages = [0, 1, ...Array.from({ length: 17 }, (_, i) => 5 + 5 * i)];
const pops = [8000, 33000, ...Array.from({ length: 16 }, (_, i) => 40000 + 1000 * i), 9000];
const deaths = [30, 8, 5, 4, 6, 10, 12, 15, 20, 30, 45, 70, 110, 170, 260, 400, 650, 1000, 2200];
const table: AgeGroup[] = ages.map((age, i) => ({
  age,
  width: age === 0 ? 1 : age === 1 ? 4 : age === 85 ? null : 5,
  deaths: deaths[i] ?? 0,
  population: pops[i] ?? 1,
}));

describe('life table (Chiang)', () => {
  it('gives e0 and e65 as the hand-checked vector', () => {
    const t = lifeTable(table);
    expect(t?.[0]?.ex).toBeCloseTo(84.66763449, 6);
    expect(t?.find((r) => r.age === 65)?.ex).toBeCloseTo(21.81563794, 6);
    expect(t?.[0]?.qx).toBeCloseTo(0.00373738632, 9);
    expect(t?.at(-1)?.qx).toBe(1);
  });
  it('is monotone in mortality and takes a0 as a parameter', () => {
    const worse = table.map((g) => ({ ...g, deaths: g.deaths * 1.5 }));
    expect(lifeExpectancyAtBirth(worse) ?? 0).toBeLessThan(lifeExpectancyAtBirth(table) ?? 0);
    expect(lifeExpectancyAtBirth(table, { a0: 0.3 })).not.toBeCloseTo(lifeExpectancyAtBirth(table) ?? 0, 6);
  });
  it('refuses tables it cannot close', () => {
    expect(lifeTable([])).toBeNull();
    expect(lifeTable(table.map((g) => (g.age === 85 ? { ...g, deaths: 0 } : g)))).toBeNull();
    expect(lifeTable(table.map((g) => (g.age === 40 ? { ...g, population: 0 } : g)))).toBeNull();
  });
});

describe('premature NCD mortality (40q30) and TFR', () => {
  it('matches the hand-checked vectors', () => {
    const ncd = [
      [30, 20, 80000],
      [35, 35, 78000],
      [40, 60, 76000],
      [45, 110, 74000],
      [50, 180, 70000],
      [55, 260, 65000],
      [60, 380, 60000],
      [65, 520, 52000],
    ].map(([age, ncdDeaths, population]) => ({
      age: age ?? 0,
      ncdDeaths: ncdDeaths ?? 0,
      population: population ?? 0,
    }));
    expect(prematureNcdMortality(ncd)).toBeCloseTo(12.13873517, 6);
    expect(prematureNcdMortality(ncd.slice(1))).toBeNull();
    const fert = [
      [15, 40, 20000],
      [20, 700, 22000],
      [25, 1500, 25000],
      [30, 900, 24000],
      [35, 300, 23000],
      [40, 60, 22000],
      [45, 5, 21000],
    ].map(([age, births, women]) => ({ age: age ?? 0, births: births ?? 0, women: women ?? 0 }));
    expect(totalFertilityRate(fert)).toBeCloseTo(0.73663514, 6);
    expect(totalFertilityRate(fert.map((f) => (f.age === 45 ? { ...f, women: 0 } : f)))).toBeNull();
  });
});
