import { rangeOf } from './detection.js';
import type { Detection, Range } from './detection.js';
import { mean } from './statistics.js';

export interface CusumOptions extends Range {
  /** Reference value (default 1.04). */
  k?: number;
  /** Decision boundary (default 2.26). */
  h?: number;
  /** In-control mean; default: the mean of every count before the first monitored point (R). */
  m?: number;
  /** Restart the sum after an alarm (R ≥ 1.26 `reset`; default false as R 1.20). */
  reset?: boolean;
  /** Periods per year: without `from`, the first year is the phase-1 data m is estimated on. */
  periodsPerYear?: number;
}

/**
 * The approximate Poisson CUSUM of Rossi et al. (1999) as R `algo.cusum` with the "standard"
 * transform: z_t = (y_t − m)/√m, S_t = max(0, S_{t−1} + z_t − k), alarm when S_t ≥ h;
 * U_t = ceil(√m·(h + k − S_{t−1}) + m).
 */
export function cusum(y: readonly number[], o: CusumOptions = {}): Detection[] {
  const k = o.k ?? 1.04;
  const h = o.h ?? 2.26;
  const ts = rangeOf(y.length, o.from ?? (o.periodsPerYear ?? 52) + 1, o);
  const first = ts[0] ?? 1;
  const m = o.m ?? mean(y.slice(0, first - 1));
  let s = 0;
  return ts.map((t) => {
    const x = y[t - 1] ?? NaN;
    const before = s;
    const next = Math.max(0, before + (x - m) / Math.sqrt(m) - k);
    const alarm = next >= h;
    let u = Math.ceil(Math.sqrt(m) * (h + k - before) + m);
    u = Number.isNaN(u) || u < 0 ? 0 : u;
    s = alarm && o.reset ? 0 : next;
    return { t, observed: x, expected: m, upperbound: u, score: next, alarm };
  });
}
