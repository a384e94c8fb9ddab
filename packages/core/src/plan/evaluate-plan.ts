import type { Polarity } from '../metadata/metadata-bundle.js';
import { targetValue } from './target-rule.js';
import type { TargetRule } from './target-rule.js';

/** The fixed status vocabulary (codes in JSON, Chinese labels in reports). */
export const EvaluationStatus = {
  AHEAD: 'ahead',
  FASTER: 'faster',
  ON_TRACK: 'on_track',
  BEHIND: 'behind',
  ACHIEVED: 'achieved',
  NOT_ACHIEVED: 'not_achieved',
  MAINTAINED: 'maintained',
  BREACHED: 'breached',
  NO_DATA: 'no_data',
  UNSTABLE: 'unstable',
  NO_TARGET: 'no_target',
} as const;
export type EvaluationStatus = (typeof EvaluationStatus)[keyof typeof EvaluationStatus];

export const STATUS_LABELS: Readonly<
  Record<EvaluationStatus, { zh: string; en: string; rag: 'green' | 'amber' | 'red' | 'grey' }>
> = {
  ahead: { zh: '提前实现', en: 'Achieved early', rag: 'green' },
  faster: { zh: '快于预期', en: 'Faster than expected', rag: 'green' },
  on_track: { zh: '基本符合预期', en: 'On track', rag: 'green' },
  behind: { zh: '滞后', en: 'Behind', rag: 'red' },
  achieved: { zh: '已完成', en: 'Achieved', rag: 'green' },
  not_achieved: { zh: '未完成', en: 'Not achieved', rag: 'red' },
  maintained: { zh: '保持达标', en: 'Maintained', rag: 'green' },
  breached: { zh: '未保持', en: 'Breached', rag: 'red' },
  no_data: { zh: '无数据', en: 'No data', rag: 'grey' },
  unstable: { zh: '小数波动', en: 'Unstable (small numbers)', rag: 'amber' },
  no_target: { zh: '无量化目标', en: 'No quantified target', rag: 'grey' },
};

/** Thresholds, printed in every report. */
export interface EvaluationThresholds {
  /** completion ÷ time progress at or above this is "faster" (快于预期). */
  faster: number;
  /** … at or above this is "on track" (基本符合预期); below is "behind". */
  onTrack: number;
  /** Tolerance of "左右" targets, as a share of the target value. */
  approxTolerance: number;
  /** Numerator counts below this make a rate "unstable". */
  smallNumbers: number;
}

export const DEFAULT_THRESHOLDS: EvaluationThresholds = {
  faster: 1.1,
  onTrack: 0.9,
  approxTolerance: 0.03,
  smallNumbers: 5,
};

export type EvaluationKind = 'annual' | 'midterm' | 'final';

/** One yearly figure with where it came from. */
export interface YearValue {
  year: number;
  value: number | null;
  /** A textual statement when the plan reports no number (e.g. "比2015年下降10%以上"). */
  text?: string | null;
  /** For a statement: whether it says the target was met. */
  statedMet?: boolean | null;
  source: string;
  status: string;
  provenance: 'computed' | 'reported';
  /** Events behind a rate (for the small-numbers rule, which applies to rates per 1 000 or finer), when known. */
  numerator?: number | null;
  /** With the numerator: value = numerator ÷ denominator × factor (for pooling years). */
  denominator?: number | null;
  factor?: number | null;
}

export interface PlanIndicatorInput {
  code: string;
  name: string;
  nature: 'binding' | 'expected';
  polarity: Polarity;
  unit: string | null;
  wording: string;
  rule: TargetRule;
  baseline: { year: number; value: number | null };
  /** Every figure known, several per year when sources disagree. */
  values: YearValue[];
}

export interface IndicatorEvaluation {
  code: string;
  name: string;
  nature: 'binding' | 'expected';
  wording: string;
  unit: string | null;
  /** The declared baseline, or (source set) the value found for the baseline year when none is declared. */
  baseline: { year: number; value: number | null; source?: string };
  target: number | null;
  latest: YearValue | null;
  /** Other values for the same year that disagree with `latest` (kept, flagged). */
  conflicts: YearValue[];
  /** The value used for each year from the baseline year to the data year (for trend charts). */
  series: { year: number; value: number | null }[];
  timeProgress: number;
  /** Linear completion (x − x0)/(xT − x0), when meaningful. */
  completion: number | null;
  /** Observed over required compound growth, when meaningful. */
  growthRatio: number | null;
  /** Linear projection to the target year. */
  projection: number | null;
  /** For small numbers: the rate pooled over every year with numerator and denominator. */
  pooled: { value: number; fromYear: number; toYear: number; numerator: number } | null;
  status: EvaluationStatus;
  rag: 'green' | 'amber' | 'red' | 'grey';
  /** Binding and at risk (behind, breached or not achieved). */
  atRisk: boolean;
  explanation: string;
}

