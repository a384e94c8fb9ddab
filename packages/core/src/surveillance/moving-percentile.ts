import { rangeOf } from './detection.js';
import type { Detection, Range } from './detection.js';
import { quantile7 } from './statistics.js';

export interface MovingPercentileOptions extends Range {
  /** Previous years in the baseline (CIDARS default 3). */
  years?: number;
  /** Periods either side of the same period in each earlier year (default 2). */
  halfWindow?: number;
  /** Percentile 0–100 (CIDARS default P50; CIDARS tunes it per disease between P50 and P90). */
  percentile?: number;
  /** Periods per year (52 for weeks; use 7-day sums for daily data). */
  periodsPerYear?: number;
  /** `>` (default, true) or `≥` against the threshold; with `≥` a zero count alarms on a zero percentile. */
  strict?: boolean;
  /** Counts below this never alarm (default 1). */
  minCases?: number;
}

/**
 * The CIDARS moving percentile method (移动百分位数法): the threshold is the p-th percentile (R type 7)
 * of the same period ± h periods in each of the K previous years; index alignment t − P·k.
 */
export function movingPercentile(y: readonly number[], o: MovingPercentileOptions = {}): Detection[] {
  const K = o.years ?? 3;
  const h = o.halfWindow ?? 2;
  const p = (o.percentile ?? 50) / 100;
  const P = o.periodsPerYear ?? 52;
  const strict = o.strict ?? true;
  const minCases = o.minCases ?? 1;
  return rangeOf(y.length, P * K + h + 1, o).map((t) => {
    const base: number[] = [];
    for (let k = 1; k <= K; k++) {
      for (let j = -h; j <= h; j++) {
        base.push(y[t - P * k + j - 1] ?? NaN);
      }
    }
    const thr = quantile7(base, p);
    const x = y[t - 1] ?? NaN;
    return {
      t,
      observed: x,
      expected: quantile7(base, 0.5),
      upperbound: thr,
      score: null,
      alarm: x >= minCases && (strict ? x > thr : x >= thr),
    };
  });
}

export interface FixedThresholdOptions extends Range {
  /** Alarm when the count reaches this (default 1: a single case, for 甲类 and rare severe diseases). */
  threshold?: number;
}

/** The fixed-threshold method (固定阈值法): a count at or above the threshold alarms at once. */
export function fixedThreshold(y: readonly number[], o: FixedThresholdOptions = {}): Detection[] {
  const thr = o.threshold ?? 1;
  return rangeOf(y.length, 1, o).map((t) => {
    const x = y[t - 1] ?? NaN;
    return { t, observed: x, expected: null, upperbound: thr, score: null, alarm: x >= thr };
  });
}
