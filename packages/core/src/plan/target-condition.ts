import type { Polarity } from '../metadata/metadata-bundle.js';
import type { TargetRule } from './target-rule.js';

/**
 * How each target form is judged on one figure (docs/plans.md, "The rule set"). Every form comes
 * down to a condition on the figure and, where one exists, the number aimed at in the target year —
 * the plan's own, or implied by the wording (比2015年下降10% from a 15.0 base aims at 13.5).
 */

/** One figure with the year it is for. */
export interface Figure {
  year: number;
  value: number;
}

export interface ConditionContext {
  polarity: Polarity;
  /** Tolerance of 左右 targets without their own, as a share of the target value. */
  approxTolerance: number;
  /** The indicator's baseline (declared, or the figure found for its year). */
  baseline: { year: number; value: number | null };
  targetYear: number;
  /** The figure used for one year (the best of that year), or null. */
  figureOf: (year: number) => number | null;
  /** The latest figure before a year (the baseline counts), or null. */
  previousOf: (year: number) => Figure | null;
  /** For 同比例提高: the other plan indicator, when it is in the plan. */
  related: { code: string; baseline: number | null; figureOf: (year: number) => number | null } | null;
}

export type TargetCondition =
  | { judgeable: false; target: number | null; reason: string }
  | {
      judgeable: true;
      /** The number aimed at in the target year, for completion, projection and charts. */
      target: number | null;
      met: boolean;
      /** Bounds (≥, ≤, a point, 左右, 比某年): the baseline already met the condition — the task is to keep it. */
      metAtBaseline: boolean;
      /** Year-by-year conditions (持续改善, 同比例提高, 每年提高): holding is on track, never "achieved early". */
      continuing: boolean;
      /** 左右: past the target and outside the tolerance (not "behind", and not met either). */
      overshoot: boolean;
      /** The arithmetic behind the verdict, for the explanation. */
      note: string | null;
    };

// Figures are compared with a hair of slack so 0.1 + 0.2 meets ≤ 0.3.
const EPS = 1e-9;
const atLeast = (x: number, v: number): boolean => x >= v - EPS * Math.max(1, Math.abs(v));
const atMost = (x: number, v: number): boolean => x <= v + EPS * Math.max(1, Math.abs(v));
const better = (polarity: Polarity, a: number, b: number): boolean =>
  polarity === 'lower' ? a < b : polarity === 'higher' ? a > b : false;

const decimalsOf = (x: number): number => (Number.isInteger(x) ? 0 : (String(x).split('.')[1] ?? '').length);

/** Two figures agree when they are equal at the precision of the less precise one (5.52 and 5.5199 agree; 28.7 and 27.8 do not). */
export function sameFigure(a: number | null, b: number | null): boolean {
  if (a === null || b === null) {
    return a === b;
  }
  const d = Math.min(decimalsOf(a), decimalsOf(b), 6);
  return Math.abs(a - b) < 0.5 * 10 ** -d + 1e-9;
}

const fmt = (x: number | null, d = 2): string =>
  x === null ? '—' : String(Math.round(x * 10 ** d) / 10 ** d);

/**
 * A required change from a base figure: the implied level is base + |base| × p. From a zero base no
 * percentage exists, but the figures still decide: a fall is met at 0 or below (nothing is left to
 * fall), a rise needs a figure above 0.
 */
function changeFrom(base: number, percent: number): { level: number; meets: (x: number) => boolean } {
  const level = base + (Math.abs(base) * percent) / 100;
  if (base === 0) {
    return { level, meets: (x) => (percent < 0 ? atMost(x, 0) : x > 0 || (percent === 0 && x === 0)) };
  }
  return { level, meets: (x) => (percent < 0 ? atMost(x, level) : atLeast(x, level)) };
}

const pctChange = (x: number, base: number): string =>
  base === 0 ? '基期值为 0' : `变化 ${fmt(((x - base) / Math.abs(base)) * 100, 1)}%`;