export interface PlanEvaluation {
  kind: EvaluationKind;
  dataYear: number;
  baselineYear: number;
  targetYear: number;
  timeProgress: number;
  thresholds: EvaluationThresholds;
  indicators: IndicatorEvaluation[];
  summary: {
    byStatus: Partial<Record<EvaluationStatus, number>>;
    /** 进度达标率: share of indicators with data that are on schedule, overall and by nature. */
    onScheduleRate: { all: number | null; binding: number | null; expected: number | null };
    atRisk: string[];
  };
}

const GOOD: ReadonlySet<EvaluationStatus> = new Set([
  'ahead',
  'faster',
  'on_track',
  'achieved',
  'maintained',
]);

function better(polarity: Polarity, a: number, b: number): boolean {
  return polarity === 'lower' ? a < b : a > b;
}

/** Whether a value meets the rule's condition (null when the rule has no condition by itself). */
export function meetsTarget(
  rule: TargetRule,
  polarity: Polarity,
  x: number,
  th: EvaluationThresholds,
  ctx: { baseline: number | null; previous: number | null; relatedGrowth: number | null; years?: number },
): boolean | null {
  switch (rule.kind) {
    case 'atLeast':
      return x >= rule.value;
    case 'atMost':
      return x <= rule.value;
    case 'point':
      return polarity === 'lower' ? x <= rule.value : x >= rule.value;
    case 'approx': {
      const tol = rule.tolerance ?? Math.abs(rule.value) * th.approxTolerance;
      if (Math.abs(x - rule.value) <= tol) {
        return true;
      }
      // Beyond the target in the good direction also counts for a directional indicator.
      return polarity === 'neutral' ? false : better(polarity, x, rule.value);
    }
    case 'change': {
      if (ctx.baseline === null || ctx.baseline === 0) {
        return null;
      }
      const pct = ((x - ctx.baseline) / Math.abs(ctx.baseline)) * 100;
      return rule.percent < 0 ? pct <= rule.percent : pct >= rule.percent;
    }
    case 'improve':
      return ctx.previous === null ? null : !better(polarity, ctx.previous, x);
    case 'annualChange': {
      // The average yearly change since the baseline: absolute, or compound when given in %.
      const years = ctx.years ?? 0;
      if (ctx.baseline === null || years <= 0 || (rule.percent && !(ctx.baseline > 0 && x > 0))) {
        return null;
      }
      const perYear = rule.percent
        ? ((x / ctx.baseline) ** (1 / years) - 1) * 100
        : (x - ctx.baseline) / years;
      return rule.amount < 0 ? perYear <= rule.amount + 1e-9 : perYear >= rule.amount - 1e-9;
    }
    case 'relative':
      return ctx.relatedGrowth === null || ctx.baseline === null || ctx.baseline === 0
        ? null
        : x / ctx.baseline >= ctx.relatedGrowth;
    default:
      return null;
  }
}

function pickLatest(values: YearValue[], upTo: number): { latest: YearValue | null; conflicts: YearValue[] } {
  const usable = values.filter((v) => v.year <= upTo && (v.value !== null || v.statedMet !== undefined));
  if (usable.length === 0) {
    return { latest: null, conflicts: [] };
  }
  const year = Math.max(...usable.map((v) => v.year));
  const same = usable.filter((v) => v.year === year);
  // Final beats revised beats preliminary; computed beats reported at equal status.
  const rank = (v: YearValue): number => ({ final: 3, revised: 2, preliminary: 1 })[v.status as 'final'] ?? 0;
  same.sort((a, b) => rank(b) - rank(a) || (a.provenance === 'computed' ? -1 : 1));
  const latest = same[0] ?? null;
  return {
    latest,
    conflicts: same.slice(1).filter((v) => latest !== null && !sameFigure(v.value, latest.value)),
  };
}

const decimalsOf = (x: number): number => (Number.isInteger(x) ? 0 : (String(x).split('.')[1] ?? '').length);

/** Two figures agree when they are equal at the precision of the less precise one (5.52 and 5.5199 agree; 28.7 and 27.8 do not). */
export function sameFigure(a: number | null, b: number | null): boolean {
  if (a === null || b === null) {
    return a === b;
  }
  const d = Math.min(decimalsOf(a), decimalsOf(b), 6);
  return Math.abs(a - b) < 0.5 * 10 ** -d + 1e-9;
}

