import { describe, expect, it } from 'vitest';
import { evaluatePlan } from './evaluate-plan.js';
import type { EvaluationKind, IndicatorEvaluation, PlanIndicatorInput, YearValue } from './evaluate-plan.js';
import { parseTargetWording } from './target-rule.js';
import type { TargetRule } from './target-rule.js';

/**
 * The rule set of docs/plans.md ("The rule set"), one row per case, each predicted by hand. The
 * plan runs 2020–2025 unless a row says otherwise: time progress T(2023) = 3/5 = 0.6, T(2024) = 0.8.
 */
const v = (year: number, value: number | null, extra: Partial<YearValue> = {}): YearValue => ({
  year,
  value,
  source: '报表',
  status: 'final',
  provenance: 'reported',
  ...extra,
});

interface Row {
  /** The case and its arithmetic. */
  name: string;
  wording: string;
  polarity?: 'higher' | 'lower' | 'neutral';
  nature?: 'binding' | 'expected';
  rule?: TargetRule;
  baseline: number | null;
  values: YearValue[];
  year?: number;
  kind?: EvaluationKind;
  others?: PlanIndicatorInput[];
  expect: Partial<IndicatorEvaluation> & { explains?: string[] };
}

const input = (
  r: Pick<Row, 'wording' | 'polarity' | 'nature' | 'rule' | 'baseline' | 'values'>,
  code = 'X',
) => ({
  code,
  name: code,
  nature: r.nature ?? 'expected',
  polarity: r.polarity ?? 'higher',
  unit: null,
  wording: r.wording,
  rule: r.rule ?? parseTargetWording(r.wording, 'LE'),
  baseline: { year: 2020, value: r.baseline },
  values: r.values,
});

const LE: PlanIndicatorInput = {
  ...input({ wording: '79.7', baseline: 78.95, values: [v(2023, 79.5)] }, 'LE'),
};

