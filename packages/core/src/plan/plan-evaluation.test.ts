import { describe, expect, it } from 'vitest';
import { evaluatePlan, sameFigure } from './evaluate-plan.js';
import { projectStatusOf } from './project-status.js';
import type { PlanIndicatorInput, YearValue } from './evaluate-plan.js';
import { parseTargetWording } from './target-rule.js';

const v = (year: number, value: number | null, extra: Partial<YearValue> = {}): YearValue => ({
  year,
  value,
  source: 's',
  status: 'final',
  provenance: 'reported',
  ...extra,
});
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
const one = (
  i: PlanIndicatorInput,
  year = 2023,
  kind: 'annual' | 'midterm' | 'final' = 'midterm',
  others: PlanIndicatorInput[] = [],
  plan = { baselineYear: 2020, targetYear: 2025 },
) => evaluatePlan(plan, year, kind, [i, ...others]).indicators.find((e) => e.code === i.code);
/** A 13th-FYP-like plan: 2015 baseline, 2020 target. */
const P13 = { baselineYear: 2015, targetYear: 2020 };

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
    // The wordings real plans use (issue 15), units inside the wording, full-width digits and signs.
    ['90以上', { kind: 'atLeast', value: 90 }],
    ['90%以上', { kind: 'atLeast', value: 90 }],
    ['９０％以上', { kind: 'atLeast', value: 90 }],
    ['＞90', { kind: 'atLeast', value: 90 }],
    ['≧95%', { kind: 'atLeast', value: 95 }],
    ['不低于85', { kind: 'atLeast', value: 85 }],
    ['保持在95%以上', { kind: 'atLeast', value: 95 }],
    ['稳定在90以上', { kind: 'atLeast', value: 90 }],
    ['达到80岁', { kind: 'point', value: 80 }],
    ['力争达到30%', { kind: 'point', value: 30 }],
    ['下降至12‰', { kind: 'point', value: 12 }],
    ['100%', { kind: 'point', value: 100 }],
    ['全覆盖', { kind: 'atLeast', value: 100 }],
    ['6.5‰以内', { kind: 'atMost', value: 6.5 }],
    ['不高于27%', { kind: 'atMost', value: 27 }],
    ['控制在14/10万以下', { kind: 'atMost', value: 14 }],
    ['控制在5‰以内', { kind: 'atMost', value: 5 }],
    ['＜８', { kind: 'atMost', value: 8 }],
    ['提高2个百分点', { kind: 'delta', amount: 2 }],
    ['降低3个百分点', { kind: 'delta', amount: -3 }],
    ['提高1岁', { kind: 'delta', amount: 1 }],
    ['较2020年下降10%以上', { kind: 'change', percent: -10, baseYear: 2020, orMore: true }],
    ['比２０１５年提高５％', { kind: 'change', percent: 5, baseYear: 2015, orMore: false }],
    ['持续提高', { kind: 'improve', direction: 'higher' }],
    ['持续下降', { kind: 'improve', direction: 'lower' }],
    ['逐步提高', { kind: 'improve', direction: 'higher' }],
    ['1.5-1.8', { kind: 'range', min: 1.5, max: 1.8 }],
    ['95%～98%', { kind: 'range', min: 95, max: 98 }],
    ['大幅提高', { kind: 'qualitative', text: '大幅提高' }],
  ])('%s', (text, rule) => {
    expect(parseTargetWording(text, 'LE')).toEqual(rule);
  });
});