/** Σ numerators ÷ Σ denominators over the years up to `upTo` that carry both (one value per year). */
function pooledRate(values: YearValue[], upTo: number): IndicatorEvaluation['pooled'] {
  const byYear = new Map<number, YearValue>();
  for (const v of values) {
    if (v.year <= upTo && v.numerator !== undefined && v.numerator !== null && v.denominator && v.factor) {
      byYear.set(v.year, byYear.get(v.year) ?? v);
    }
  }
  const used = [...byYear.values()];
  if (used.length < 2) {
    return null;
  }
  const num = used.reduce((a, v) => a + (v.numerator ?? 0), 0);
  const den = used.reduce((a, v) => a + (v.denominator ?? 0), 0);
  const factor = used[0]?.factor ?? 1;
  return {
    value: (num / den) * factor,
    fromYear: Math.min(...byYear.keys()),
    toYear: Math.max(...byYear.keys()),
    numerator: num,
  };
}

const fmt = (x: number | null, d = 2): string =>
  x === null ? '—' : String(Math.round(x * 10 ** d) / 10 ** d);
/** A unit after a number: `3.4‰`, `5.52张`, but `13.87 1/10万`. */
const unitAfter = (unit: string | null): string => (unit ? (/^\d/.test(unit) ? ` ${unit}` : unit) : '');

/**
 * Evaluates a plan for a data year (domain-indicators §3): per indicator the value used and its
 * provenance, time progress T = (t − y0)/(Y − y0), linear completion, growth-rate ratio, linear
 * projection and a status; overall 进度达标率 by nature and the binding indicators at risk.
 */
