/** One monitored time point: what the method expected, its upper bound, and whether it alarms. */
export interface Detection {
  /** 1-based index into the series (as R). */
  t: number;
  observed: number;
  /** The expected count, where the method has one. */
  expected: number | null;
  /** Counts above this alarm; null where the method could not compute it (R's NA). */
  upperbound: number | null;
  /** Method-specific score (z, C-statistic, CUSUM sum, (y−μ)/(U−μ)). */
  score: number | null;
  alarm: boolean;
}

/** The time points to monitor: `from`..`to` (1-based, inclusive), defaulting to every point the method can compute. */
export interface Range {
  from?: number;
  to?: number;
}

export function rangeOf(n: number, earliest: number, r: Range = {}): number[] {
  const from = Math.max(earliest, r.from ?? earliest);
  const to = Math.min(n, r.to ?? n);
  const out: number[] = [];
  for (let t = from; t <= to; t++) {
    out.push(t);
  }
  return out;
}

export const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
