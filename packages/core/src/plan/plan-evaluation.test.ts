import { describe, expect, it } from 'vitest';
import { evaluatePlan } from './evaluate-plan.js';
import type { PlanIndicatorInput, YearValue } from './evaluate-plan.js';
import { parseTargetWording } from './target-rule.js';

const v = (year: number, value: number | null, extra: Partial<YearValue> = {}): YearValue => ({ year, value, source: 's', status: 'final', provenance: 'reported', ...extra });
const ind = (over: Partial<PlanIndicatorInput> & { wording: string }): PlanIndicatorInput => ({
  code: 'X',
  name: 'x',
  nature: 'expected',
  polarity: 'higher',
  unit: null,
  rule: parseTargetWording(over.wording, 'LE'),
  baseline: { year: 2020, value: 10 },
  values: [],
  ...over,
});
const one = (i: PlanIndicatorInput, year = 2023, kind: 'annual' | 'midterm' | 'final' = 'midterm', others: PlanIndicatorInput[] = []) =>
  evaluatePlan({ baselineYear: 2020, targetYear: 2025 }, year, kind, [i, ...others]).indicators.find((e) => e.code === i.code);

describe('parseTargetWording', () => {
  it.each([
    ['≥30', { kind: 'atLeast', value: 30 }],
    ['≤10', { kind: 'atMost', value: 10 }],
    ['≤5.0', { kind: 'atMost', value: 5 }],
    ['6.5以内', { kind: 'atMost', value: 6.5 }],
    ['84左右', { kind: 'approx', value: 84 }],
    ['8', { kind: 'point', value: 8 }],
    ['比2015年下降10%', { kind: 'change', percent: -10, baseYear: 2015, orMore: false }],
    ['同比例提高', { kind: 'relative', to: 'LE' }],
    ['持续改善', { kind: 'improve' }],
    ['每年提高1%左右', { kind: 'annualChange', amount: 1, percent: true }],
    ['—', { kind: 'none' }],
  ])('%s', (text, rule) => {
    expect(parseTargetWording(text, 'LE')).toEqual(rule);
  });
});

describe('evaluatePlan', () => {
  it('time progress and linear completion decide faster / on track / behind', () => {
    // T(2023) = 0.6; target 20 from 10: completion 0.7 → faster (0.7/0.6 = 1.17)
    expect(one(ind({ wording: '20', values: [v(2023, 17)] }))?.status).toBe('faster');
    expect(one(ind({ wording: '20', values: [v(2023, 16)] }))?.status).toBe('on_track');
    expect(one(ind({ wording: '20', values: [v(2023, 13)] }))).toMatchObject({ status: 'behind', completion: 0.3, projection: 15 });
    expect(one(ind({ wording: '20', values: [v(2023, 21)] }))?.status).toBe('ahead');
  });
  it('handles lower-is-better targets', () => {
    const i = ind({ wording: '≤27', polarity: 'lower', baseline: { year: 2020, value: 28.7 }, values: [v(2023, 27.9)] });
    const e = one(i);
    expect(e?.status).toBe('behind');
    expect(e?.completion).toBeCloseTo(0.47, 2);
    expect(one({ ...i, values: [v(2023, 26.9)] })?.status).toBe('ahead');
    expect(one({ ...i, values: [v(2025, 26.9)] }, 2025, 'final')?.status).toBe('achieved');
    expect(one({ ...i, values: [v(2025, 27.1)] }, 2025, 'final')?.status).toBe('not_achieved');
  });
  it('a target already met at baseline is about maintaining it', () => {
    const imr = ind({ wording: '≤3.5', polarity: 'lower', baseline: { year: 2020, value: 3.4 } });
    expect(one({ ...imr, values: [v(2022, 3.46)] })?.status).toBe('maintained');
    expect(one({ ...imr, values: [v(2022, 3.6)] })?.status).toBe('breached');
    expect(one({ ...imr, nature: 'binding', values: [v(2022, 3.6)] })?.atRisk).toBe(true);
  });
  it('approximate targets use the tolerance, and beyond-target in the good direction counts', () => {
    const ins = ind({ wording: '83左右', baseline: { year: 2015, value: null } });
    expect(one({ ...ins, values: [v(2020, 82)] }, 2020, 'final')?.status).toBe('achieved');
    expect(one({ ...ins, values: [v(2020, 80)] }, 2020, 'final')?.status).toBe('not_achieved');
    const tfr = ind({ wording: '1.8左右', polarity: 'neutral', baseline: { year: 2015, value: null } });
    expect(one({ ...tfr, values: [v(2020, 1.3)] }, 2020, 'final')?.status).toBe('not_achieved');
  });
  it('relative (同比例提高) compares growth with the other indicator', () => {
    const le = ind({ code: 'LE', wording: '79.7', baseline: { year: 2020, value: 78.95 }, values: [v(2023, 79.5)] });
    const hale = ind({ code: 'HALE', wording: '同比例提高', baseline: { year: 2020, value: 70 } });
    expect(one({ ...hale, values: [v(2023, 70.6)] }, 2023, 'midterm', [le])?.status).toBe('ahead');
    expect(one({ ...hale, values: [v(2023, 70.1)] }, 2023, 'midterm', [le])?.status).toBe('behind');
  });
  it('keeps conflicting values, flags small numbers, and reports missing data', () => {
    const oop = ind({ wording: '≤27', polarity: 'lower', baseline: { year: 2020, value: 28.7 }, values: [v(2023, 27.5), v(2023, 27.9, { source: 'other', status: 'preliminary' })] });
    const e = one(oop);
    expect(e?.latest?.value).toBe(27.5);
    expect(e?.conflicts.map((c) => c.value)).toEqual([27.9]);
    expect(one(ind({ wording: '≤10', polarity: 'lower', baseline: { year: 2020, value: 12.45 }, values: [v(2022, 0, { numerator: 0 })] }))?.status).toBe('unstable');
    expect(one(ind({ wording: '≥30', values: [] }))?.status).toBe('no_data');
    expect(one(ind({ wording: '≥30', values: [v(2020, 10)] }))?.status).toBe('no_data');
    expect(one(ind({ wording: '—', values: [v(2023, 1)] }))?.status).toBe('no_target');
  });
  it('handles zero baselines and reports the schedule rate by nature, binding at risk first', () => {
    expect(one(ind({ wording: '≥5', baseline: { year: 2020, value: 0 }, values: [v(2023, 2)] }))).toMatchObject({ status: 'behind', growthRatio: null });
    const r = evaluatePlan({ baselineYear: 2020, targetYear: 2025 }, 2023, 'midterm', [
      ind({ code: 'A', wording: '20', values: [v(2023, 17)] }),
      ind({ code: 'B', nature: 'binding', wording: '20', values: [v(2023, 11)] }),
      ind({ code: 'C', wording: '20', values: [] }),
    ]);
    expect(r.indicators[0]?.code).toBe('B');
    expect(r.summary).toMatchObject({ atRisk: ['B'], onScheduleRate: { all: 0.5, binding: 0, expected: 1 } });
  });
});