/** Judges a figure `x` for `year` against the rule (the figure is after the baseline year). */
export function targetCondition(
  rule: TargetRule,
  x: number,
  year: number,
  ctx: ConditionContext,
): TargetCondition {
  const x0 = ctx.baseline.value;
  const bound = (
    target: number,
    meets: (v: number) => boolean,
    extra: { overshoot?: boolean; note?: string | null } = {},
  ): TargetCondition => ({
    judgeable: true,
    target,
    met: meets(x),
    metAtBaseline: x0 !== null && meets(x0),
    continuing: false,
    overshoot: extra.overshoot ?? false,
    note: extra.note ?? null,
  });
  const continuing = (target: number | null, met: boolean, note: string): TargetCondition => ({
    judgeable: true,
    target,
    met,
    metAtBaseline: false,
    continuing: true,
    overshoot: false,
    note,
  });
  const band = (value: number, tolerance: number | undefined, overshootMet: boolean): TargetCondition => {
    const tol = tolerance ?? Math.abs(value) * ctx.approxTolerance;
    const meets = (v: number): boolean =>
      Math.abs(v - value) <= tol + EPS || (overshootMet && better(ctx.polarity, v, value));
    // Past the target as seen from the baseline (or, without one, in the good direction; for a
    // neutral indicator without a baseline every miss is off target).
    const beyond =
      x0 !== null && x0 !== value
        ? Math.sign(x - value) === Math.sign(value - x0)
        : ctx.polarity === 'neutral' || better(ctx.polarity, x, value);
    return bound(value, meets, {
      overshoot: !meets(x) && beyond,
      note: `容差 ±${fmt(tol, 3)}`,
    });
  };
  switch (rule.kind) {
    case 'atLeast':
      return bound(rule.value, (v) => atLeast(v, rule.value));
    case 'atMost':
      return bound(rule.value, (v) => atMost(v, rule.value));
    case 'point':
      // A planned value: its direction is the indicator's; a neutral one is aimed at, 左右 style.
      return ctx.polarity === 'neutral'
        ? band(rule.value, undefined, false)
        : bound(rule.value, (v) =>
            ctx.polarity === 'lower' ? atMost(v, rule.value) : atLeast(v, rule.value),
          );
    case 'approx':
      return band(rule.value, rule.tolerance, rule.overshootMet === true);
    case 'change': {
      // The base year's own figure, never another year's.
      const base = ctx.baseline.year === rule.baseYear && x0 !== null ? x0 : ctx.figureOf(rule.baseYear);
      if (base === null) {
        return {
          judgeable: false,
          target: null,
          reason: `规划未提供${rule.baseYear}年基期值，无法计算比${rule.baseYear}年的变化`,
        };
      }
      const c = changeFrom(base, rule.percent);
      return bound(c.level, c.meets, {
        note: `${rule.baseYear}年基期值 ${fmt(base)}，${pctChange(x, base)}（要求 ${rule.percent > 0 ? '+' : ''}${rule.percent}%）`,
      });
    }
    case 'annualChange': {
      if (x0 === null) {
        return { judgeable: false, target: null, reason: '缺少基线值，无法计算年均变化' };
      }
      const years = year - ctx.baseline.year;
      if (years <= 0) {
        return { judgeable: false, target: null, reason: '基线年之后尚无数据' };
      }
      // The level the yearly change reaches after t years: compound when written in %.
      const levelAfter = (t: number): number =>
        rule.percent ? x0 + Math.abs(x0) * ((1 + rule.amount / 100) ** t - 1) : x0 + rule.amount * t;
      const meets =
        rule.percent && x0 === 0
          ? changeFrom(0, rule.amount).meets
          : (v: number): boolean =>
              rule.amount < 0 ? atMost(v, levelAfter(years)) : atLeast(v, levelAfter(years));
      const perYear = rule.percent
        ? x0 > 0 && x > 0
          ? `${fmt(((x / x0) ** (1 / years) - 1) * 100)}%`
          : '—'
        : fmt((x - x0) / years);
      return continuing(
        levelAfter(ctx.targetYear - ctx.baseline.year),
        meets(x),
        `${years}年年均变化 ${perYear}（要求 ${rule.amount}${rule.percent ? '%' : ''}/年，应达 ${fmt(levelAfter(years))}）`,
      );
    }
    case 'relative': {
      const rel = ctx.related;
      if (!rel) {
        return { judgeable: false, target: null, reason: `参照指标 ${rule.to || '（未指定）'} 不在规划中` };
      }
      const r = rel.figureOf(year);
      if (x0 === null || rel.baseline === null || r === null) {
        return {
          judgeable: false,
          target: null,
          reason:
            x0 === null
              ? '缺少基线值，无法计算增幅'
              : rel.baseline === null
                ? `参照指标 ${rel.code} 缺少基线值`
                : `参照指标 ${rel.code} ${year}年无数据`,
        };
      }
      if (rel.baseline === 0) {
        return { judgeable: false, target: null, reason: `参照指标 ${rel.code} 基线为 0，增幅无法计算` };
      }
      // At least in proportion: x ≥ x0 × growth; from a zero baseline a rise needs a figure above 0.
      const growth = r / rel.baseline;
      const level = x0 * growth;
      const met = x0 === 0 && growth > 1 ? x > 0 : atLeast(x, level);
      return continuing(
        null,
        met,
        `同期 ${rel.code} 增长 ${fmt((growth - 1) * 100)}%，本指标应达 ${fmt(level)}`,
      );
    }
    case 'improve': {
      const direction = rule.direction ?? ctx.polarity;
      const prev = ctx.previousOf(year);
      if (prev === null) {
        return { judgeable: false, target: null, reason: `${year}年之前无数据可比` };
      }
      if (direction === 'neutral') {
        return { judgeable: false, target: null, reason: '指标方向为中性，无法判断是否改善' };
      }
      // Strictly better than the previous reported year: an unchanged figure is not an improvement.
      const met = better(direction, x, prev.value);
      return continuing(null, met, `上一年度（${prev.year}年）${fmt(prev.value)}`);
    }
    case 'delta': {
      // 提高2个百分点 / 提高1岁: the baseline moved by the amount, in the indicator's own unit.
      if (x0 === null) {
        return { judgeable: false, target: null, reason: '缺少基线值，无法计算应达到的值' };
      }
      const level = x0 + rule.amount;
      return bound(level, (v) => (rule.amount < 0 ? atMost(v, level) : atLeast(v, level)), {
        note: `应达 ${fmt(level)}`,
      });
    }
    case 'range': {
      // Between two figures: aimed at the nearer edge from the baseline; past the far edge is off target.
      const meets = (v: number): boolean => atLeast(v, rule.min) && atMost(v, rule.max);
      const edge = x0 !== null && x0 > rule.max ? rule.max : rule.min;
      const beyond =
        x0 === null ? !meets(x) : x0 > rule.max ? x < rule.min : x0 < rule.min ? x > rule.max : false;
      return bound(edge, meets, { overshoot: !meets(x) && beyond, note: `区间 ${rule.min}–${rule.max}` });
    }
    case 'qualitative':
    case 'none':
      return { judgeable: false, target: null, reason: '规划未设定量化目标' };
  }
}
