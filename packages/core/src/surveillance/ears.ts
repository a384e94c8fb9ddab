import { finiteOrNull, rangeOf } from './detection.js';
import type { Detection, Range } from './detection.js';
import { mean, qnorm, sd } from './statistics.js';

export interface EarsOptions extends Range {
  method: 'C1' | 'C2' | 'C3';
  /** Default 0.001 for C1/C2 and 0.025 for C3, as R. */
  alpha?: number;
  /** Baseline length (default 7). */
  baseline?: number;
  /** Floor for the standard deviation (default 0); 0.5–1 avoids alarms on single cases after zeros. */
  minSigma?: number;
  /**
   * C3 only. `r` (default): R surveillance's earsC, whose alarm depends on C2 at t−1 and t−2;
   * `textbook`: C3_t = Σ_{i=0..2} max(0, C2_{t−i} − 1) > 2 (Fricker et al. 2008). See ADR 0006.
   */
  c3?: 'r' | 'textbook';
}

/**
 * EARS C1, C2 and C3 as in R surveillance `earsC` (R/earsC.R): C1 uses the
 * 7 preceding counts, C2 the 7 before a 2-period guard band; U = mean + z_{1−α}·max(sd, minSigma).
 */
export function earsC(y: readonly number[], o: EarsOptions): Detection[] {
  const baseline = o.baseline ?? 7;
  const minSigma = o.minSigma ?? 0;
  const alpha = o.alpha ?? (o.method === 'C3' ? 0.025 : 0.001);
  const z = qnorm(1 - alpha);
  const at = (t: number): number => y[t - 1] ?? NaN;
  const ref = (t: number, lagFrom: number): number[] =>
    Array.from({ length: baseline }, (_, k) => at(t - lagFrom - baseline + 1 + k));
  const stats = (t: number, guard: number): { m: number; s: number } => {
    const r = ref(t, guard + 1);
    return { m: mean(r), s: Math.max(sd(r), minSigma) };
  };
  if (o.method !== 'C3') {
    const guard = o.method === 'C1' ? 0 : 2;
    return rangeOf(y.length, baseline + guard + 1, o).map((t) => {
      const { m, s } = stats(t, guard);
      const u = m + z * s;
      return {
        t,
        observed: at(t),
        expected: m,
        upperbound: finiteOrNull(u),
        score: finiteOrNull((at(t) - m) / s),
        alarm: at(t) > u,
      };
    });
  }
  const c2 = (t: number): number => {
    const { m, s } = stats(t, 2);
    return (at(t) - m) / s;
  };
  const part = (t: number): number => Math.max(0, c2(t) - 1);
  return rangeOf(y.length, baseline + 5, o).map((t) => {
    const s = stats(t, 2).s;
    if (o.c3 === 'textbook') {
      const c3 = part(t) + part(t - 1) + part(t - 2);
      return { t, observed: at(t), expected: null, upperbound: null, score: finiteOrNull(c3), alarm: c3 > 2 };
    }
    // R: U = max(0, y_t + sd_t·(z − Σ_{i=1,2} max(0, C2_{t−i} − 1))); NaN stays NaN (R's NA).
    const raw = at(t) + s * (z - (part(t - 2) + part(t - 1)));
    const u = Number.isNaN(raw) ? NaN : Math.max(0, raw);
    return {
      t,
      observed: at(t),
      expected: null,
      upperbound: finiteOrNull(u),
      score: finiteOrNull(part(t - 1) + part(t - 2)),
      alarm: at(t) > u,
    };
  });
}