const ROWS: Row[] = [
  // ≥ / ≤
  {
    name: '≥30 from 22.08, 2023 32.22: 32.22 ≥ 30 → ahead (completion (32.22−22.08)/(30−22.08) = 1.28)',
    wording: '≥30',
    baseline: 22.08,
    values: [v(2023, 32.22)],
    expect: { status: 'ahead', target: 30 },
  },
  {
    name: '≤3.5 from 3.4 (met at baseline), 2023 3.6 > 3.5 → breached, binding → at risk, no completion',
    wording: '≤3.5',
    polarity: 'lower',
    nature: 'binding',
    baseline: 3.4,
    values: [v(2023, 3.6)],
    expect: { status: 'breached', atRisk: true, rag: 'red', completion: null, projection: null },
  },
  // A point with polarity
  {
    name: 'WATER: point 97.3 (higher), baseline 100 ≥ 97.3 met; 2023 96 < 97.3 → breached, at risk, red',
    wording: '97.3',
    nature: 'binding',
    baseline: 100,
    values: [v(2023, 96)],
    expect: { status: 'breached', atRisk: true, rag: 'red', completion: null },
  },
  {
    name: 'WATER held: baseline 100, 2023 98 ≥ 97.3 → maintained',
    wording: '97.3',
    nature: 'binding',
    baseline: 100,
    values: [v(2023, 98)],
    expect: { status: 'maintained', atRisk: false },
  },
  {
    name: 'SENIOR_DEPT: point 100, baseline = latest = 100 → maintained (not ahead)',
    wording: '100',
    baseline: 100,
    values: [v(2023, 100)],
    expect: { status: 'maintained' },
  },
  {
    name: 'the same as ≥100: baseline = latest = 100 → maintained',
    wording: '≥100',
    baseline: 100,
    values: [v(2023, 100)],
    expect: { status: 'maintained' },
  },
  {
    name: 'the same in the final view: baseline = latest(2025) = 100 → maintained',
    wording: '100',
    baseline: 100,
    values: [v(2025, 100)],
    year: 2025,
    kind: 'final',
    expect: { status: 'maintained' },
  },
  {
    name: 'point 8 (higher) from 5.52, 2023 6.7: completion 1.18/2.48 = 0.476, ÷ 0.6 = 0.79 < 0.9 → behind',
    wording: '8',
    baseline: 5.52,
    values: [v(2023, 6.7)],
    expect: { status: 'behind' },
  },
  {
    name: 'point 108.5 (lower) from 110, 2023 109: completion 1/1.5 = 0.667, ÷ 0.6 = 1.11 ≥ 1.1 → faster',
    wording: '108.5',
    polarity: 'lower',
    baseline: 110,
    values: [v(2023, 109)],
    expect: { status: 'faster' },
  },
  {
    name: 'point 1.8 (neutral) is aimed at like 1.8左右: tolerance 0.054, 2023 1.78 within → ahead',
    wording: '1.8',
    polarity: 'neutral',
    baseline: 1.5,
    values: [v(2023, 1.78)],
    expect: { status: 'ahead' },
  },
  // 左右
  {
    name: '83左右 from 75, tolerance 83 × 3 % = 2.49: 2023 85 within → ahead',
    wording: '83左右',
    baseline: 75,
    values: [v(2023, 85)],
    expect: { status: 'ahead' },
  },
  {
    name: '83左右 from 75: 2023 86 is 3 past the target (> 2.49), symmetric → off target, binding → at risk',
    wording: '83左右',
    nature: 'binding',
    baseline: 75,
    values: [v(2023, 86)],
    expect: { status: 'off_target', atRisk: true, rag: 'red' },
  },
  {
    name: '83左右 from 75, final 2025 86 → not achieved (overshoot is outside the tolerance)',
    wording: '83左右',
    baseline: 75,
    values: [v(2025, 86)],
    year: 2025,
    kind: 'final',
    expect: { status: 'not_achieved' },
  },
  {
    name: '83左右 where the plan says overshooting counts (overshootMet), final 2025 86 → achieved',
    wording: '83左右',
    rule: { kind: 'approx', value: 83, overshootMet: true },
    baseline: 75,
    values: [v(2025, 86)],
    year: 2025,
    kind: 'final',
    expect: { status: 'achieved' },
  },
  {
    name: '83左右 from 75, 2023 80 on the baseline side: completion 5/8 = 0.625, ÷ 0.6 = 1.04 → on track',
    wording: '83左右',
    baseline: 75,
    values: [v(2023, 80)],
    expect: { status: 'on_track' },
  },
  {
    name: '83左右 with baseline 84 (within 2.49: met at baseline), 2023 86 → breached',
    wording: '83左右',
    baseline: 84,
    values: [v(2023, 86)],
    expect: { status: 'breached' },
  },
  // Relative to a base year
  {
    name: '比2015年下降10% with a 2015 figure of 15.0: 2023 13.4, (13.4 − 15)/15 = −10.7 % ≤ −10 % → ahead (not judged against the 2020 baseline 14)',
    wording: '比2015年下降10%',
    polarity: 'lower',
    baseline: 14,
    values: [v(2015, 15, { source: '《十三五规划》' }), v(2023, 13.4)],
    expect: { status: 'ahead', target: 13.5, explains: ['2015年基期值 15', '变化 -10.7%'] },
  },
  {
    name: '比2015年下降10%, 2023 13.6 > 13.5 = 15 × 0.9: completion (13.6−14)/(13.5−14) = 0.8, ÷ 0.6 = 1.33 → faster',
    wording: '比2015年下降10%',
    polarity: 'lower',
    baseline: 14,
    values: [v(2015, 15), v(2023, 13.6)],
    expect: { status: 'faster', target: 13.5 },
  },
  {
    name: '比2015年下降10% with no 2015 figure → no data, saying so',
    wording: '比2015年下降10%',
    polarity: 'lower',
    baseline: 14,
    values: [v(2023, 13.4)],
    expect: { status: 'no_data', explains: ['未提供2015年基期值'] },
  },
  {
    name: '比2020年下降10% from a zero baseline: 0 cannot fall, 0 ≤ 0 met at baseline; 2023 0 → maintained',
    wording: '比2020年下降10%',
    polarity: 'lower',
    baseline: 0,
    values: [v(2023, 0)],
    expect: { status: 'maintained' },
  },
  {
    name: '比2020年提高10% from a zero baseline: 2023 2 > 0 is a rise → ahead (not no data)',
    wording: '比2020年提高10%',
    baseline: 0,
    values: [v(2023, 2)],
    expect: { status: 'ahead' },
  },
  {
    name: '比2020年提高10% from a zero baseline: 2023 still 0, no rise → behind',
    wording: '比2020年提高10%',
    baseline: 0,
    values: [v(2023, 0)],
    expect: { status: 'behind' },
  },
  // Annual change
  {
    name: '每年提高1% from 100: 2023 needs 100 × 1.01³ = 103.03; 103.1 → on track (a pace, never achieved early)',
    wording: '每年提高1%',
    baseline: 100,
    values: [v(2023, 103.1)],
    expect: { status: 'on_track' },
  },
  {
    name: '每年下降0.5 from 20: 2023 needs 20 − 1.5 = 18.5; 18.9 → behind',
    wording: '每年下降0.5',
    polarity: 'lower',
    baseline: 20,
    values: [v(2023, 18.9)],
    expect: { status: 'behind' },
  },
  {
    name: '每年提高5% from a zero baseline: 2023 1 > 0 → on track',
    wording: '每年提高5%',
    baseline: 0,
    values: [v(2023, 1)],
    expect: { status: 'on_track' },
  },
  // Same proportion
  {
    name: '同比例提高 LE: LE ×79.5/78.95 = ×1.00697, HALE needs 70 × 1.00697 = 70.49; 70.6 → on track',
    wording: '同比例提高',
    baseline: 70,
    values: [v(2023, 70.6)],
    others: [LE],
    expect: { status: 'on_track' },
  },
  {
    name: '同比例提高 LE, final 2025, LE has no 2025 figure → no data, saying so',
    wording: '同比例提高',
    baseline: 70,
    values: [v(2025, 71)],
    others: [LE],
    year: 2025,
    kind: 'final',
    expect: { status: 'no_data', explains: ['参照指标 LE 2025年无数据'] },
  },
  // Keep improving
  {
    name: '持续改善 (higher): 2022 50, 2023 50, unchanged → behind (flat is not improved)',
    wording: '持续改善',
    baseline: 49,
    values: [v(2022, 50), v(2023, 50)],
    expect: { status: 'behind' },
  },
  {
    name: '持续改善 (higher): 2022 50, 2023 50.5 > 50 → on track',
    wording: '持续改善',
    baseline: 49,
    values: [v(2022, 50), v(2023, 50.5)],
    expect: { status: 'on_track' },
  },
  {
    name: '持续下降 (direction from the wording): baseline 2020 10, 2023 9.5 < 10 → on track',
    wording: '持续下降',
    polarity: 'neutral',
    baseline: 10,
    values: [v(2023, 9.5)],
    expect: { status: 'on_track' },
  },
  {
    name: '持续改善, final 2025: 2024 50, 2025 49 < 50 → not achieved',
    wording: '持续改善',
    baseline: 45,
    values: [v(2024, 50), v(2025, 49)],
    year: 2025,
    kind: 'final',
    expect: { status: 'not_achieved' },
  },
  // Changes by an amount and ranges
  {
    name: '提高2个百分点 from 60: aims at 62; 2023 61.5: completion 1.5/2 = 0.75, ÷ 0.6 = 1.25 → faster',
    wording: '提高2个百分点',
    baseline: 60,
    values: [v(2023, 61.5)],
    expect: { status: 'faster', target: 62 },
  },
  {
    name: '提高2个百分点 without a baseline → no data, saying so',
    wording: '提高2个百分点',
    baseline: null,
    values: [v(2023, 61.5)],
    expect: { status: 'no_data', explains: ['缺少基线值'] },
  },
  {
    name: '1.5-1.8 (neutral) from 1.3: aims at 1.5; 2023 1.6 within → ahead',
    wording: '1.5-1.8',
    polarity: 'neutral',
    baseline: 1.3,
    values: [v(2023, 1.6)],
    expect: { status: 'ahead', target: 1.5 },
  },
  {
    name: '1.5-1.8 from 1.3: 2023 1.9 past the far edge → off target',
    wording: '1.5-1.8',
    polarity: 'neutral',
    baseline: 1.3,
    values: [v(2023, 1.9)],
    expect: { status: 'off_target' },
  },
  // Qualitative
  {
    name: 'a wording no rule knows (大幅提高) is qualitative → no target, saying so',
    wording: '大幅提高',
    baseline: 1,
    values: [v(2023, 2)],
    expect: { status: 'no_target', explains: ['定性目标“大幅提高”'] },
  },
  {
    name: '— (no quantified target) → no target, whatever the figures',
    wording: '—',
    baseline: 1,
    values: [v(2023, 2)],
    expect: { status: 'no_target' },
  },
  // Final evaluations and missing data
  {
    name: 'final 2025 with no figure after the 2020 baseline → no data (not judged on the baseline)',
    wording: '≥30',
    baseline: 22.08,
    values: [v(2020, 22.08)],
    year: 2025,
    kind: 'final',
    expect: { status: 'no_data', explains: ['基线年（2020年）之后尚无数据'] },
  },
  {
    name: 'final run on 2024 data without 2025: 28 < 30 → not achieved, marked as 2024 data',
    wording: '≥30',
    baseline: 22.08,
    values: [v(2024, 28)],
    year: 2024,
    kind: 'final',
    expect: { status: 'not_achieved', explains: ['目标年（2025年）尚无数据，按2024年数据评估'] },
  },
  {
    name: 'a statement that does not say whether the target was met → no data',
    wording: '≥30',
    baseline: 22.08,
    values: [v(2023, null, { text: '稳步提升', statedMet: null })],
    expect: { status: 'no_data' },
  },
  // Small numbers
  {
    name: 'MMR ≤10 from 12.45, final 2024 0 with 0 deaths: small numbers → unstable, no completion (not 已完成 508 %)',
    wording: '≤10',
    polarity: 'lower',
    baseline: 12.45,
    values: [
      v(2023, 13.87, { numerator: 1, denominator: 7210, factor: 1e5 }),
      v(2024, 0, { numerator: 0, denominator: 7000, factor: 1e5 }),
    ],
    year: 2024,
    kind: 'final',
    expect: { status: 'unstable', completion: null, rag: 'amber', explains: ['2023—2024年合并率 7.04'] },
  },
];

