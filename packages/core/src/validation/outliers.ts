import { mean, sd } from '../surveillance/statistics.js';

/** Outlier methods (issue 7): how far a value is from the series it belongs to. */
export const OutlierMethod = {
  Z_SCORE: 'z-score',
  MODIFIED_Z: 'modified-z',
  MIN_MAX: 'min-max',
  SEASONAL: 'seasonal',
} as const;
export type OutlierMethod = (typeof OutlierMethod)[keyof typeof OutlierMethod];

export const DEFAULT_OUTLIER_THRESHOLDS: Readonly<Record<OutlierMethod, number>> = {
  'z-score': 3,
  'modified-z': 3.5,
  'min-max': 3,
  seasonal: 3.5,
};

/** The methods as a data-quality officer reads them (the code stays in URLs and files). */
export const OUTLIER_METHOD_LABELS: Readonly<Record<OutlierMethod, { zh: string; en: string }>> = {
  'modified-z': { zh: '稳健Z分数（中位数绝对偏差）', en: 'Modified z-score (median absolute deviation)' },
  'z-score': { zh: 'Z分数（均值与标准差）', en: 'Z-score (mean and standard deviation)' },
  'min-max': { zh: '历史最小–最大值范围', en: 'Historical min–max range' },
  seasonal: { zh: '同期季节比较', en: 'Seasonal (same period of earlier years)' },
};

/** One value of a series: its period (sortable start date), the period's position in its year, and the value. */
export interface SeriesPoint {
  period: string;
  start: string;
  /** Month (1–12) or other position within the year, for the seasonal method. */
  season: number;
  value: number;
}

export interface OutlierFinding {
  period: string;
  value: number;
  /** The method's score (|z|, |modified z|, …); larger is more unusual. */
  score: number;
  /** The range the value was expected in. */
  lower: number;
  upper: number;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
}

/** Median and the MAD scaled to a normal SD (1.4826 · MAD); 0 when the values are all equal. */
function robust(xs: readonly number[]): { med: number; scale: number } {
  const med = median(xs);
  return { med, scale: 1.4826 * median(xs.map((x) => Math.abs(x - med))) };
}

/**
 * Finds outliers in one series (one data element × org unit × option combo), checking the points in
 * `check` (default: all) against the rest:
 * - `z-score`: |x − mean| / sd of the other values > t (default 3);
 * - `modified-z`: |x − median| / (1.4826·MAD) of the other values > t (default 3.5), robust to the outliers themselves;
 * - `min-max`: outside bounds learned from history only (earlier points): median ± t·1.4826·MAD;
 * - `seasonal`: the value's share of its year against the same month's share in other years.
 * The robust methods never use a spread below √median (Poisson noise of a count). Needs at least 4
 * comparison values.
 */
export function findOutliers(
  series: readonly SeriesPoint[],
  method: OutlierMethod,
  threshold = DEFAULT_OUTLIER_THRESHOLDS[method],
  check?: (p: SeriesPoint) => boolean,
): OutlierFinding[] {
  const sorted = [...series].sort((a, b) => a.start.localeCompare(b.start));
  const out: OutlierFinding[] = [];
  if (method === 'seasonal') {
    return seasonalOutliers(sorted, threshold, check);
  }
  sorted.forEach((p, i) => {
    if (check && !check(p)) {
      return;
    }
    const others = method === 'min-max' ? sorted.slice(0, i) : sorted.filter((_, j) => j !== i);
    const xs = others.map((q) => q.value);
    if (xs.length < 4) {
      return;
    }
    let centre: number;
    let scale: number;
    if (method === 'z-score') {
      centre = mean(xs);
      scale = sd(xs);
    } else {
      const r = robust(xs);
      centre = r.med;
      // Counts vary at least as a Poisson count does: a tight history must not make noise an outlier.
      scale = Math.max(r.scale, Math.sqrt(Math.abs(r.med)));
    }
    const distance = Math.abs(p.value - centre);
    const score = scale > 0 ? distance / scale : distance > 0 ? Infinity : 0;
    if (score > threshold) {
      out.push({
        period: p.period,
        value: p.value,
        score,
        lower: centre - threshold * scale,
        upper: centre + threshold * scale,
      });
    }
  });
  return out;
}

/**
 * Seasonal: each value as a share of its own year's other values (so growth from year to year does
 * not count), compared with the same month's share in the other years (robust z, at least 3 years).
 */
function seasonalOutliers(
  sorted: readonly SeriesPoint[],
  threshold: number,
  check?: (p: SeriesPoint) => boolean,
): OutlierFinding[] {
  const byYear = new Map<string, SeriesPoint[]>();
  for (const p of sorted) {
    const y = p.start.slice(0, 4);
    byYear.set(y, [...(byYear.get(y) ?? []), p]);
  }
  const ratio = (p: SeriesPoint): number | null => {
    const rest = (byYear.get(p.start.slice(0, 4)) ?? []).filter((q) => q !== p).map((q) => q.value);
    const m = rest.length >= 3 ? mean(rest) : 0;
    return m > 0 ? p.value / m : null;
  };
  const out: OutlierFinding[] = [];
  for (const p of sorted) {
    if (check && !check(p)) {
      continue;
    }
    const r = ratio(p);
    const others = sorted
      .filter((q) => q !== p && q.season === p.season)
      .map(ratio)
      .filter((x): x is number => x !== null);
    if (r === null || others.length < 3) {
      continue;
    }
    const { med, scale: mad } = robust(others);
    const level = mean((byYear.get(p.start.slice(0, 4)) ?? []).filter((q) => q !== p).map((q) => q.value));
    // A share's noise is at least a Poisson count's: √(level)/level.
    const scale = Math.max(mad, 1 / Math.sqrt(Math.max(level, 1)));
    const score = Math.abs(r - med) / scale;
    if (score > threshold) {
      out.push({
        period: p.period,
        value: p.value,
        score,
        lower: (med - threshold * scale) * level,
        upper: (med + threshold * scale) * level,
      });
    }
  }
  return out;
}
