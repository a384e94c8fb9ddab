import type { Polarity } from '../metadata/metadata-bundle.js';
import { sameFigure, targetCondition } from './target-condition.js';
import { targetValue } from './target-rule.js';
import type { TargetRule } from './target-rule.js';

export { sameFigure } from './target-condition.js';

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
  OFF_TARGET: 'off_target',
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
  off_target: { zh: '偏离目标', en: 'Off target', rag: 'red' },
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
  /** Binding and at risk (behind, breached, off target or not achieved). */
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

/** The statuses that put a binding indicator at risk. */
export const FAILING_STATUSES: ReadonlySet<EvaluationStatus> = new Set([
  'behind',
  'breached',
  'not_achieved',
  'off_target',
]);

/** Rules that hold or not year by year (持续改善, 同比例提高, 每年提高): holding them is on track, not achieved early. */
const CONTINUING: ReadonlySet<TargetRule['kind']> = new Set(['improve', 'relative', 'annualChange']);

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
  const baselineOf = (ind: PlanIndicatorInput): IndicatorEvaluation['baseline'] => {
    // No declared baseline: the figure for the baseline year, when the data have one.
    const found =
      ind.baseline.value === null
        ? pickLatest(
            ind.values.filter((v) => v.year === ind.baseline.year),
            ind.baseline.year,
          ).latest
        : null;
    return found?.value !== undefined && found.value !== null
      ? { year: ind.baseline.year, value: found.value, source: found.source }
      : ind.baseline;
  };
  /** The figure used for one year: the best of that year, the declared baseline for its own year. */
  const figureOf = (ind: PlanIndicatorInput, year: number): number | null => {
    const v = pickLatest(
      ind.values.filter((x) => x.year === year),
      year,
    ).latest?.value;
    if (v !== undefined && v !== null) {
      return v;
    }
    const b = baselineOf(ind);
    return b.year === year ? b.value : null;
  };
  const out: IndicatorEvaluation[] = indicators.map((ind) => {
    const { latest, conflicts } = pickLatest(ind.values, dataYear);
    const baseline = baselineOf(ind);
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
    const base = {
      code: ind.code,
      name: ind.name,
      nature: ind.nature,
      wording: ind.wording,
      unit: ind.unit,
      baseline,
      target: targetValue(ind.rule),
      latest,
      conflicts,
      series,
      timeProgress: T,
    };
    // A final evaluation without a figure for the target year says which year it used.
    const stale =
      kind === 'final' && latest !== null && latest.year < plan.targetYear
        ? `；目标年（${plan.targetYear}年）尚无数据，按${latest.year}年数据评估`
        : '';
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
      atRisk: ind.nature === 'binding' && FAILING_STATUSES.has(status),
      explanation,
    });
    if (ind.rule.kind === 'none') {
      return finish('no_target', {}, '规划未设定量化目标');
    }
    if (ind.rule.kind === 'qualitative') {
      return finish('no_target', {}, `定性目标“${ind.rule.text}”，不作量化判定`);
    }
    if (!latest) {
      return finish('no_data', {}, `截至${dataYear}年无数据`);
    }
    // The baseline year's figure is where the plan starts, in every kind of evaluation: judging it
    // would report the plan's own starting point as its result.
    if (latest.year <= plan.baselineYear) {
      return finish('no_data', {}, `基线年（${plan.baselineYear}年）之后尚无数据`);
    }
    const continuing = CONTINUING.has(ind.rule.kind);
    if (latest.value === null) {
      // A statement instead of a number: take what it says, when it says it.
      if (latest.statedMet === null || latest.statedMet === undefined) {
        return finish(
          'no_data',
          {},
          `${latest.year}年：${latest.text ?? ''}（${latest.source}），未说明是否达标`,
        );
      }
      const met = latest.statedMet;
      const status: EvaluationStatus =
        kind === 'final'
          ? met
            ? 'achieved'
            : 'not_achieved'
          : met
            ? continuing
              ? 'on_track'
              : 'ahead'
            : 'behind';
      return finish(status, {}, `${latest.year}年：${latest.text ?? ''}（${latest.source}）${stale}`);
    }
    const x = latest.value;
    const unit = unitAfter(ind.unit);
    // The small-numbers rule is for event rates (per 1 000 and finer: deaths per births), not for
    // shares of a few units (3 of 3 hospitals); a reported numerator without a factor is an event
    // count. It holds in every kind of evaluation: one death more or less is not a verdict.
    const eventRate = latest.factor === undefined || latest.factor === null || latest.factor >= 1000;
    if (
      latest.numerator !== undefined &&
      latest.numerator !== null &&
      latest.numerator < thresholds.smallNumbers &&
      eventRate
    ) {
      const pooled = pooledRate(ind.values, dataYear);
      const offer = pooled
        ? `；${pooled.fromYear}—${pooled.toYear}年合并率 ${fmt(pooled.value)}${unit}（共 ${pooled.numerator} 例）`
        : '，建议看多年合并率';
      return finish(
        'unstable',
        { pooled },
        `${latest.year}年 ${fmt(latest.value)}${unit}，分子仅 ${latest.numerator} 例，年度波动大${offer}${stale}`,
      );
    }
    const related = ind.rule.kind === 'relative' ? byCode.get(ind.rule.to) : undefined;
    const cond = targetCondition(ind.rule, x, latest.year, {
      polarity: ind.polarity,
      approxTolerance: thresholds.approxTolerance,
      baseline,
      targetYear: plan.targetYear,
      figureOf: (year) => figureOf(ind, year),
      previousOf: (year) => {
        const prev = pickLatest(ind.values, year - 1).latest;
        if (prev?.value !== undefined && prev.value !== null) {
          return { year: prev.year, value: prev.value };
        }
        return x0 !== null && baseline.year < year ? { year: baseline.year, value: x0 } : null;
      },
      related: related
        ? {
            code: related.code,
            baseline: baselineOf(related).value,
            figureOf: (year) => figureOf(related, year),
          }
        : null,
    });
    const detail = `${latest.year}年 ${fmt(x)}${unit}，基线 ${fmt(x0)}，目标 ${ind.wording}`;
    if (!cond.judgeable) {
      return finish('no_data', {}, `${detail}；${cond.reason}`);
    }
    const target = cond.target;
    const note = cond.note ? `；${cond.note}` : '';
    // Met at the baseline: progress toward the bound means nothing, keeping it is the task.
    if (cond.metAtBaseline) {
      return finish(
        cond.met ? 'maintained' : 'breached',
        { target },
        `${detail}${note}；基线已达标，${cond.met ? '继续保持' : '未能保持'}${stale}`,
      );
    }
    let completion: number | null = null;
    let growthRatio: number | null = null;
    let projection: number | null = null;
    if (target !== null && x0 !== null && target !== x0) {
      completion = (x - x0) / (target - x0);
      if (x0 > 0 && x > 0 && target > 0 && latest.year > plan.baselineYear && span > 0) {
        const obs = (x / x0) ** (1 / (latest.year - plan.baselineYear)) - 1;
        const req = (target / x0) ** (1 / span) - 1;
        growthRatio = req !== 0 ? obs / req : null;
      }
      projection = x + ((x - x0) / (latest.year - plan.baselineYear)) * (plan.targetYear - latest.year);
    }
    const extra = { target, completion, growthRatio, projection };
    if (kind === 'final') {
      return finish(cond.met ? 'achieved' : 'not_achieved', extra, `${detail}${note}${stale}`);
    }
    if (continuing) {
      return finish(
        cond.met ? 'on_track' : 'behind',
        extra,
        `${detail}${note}；${cond.met ? '符合要求' : '未达要求'}`,
      );
    }
    if (cond.met) {
      return finish('ahead', extra, `${detail}${note}；已提前达到目标`);
    }
    if (cond.overshoot) {
      return finish('off_target', extra, `${detail}${note}；超出目标容差范围`);
    }
    const ratio = completion === null || T === 0 ? null : completion / T;
    if (ratio === null) {
      return finish('behind', extra, `${detail}${note}；未达到目标，无法计算完成进度`);
    }
    const status: EvaluationStatus =
      ratio >= thresholds.faster ? 'faster' : ratio >= thresholds.onTrack ? 'on_track' : 'behind';
    return finish(
      status,
      extra,
      `${detail}${note}；完成进度 ${fmt((completion ?? 0) * 100, 1)}%，时间进度 ${fmt(T * 100, 1)}%`,
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