describe('the rule set of docs/plans.md', () => {
  it.each(ROWS.map((r) => [r.name, r] as const))('%s', (_name, r) => {
    const e = evaluatePlan({ baselineYear: 2020, targetYear: 2025 }, r.year ?? 2023, r.kind ?? 'midterm', [
      input(r),
      ...(r.others ?? []),
    ]).indicators.find((i) => i.code === 'X');
    const { explains = [], ...fields } = r.expect;
    expect(e).toMatchObject(fields);
    for (const text of explains) {
      expect(e?.explanation).toContain(text);
    }
  });

  it('completion and projection follow from the implied target of a base-year change', () => {
    // 15 × 0.9 = 13.5; from 14 in 2020 to 13.6 in 2023: completion −0.4/−0.5 = 0.8,
    // projection 13.6 + (−0.4/3) × 2 = 13.333.
    const e = evaluatePlan({ baselineYear: 2020, targetYear: 2025 }, 2023, 'midterm', [
      input({
        wording: '比2015年下降10%',
        polarity: 'lower',
        baseline: 14,
        values: [v(2015, 15), v(2023, 13.6)],
      }),
    ]).indicators[0];
    expect(e?.completion).toBeCloseTo(0.8, 9);
    expect(e?.projection).toBeCloseTo(13.3333, 3);
  });
});
