import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cusum, earsC, farrington, farringtonFlexible, movingPercentile } from '@healthwatch/core';
import type { Detection } from '@healthwatch/core';

/**
 * Compares every method with R surveillance 1.20.3 on its public datasets (tests/fixtures/surveillance/make-fixtures.R
 * produced the CSVs once; R is not needed here): upper bounds to a relative 1e-6, alarms exactly.
 */
const dir = new URL('./fixtures/surveillance/', import.meta.url);
const series = (name: string): number[] =>
  readFileSync(new URL(`series-${name}.csv`, dir), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => Number(l.split(',')[1]));

interface Expected {
  t: number;
  observed: number;
  upperbound: number | null;
  alarm: boolean | null;
}
const groups = new Map<string, Expected[]>();
for (const line of readFileSync(new URL('expected.csv', dir), 'utf8').trim().split('\n').slice(1)) {
  const f = line.split(',').map((x) => x.replace(/^"|"$/g, ''));
  const key = `${f[0] ?? ''}|${f[1] ?? ''}|${f[2] ?? ''}`;
  const list = groups.get(key) ?? [];
  list.push({
    t: Number(f[3]),
    observed: Number(f[4]),
    upperbound: f[5] === 'NA' ? null : Number(f[5]),
    alarm: f[6] === 'NA' ? null : f[6] === '1',
  });
  groups.set(key, list);
}
const params = (p: string): Record<string, string> =>
  Object.fromEntries(p.split(';').map((kv) => kv.split('=') as [string, string]));

function compare(got: Detection[], want: Expected[]): void {
  expect(got.map((d) => d.t)).toEqual(want.map((w) => w.t));
  let worst = 0;
  want.forEach((w, i) => {
    const d = got[i];
    expect(d?.observed, `t=${w.t}`).toBe(w.observed);
    if (w.upperbound === null) {
      expect(d?.upperbound ?? null, `t=${w.t} upper bound should be NA`).toBeNull();
    } else {
      const u = d?.upperbound ?? NaN;
      const rel = Math.abs(u - w.upperbound) / Math.max(Math.abs(w.upperbound), 1e-12);
      worst = Math.max(worst, w.upperbound === 0 ? Math.abs(u) : rel);
      expect(w.upperbound === 0 ? Math.abs(u) : rel, `t=${w.t}: ${u} vs R ${w.upperbound}`).toBeLessThan(
        1e-6,
      );
    }
    if (w.alarm !== null) {
      expect(d?.alarm, `alarm at t=${w.t}`).toBe(w.alarm);
    }
  });
  expect(worst).toBeLessThan(1e-6);
}

const cases = [...groups.entries()].map(([key, want]) => {
  const [dataset = '', method = '', p = ''] = key.split('|');
  return { dataset, method, p, want };
});

describe('R surveillance parity', () => {
  it('has fixtures for every method', () => {
    expect(new Set(cases.map((c) => c.method))).toEqual(
      new Set([
        'ears-c1',
        'ears-c2',
        'ears-c3',
        'cusum',
        'farrington',
        'farrington-flexible',
        'moving-percentile',
      ]),
    );
  });
  for (const c of cases) {
    it(`${c.method} on ${c.dataset} (${c.p})`, () => {
      const y = series(c.dataset);
      const o = params(c.p);
      const from = c.want[0]?.t ?? 1;
      const to = c.want.at(-1)?.t ?? y.length;
      let got: Detection[];
      switch (c.method) {
        case 'ears-c1':
        case 'ears-c2':
        case 'ears-c3':
          got = earsC(y, {
            method: c.method.slice(5).toUpperCase() as 'C1',
            alpha: Number(o.alpha),
            baseline: Number(o.baseline),
            minSigma: Number(o.minSigma),
            from,
            to,
          });
          break;
        case 'cusum':
          got = cusum(y, { k: Number(o.k), h: Number(o.h), from, to });
          break;
        case 'moving-percentile':
          got = movingPercentile(y, {
            years: Number(o.years),
            halfWindow: Number(o.halfWindow),
            percentile: Number(o.percentile),
            strict: o.strict === 'true',
            minCases: 0,
            from,
            to,
          });
          break;
        case 'farrington':
          got = farrington(y, {
            alpha: Number(o.alpha),
            b: Number(o.b),
            w: Number(o.w),
            reweight: o.reweight === 'true',
            trend: o.trend === 'true',
            from,
            to,
          });
          break;
        default:
          got = farringtonFlexible(y, {
            alpha: Number(o.alpha),
            b: Number(o.b),
            w: Number(o.w),
            noPeriods: Number(o.noPeriods),
            weightsThreshold: Number(o.weightsThreshold),
            pastWeeksNotIncluded: Number(o.pastWeeksNotIncluded),
            pThresholdTrend: Number(o.pThresholdTrend),
            thresholdMethod: o.thresholdMethod as 'delta',
            from,
            to,
          });
      }
      compare(got, c.want);
    });
  }
});

describe('worked examples: where R and the textbooks differ', () => {
  it('textbook C3 alarms two weeks earlier than R on the 2011 S. Newport outbreak', () => {
    const y = series('salmNewport');
    const weeks = (c3: 'r' | 'textbook'): number[] =>
      earsC(y, { method: 'C3', alpha: 0.001, c3 })
        .filter((d) => d.alarm && d.t >= 380 && d.t <= 470)
        .map((d) => d.t);
    expect(weeks('textbook')).toEqual([
      396, 397, 398, 409, 410, 411, 412, 413, 414, 441, 442, 443, 444, 445, 456,
    ]);
    expect(weeks('r')).toEqual([411, 412, 413, 414, 444, 445]);
  });
  it('reproduces the Farrington parity example at week 300 of salmonella.agona', () => {
    const y = series('salmonella.agona');
    const flex = farringtonFlexible(y, {
      from: 300,
      to: 300,
      b: 4,
      w: 3,
      noPeriods: 1,
      weightsThreshold: 1,
      pastWeeksNotIncluded: 3,
      alpha: 0.1,
      trend: false,
    })[0];
    expect(flex?.expected).toBeCloseTo(4.086797, 6);
    expect(flex?.upperbound).toBeCloseTo(7.311547, 6);
    const orig = farrington(y, { from: 300, to: 300, b: 4, w: 3, alpha: 0.01 })[0];
    expect(orig?.upperbound).toBeCloseTo(11.25546, 5);
  });
});