export function evaluatePlan(
  plan: { baselineYear: number; targetYear: number },
  dataYear: number,
  kind: EvaluationKind,
  indicators: readonly PlanIndicatorInput[],
  thresholds: EvaluationThresholds = DEFAULT_THRESHOLDS,
): PlanEvaluation {
  const span = plan.targetYear - plan.baselineYear;
  const T = span > 0 ? Math.min(1, Math.max(0, (dataYear - plan.baselineYear) / span)) : 1;
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const out: IndicatorEvaluation[] = indicators.map((ind) => {
    const { latest, conflicts } = pickLatest(ind.values, dataYear);
    // No declared baseline: the figure for the baseline year, when the data have one.
    const found =
      ind.baseline.value === null
        ? pickLatest(
            ind.values.filter((v) => v.year === ind.baseline.year),
            ind.baseline.year,
          ).latest
        : null;
    const baseline =
      found?.value !== undefined && found.value !== null
        ? { year: ind.baseline.year, value: found.value, source: found.source }
        : ind.baseline;
    const x0 = baseline.value;
    const series = Array.from({ length: Math.max(0, dataYear - plan.baselineYear) + 1 }, (_, k) => {
      const year = plan.baselineYear + k;
      const v =
        pickLatest(
          ind.values.filter((x) => x.year === year),
          year,
        ).latest?.value ?? null;
      return { year, value: year === plan.baselineYear && v === null ? x0 : v };
    });
    const target = targetValue(ind.rule);
    const base = {
      code: ind.code,
      name: ind.name,
      nature: ind.nature,
      wording: ind.wording,
      unit: ind.unit,
      baseline,
      target,
      latest,
      conflicts,
      series,
      timeProgress: T,
    };
    const finish = (
      status: EvaluationStatus,
      extra: Partial<IndicatorEvaluation>,
      explanation: string,
    ): IndicatorEvaluation => ({
      ...base,
      completion: null,
      growthRatio: null,
      projection: null,
      pooled: null,
      ...extra,
      status,
      rag: STATUS_LABELS[status].rag,
      atRisk:
        ind.nature === 'binding' &&
        (status === 'behind' || status === 'breached' || status === 'not_achieved'),
      explanation,
    });
    if (ind.rule.kind === 'none') {
      return finish('no_target', {}, '规划未设定量化目标');
    }
    if (!latest) {
      return finish('no_data', {}, `截至${dataYear}年无数据`);
    }
    if (latest.value === null) {
      // A statement instead of a number: take what it says.
      const met = latest.statedMet === true;
      const status: EvaluationStatus =
        kind === 'final' ? (met ? 'achieved' : 'not_achieved') : met ? 'ahead' : 'behind';
      return finish(status, {}, `${latest.year}年：${latest.text ?? ''}（${latest.source}）`);
    }
    const x = latest.value;
    if (kind !== 'final' && latest.year <= plan.baselineYear) {
      return finish('no_data', {}, `基线年（${plan.baselineYear}）之后尚无数据`);
    }
    // The small-numbers rule is for event rates (per 1 000 and finer: deaths per births), not for
    // shares of a few units (3 of 3 hospitals); a reported numerator without a factor is an event count.
    const eventRate = latest.factor === undefined || latest.factor === null || latest.factor >= 1000;
    if (
      latest.numerator !== undefined &&
      latest.numerator !== null &&
      latest.numerator < thresholds.smallNumbers &&
      eventRate &&
      kind !== 'final'
    ) {
      const pooled = pooledRate(ind.values, dataYear);
      const unit = unitAfter(ind.unit);
      const offer = pooled
        ? `；${pooled.fromYear}—${pooled.toYear}年合并率 ${fmt(pooled.value)}${unit}（共 ${pooled.numerator} 例）`
        : '，建议看多年合并率';
      return finish(
        'unstable',
        { pooled },
        `${latest.year}年 ${fmt(latest.value)}${unit}，分子仅 ${latest.numerator} 例，年度波动大${offer}`,
      );
    }
    const previous = pickLatest(ind.values, latest.year - 1).latest?.value ?? null;
    let relatedGrowth: number | null = null;
    if (ind.rule.kind === 'relative') {
      const rel = byCode.get(ind.rule.to);
      const relLatest = rel ? pickLatest(rel.values, dataYear).latest : null;
      if (rel?.baseline.value && relLatest?.value) {
        relatedGrowth = relLatest.value / rel.baseline.value;
      }
    }
    const met = meetsTarget(ind.rule, ind.polarity, x, thresholds, {
      baseline: x0,
      previous,
      relatedGrowth,
      years: latest.year - baseline.year,
    });
    // "Maintain": the baseline already met the bound, so progress toward it means nothing.
    const baselineMet =
      x0 !== null &&
      (ind.rule.kind === 'atMost' || ind.rule.kind === 'atLeast') &&
      meetsTarget(ind.rule, ind.polarity, x0, thresholds, {
        baseline: x0,
        previous: null,
        relatedGrowth: null,
      }) === true;
    let completion: number | null = null;
    let growthRatio: number | null = null;
    let projection: number | null = null;
    if (target !== null && x0 !== null && target !== x0 && !baselineMet) {
      completion = (x - x0) / (target - x0);
      if (x0 > 0 && x > 0 && target > 0 && latest.year > plan.baselineYear && span > 0) {
        const obs = (x / x0) ** (1 / (latest.year - plan.baselineYear)) - 1;
        const req = (target / x0) ** (1 / span) - 1;
        growthRatio = req !== 0 ? obs / req : null;
      }
      if (latest.year > plan.baselineYear) {
        projection = x + ((x - x0) / (latest.year - plan.baselineYear)) * (plan.targetYear - latest.year);
      }
    }
    const extra = { completion, growthRatio, projection };
    const unit = unitAfter(ind.unit);
    const detail = `${latest.year}年 ${fmt(x)}${unit}，基线 ${fmt(x0)}，目标 ${ind.wording}`;
    if (baselineMet) {
      return finish(
        met ? 'maintained' : 'breached',
        extra,
        `${detail}；基线已达标，${met ? '继续保持' : '未能保持'}`,
      );
    }
    if (kind === 'final') {
      return finish(met === true ? 'achieved' : 'not_achieved', extra, detail);
    }
    if (met === true) {
      return finish('ahead', extra, `${detail}；已提前达到目标`);
    }
    if (met === null && completion === null) {
      return finish(ind.rule.kind === 'improve' ? 'on_track' : 'no_data', extra, detail);
    }
    const ratio = completion === null || T === 0 ? null : completion / T;
    if (ratio === null) {
      return finish(met === false ? 'behind' : 'on_track', extra, detail);
    }
    const status: EvaluationStatus =
      ratio >= thresholds.faster ? 'faster' : ratio >= thresholds.onTrack ? 'on_track' : 'behind';
    return finish(
      status,
      extra,
      `${detail}；完成进度 ${fmt((completion ?? 0) * 100, 1)}%，时间进度 ${fmt(T * 100, 1)}%`,
    );
  });
  const byStatus: Partial<Record<EvaluationStatus, number>> = {};
  for (const e of out) {
    byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
  }
  const rate = (nature?: 'binding' | 'expected'): number | null => {
    const withData = out.filter(
      (e) => (!nature || e.nature === nature) && !['no_data', 'no_target'].includes(e.status),
    );
    return withData.length === 0 ? null : withData.filter((e) => GOOD.has(e.status)).length / withData.length;
  };
  const ordered = [...out].sort((a, b) => Number(b.atRisk) - Number(a.atRisk));
  return {
    kind,
    dataYear,
    baselineYear: plan.baselineYear,
    targetYear: plan.targetYear,
    timeProgress: T,
    thresholds,
    indicators: ordered,
    summary: {
      byStatus,
      onScheduleRate: { all: rate(), binding: rate('binding'), expected: rate('expected') },
      atRisk: out.filter((e) => e.atRisk).map((e) => e.code),
    },
  };
}