describe('evaluatePlan', () => {
  it('time progress and linear completion decide faster / on track / behind', () => {
    // T(2023) = 0.6; target 20 from 10: completion 0.7 → faster (0.7/0.6 = 1.17)
    expect(one(ind({ wording: '20', values: [v(2023, 17)] }))?.status).toBe('faster');
    expect(one(ind({ wording: '20', values: [v(2023, 16)] }))?.status).toBe('on_track');
    expect(one(ind({ wording: '20', values: [v(2023, 13)] }))).toMatchObject({
      status: 'behind',
      completion: 0.3,
      projection: 15,
    });
    expect(one(ind({ wording: '20', values: [v(2023, 21)] }))?.status).toBe('ahead');
  });
  it('handles lower-is-better targets', () => {
    const i = ind({
      wording: '≤27',
      polarity: 'lower',
      baseline: { year: 2020, value: 28.7 },
      values: [v(2023, 27.9)],
    });
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
  it('approximate targets use the tolerance', () => {
    const ins = ind({ wording: '83左右', baseline: { year: 2015, value: null } });
    expect(one({ ...ins, values: [v(2020, 82)] }, 2020, 'final', [], P13)?.status).toBe('achieved');
    expect(one({ ...ins, values: [v(2020, 80)] }, 2020, 'final', [], P13)?.status).toBe('not_achieved');
    const tfr = ind({ wording: '1.8左右', polarity: 'neutral', baseline: { year: 2015, value: null } });
    expect(one({ ...tfr, values: [v(2020, 1.3)] }, 2020, 'final', [], P13)?.status).toBe('not_achieved');
  });
  it('relative (同比例提高) compares growth with the other indicator', () => {
    const le = ind({
      code: 'LE',
      wording: '79.7',
      baseline: { year: 2020, value: 78.95 },
      values: [v(2023, 79.5)],
    });
    const hale = ind({ code: 'HALE', wording: '同比例提高', baseline: { year: 2020, value: 70 } });
    // LE grew 79.5 / 78.95 = ×1.00697; HALE needs 70 × 1.00697 = 70.49. 70.6 holds the condition
    // so far: on track (it is a year-by-year condition, never "achieved early").
    expect(one({ ...hale, values: [v(2023, 70.6)] }, 2023, 'midterm', [le])?.status).toBe('on_track');
    expect(one({ ...hale, values: [v(2023, 70.1)] }, 2023, 'midterm', [le])?.status).toBe('behind');
  });
  it('keeps conflicting values, flags small numbers, and reports missing data', () => {
    const oop = ind({
      wording: '≤27',
      polarity: 'lower',
      baseline: { year: 2020, value: 28.7 },
      values: [v(2023, 27.5), v(2023, 27.9, { source: 'other', status: 'preliminary' })],
    });
    const e = one(oop);
    expect(e?.latest?.value).toBe(27.5);
    expect(e?.conflicts.map((c) => c.value)).toEqual([27.9]);
    expect(
      one(
        ind({
          wording: '≤10',
          polarity: 'lower',
          baseline: { year: 2020, value: 12.45 },
          values: [v(2022, 0, { numerator: 0 })],
        }),
      )?.status,
    ).toBe('unstable');
    expect(one(ind({ wording: '≥30', values: [] }))?.status).toBe('no_data');
    expect(one(ind({ wording: '≥30', values: [v(2020, 10)] }))?.status).toBe('no_data');
    expect(one(ind({ wording: '—', values: [v(2023, 1)] }))?.status).toBe('no_target');
  });
  it('handles zero baselines and reports the schedule rate by nature, binding at risk first', () => {
    expect(
      one(ind({ wording: '≥5', baseline: { year: 2020, value: 0 }, values: [v(2023, 2)] })),
    ).toMatchObject({ status: 'behind', growthRatio: null });
    const r = evaluatePlan({ baselineYear: 2020, targetYear: 2025 }, 2023, 'midterm', [
      ind({ code: 'A', wording: '20', values: [v(2023, 17)] }),
      ind({ code: 'B', nature: 'binding', wording: '20', values: [v(2023, 11)] }),
      ind({ code: 'C', wording: '20', values: [] }),
    ]);
    expect(r.indicators[0]?.code).toBe('B');
    expect(r.summary).toMatchObject({ atRisk: ['B'], onScheduleRate: { all: 0.5, binding: 0, expected: 1 } });
  });
  it('takes the baseline-year figure from the data when the plan declares none, and says so', () => {
    const places = ind({
      wording: '4.5',
      baseline: { year: 2020, value: null },
      values: [v(2020, 0.72, { source: '计算' }), v(2023, 2.82)],
    });
    const e = one(places);
    expect(e?.baseline).toEqual({ year: 2020, value: 0.72, source: '计算' });
    expect(e?.completion).toBeCloseTo((2.82 - 0.72) / (4.5 - 0.72), 6);
    expect(e?.status).toBe('on_track');
    expect(
      one(ind({ wording: '4.5', baseline: { year: 2020, value: null }, values: [v(2023, 2.82)] }))?.baseline,
    ).toEqual({ year: 2020, value: null });
  });
  it('offers the rate pooled over the years when a year has too few events', () => {
    const mmr = ind({
      wording: '≤10',
      polarity: 'lower',
      baseline: { year: 2020, value: 12.45 },
      values: [
        v(2020, 12.45, { numerator: 1, denominator: 8032, factor: 1e5 }),
        v(2021, 12.84, { numerator: 1, denominator: 7790, factor: 1e5 }),
        v(2022, 0, { numerator: 0, denominator: 7514, factor: 1e5 }),
        v(2023, 13.87, { numerator: 1, denominator: 7210, factor: 1e5 }),
      ],
    });
    const e = one(mmr);
    expect(e?.status).toBe('unstable');
    expect(e?.pooled).toMatchObject({ fromYear: 2020, toYear: 2023, numerator: 3 });
    expect(e?.pooled?.value).toBeCloseTo((3 / (8032 + 7790 + 7514 + 7210)) * 1e5, 6);
    expect(e?.explanation).toContain('2020—2023年合并率 9.82');
    // A share of a few units (3 of 3 hospitals, factor 100) is not an event rate.
    const share = ind({
      wording: '100',
      baseline: { year: 2020, value: 100 },
      values: [v(2023, 100, { numerator: 3, denominator: 3, factor: 100 })],
    });
    expect(one(share)?.status).not.toBe('unstable');
    // Five events or more is a stable rate.
    expect(
      one({ ...mmr, values: [v(2023, 69.35, { numerator: 5, denominator: 7210, factor: 1e5 })] })?.status,
    ).toBe('behind');
  });
  it('annual change targets compare the average yearly change since the baseline', () => {
    const pct = ind({ wording: '每年提高1%', baseline: { year: 2020, value: 100 } });
    // 100 × 1.01³ = 103.03: 103.1 keeps the yearly pace (on track, not achieved early); 102 does not.
    expect(one({ ...pct, values: [v(2023, 103.1)] })?.status).toBe('on_track');
    expect(one({ ...pct, values: [v(2023, 102)] })?.status).toBe('behind');
    const abs = ind({ wording: '每年下降0.5', polarity: 'lower', baseline: { year: 2020, value: 20 } });
    // 20 − 2 × 0.5 = 19: 18.9 keeps the pace.
    expect(one({ ...abs, values: [v(2022, 18.9)] })?.status).toBe('on_track');
    expect(one({ ...abs, values: [v(2025, 18)] }, 2025, 'final')?.status).toBe('not_achieved');
    expect(one({ ...abs, values: [v(2025, 17.4)] }, 2025, 'final')?.status).toBe('achieved');
  });
  it('keeps a yearly series from the baseline year for the trend charts', () => {
    const e = one(
      ind({ wording: '20', values: [v(2021, 12), v(2023, 17), v(2023, 16, { status: 'preliminary' })] }),
    );
    expect(e?.series).toEqual([
      { year: 2020, value: 10 },
      { year: 2021, value: 12 },
      { year: 2022, value: null },
      { year: 2023, value: 17 },
    ]);
  });
});

describe('sameFigure', () => {
  it('compares at the precision of the less precise figure', () => {
    expect(sameFigure(5.52, 5.5199)).toBe(true);
    expect(sameFigure(3.4, 3.36)).toBe(true);
    expect(sameFigure(3.4, 3.34)).toBe(false);
    expect(sameFigure(28.7, 27.8)).toBe(false);
    expect(sameFigure(3748, 3748)).toBe(true);
    expect(sameFigure(3748, 3747.6)).toBe(true);
    expect(sameFigure(null, 1)).toBe(false);
  });
});

describe('projectStatusOf', () => {
  it('reads codes and the Chinese words of the XLSX template', () => {
    expect(projectStatusOf('in_progress')).toBe('in_progress');
    expect(projectStatusOf('在建')).toBe('in_progress');
    expect(projectStatusOf(' 已完工 ')).toBe('completed');
    expect(projectStatusOf('未开工')).toBe('planned');
    expect(projectStatusOf('差不多')).toBeUndefined();
  });
});
