import { finiteOrNull, rangeOf } from './detection.js';
import type { Detection, Range } from './detection.js';
import { fitPoissonGlm } from './poisson-glm.js';
import type { PoissonFit } from './poisson-glm.js';
import { qnbinom, qnorm, qpois, tTestPValue } from './statistics.js';

/**
 * Farrington (1996) as R surveillance `algo.farrington`, and Farrington-flexible / Noufaily (2013)
 * as `farringtonFlexible` (R/farringtonFlexible.R), including R's quirks so thresholds agree
 * to 1e-6: the flexible version computes se.fit with a dispersion built from the re-weighting weights
 * (R overwrites the model's working weights), and its nbPlugin score uses the link-scale prediction.
 */

interface Model {
  fit: PoissonFit;
  /** φ = max(1, Pearson dispersion), from the fit with its proper working weights. */
  phi: number;
  /** The weights R leaves in the model: the re-weighting ω (flexible) or the working weights. */
  summaryWeights: number[];
  design: number[][];
}

/** s_i = 1.5·(y^{2/3}μ^{−1/6} − μ^{1/2}) / √(φ(1 − h_ii)). */
function anscombe(y: readonly number[], f: PoissonFit, phi: number): number[] {
  return y.map((yi, i) => {
    const mu = f.mu[i] ?? 1;
    return (1.5 * (yi ** (2 / 3) * mu ** (-1 / 6) - Math.sqrt(mu))) / Math.sqrt(phi * (1 - (f.hat[i] ?? 0)));
  });
}

/** γ = n / Σ(s_i^{−2} if s_i > T else 1); ω_i = γ·s_i^{−2} above T, γ otherwise. */
export function farringtonWeights(s: readonly number[], threshold: number): number[] {
  const denom = s.reduce((acc, si) => acc + (si > threshold ? si ** -2 : 1), 0);
  const gamma = s.length / denom;
  return s.map((si) => (si > threshold ? gamma * si ** -2 : gamma));
}

function fitModel(
  design: number[][],
  y: number[],
  reweight: boolean,
  threshold: number,
  keepOmega: boolean,
): Model | null {
  let fit = fitPoissonGlm(design, y);
  if (!fit.converged) {
    return null;
  }
  let phi = Math.max(fit.dispersion, 1);
  let summaryWeights = fit.workingWeights;
  if (reweight) {
    const omega = farringtonWeights(anscombe(y, fit, phi), threshold);
    fit = fitPoissonGlm(design, y, omega);
    phi = Math.max(fit.dispersion, 1);
    summaryWeights = keepOmega ? omega : fit.workingWeights;
  }
  return { fit, phi, summaryWeights, design };
}

/** The dispersion summary.glm reports from the weights left in the model (R's φ̃ for flexible). */
function summaryDispersion(m: Model, y: readonly number[]): number {
  let s = 0;
  let used = 0;
  y.forEach((yi, i) => {
    const w = m.summaryWeights[i] ?? 0;
    if (w > 0) {
      const r = (yi - (m.fit.mu[i] ?? 0)) / (m.fit.mu[i] ?? 1);
      s += w * r * r;
      used++;
    }
  });
  return s / (used - (m.design[0]?.length ?? 0));
}

const quad = (m: Model, x0: readonly number[]): number =>
  x0.reduce((acc, a, i) => acc + a * x0.reduce((s, b, j) => s + (m.fit.covUnscaled[i]?.[j] ?? 0) * b, 0), 0);
const linear = (m: Model, x0: readonly number[]): number =>
  x0.reduce((acc, a, i) => acc + a * (m.fit.coef[i] ?? 0), 0);

/** p-value of the trend coefficient (column 1), as summary.glm with the model's dispersion and a t test. */
function trendPValue(m: Model, y: readonly number[]): number {
  const disp = summaryDispersion(m, y);
  const se = Math.sqrt(disp * (m.fit.covUnscaled[1]?.[1] ?? NaN));
  return tTestPValue((m.fit.coef[1] ?? 0) / se, m.fit.dfResidual);
}

function enoughCases(y: readonly number[], t: number, limit: readonly [number, number]): boolean {
  let s = 0;
  for (let i = t - limit[1] + 1; i <= t; i++) {
    s += y[i - 1] ?? 0;
  }
  return s >= limit[0];
}

export interface FarringtonOptions extends Range {
  /** Years back (default 5). */
  b?: number;
  /** Half window (default 3). */
  w?: number;
  /** Two-sided α of the prediction interval (default 0.05; R algo.farrington). */
  alpha?: number;
  reweight?: boolean;
  trend?: boolean;
  /** At least limit54[0] cases in the last limit54[1] periods, or no alarm (default [5, 4]). */
  limit54?: [number, number];
  periodsPerYear?: number;
}

/** Farrington et al. (1996), as R `algo.farrington` (index mode, power 2/3). */
export function farrington(y: readonly number[], o: FarringtonOptions = {}): Detection[] {
  const b = o.b ?? 5;
  const w = o.w ?? 3;
  const alpha = o.alpha ?? 0.05;
  const P = o.periodsPerYear ?? 52;
  const limit = o.limit54 ?? [5, 4];
  const z = qnorm(1 - alpha / 2);
  const ys = [...y];
  return rangeOf(y.length, P * b + w + 1, o).map((k) => {
    const wtime: number[] = [];
    for (let i = b; i >= 1; i--) {
      for (let j = -w; j <= w; j++) {
        wtime.push(k - P * i + j);
      }
    }
    const response = wtime.map((t) => ys[t - 1] ?? 0);
    const withTrend = wtime.map((t) => [1, t]);
    const flat = wtime.map(() => [1]);
    let m =
      o.trend === false
        ? fitModel(flat, response, o.reweight !== false, 1, false)
        : fitModel(withTrend, response, o.reweight !== false, 1, false);
    if (!m) {
      m = fitModel(flat, response, o.reweight !== false, 1, false);
    }
    const observed = ys[k - 1] ?? NaN;
    if (!m) {
      return { t: k, observed, expected: null, upperbound: null, score: null, alarm: false };
    }
    if (m.design[0]?.length === 2) {
      const keep =
        b >= 3 && trendPValue(m, response) < 0.05 && Math.exp(linear(m, [1, k])) <= Math.max(...response);
      if (!keep) {
        m = fitModel(flat, response, o.reweight !== false, 1, false) ?? m;
      }
    }
    const x0 = m.design[0]?.length === 2 ? [1, k] : [1];
    const mu0 = Math.exp(linear(m, x0));
    // predict.glm(se.fit, dispersion = φ) on the response scale: μ·√(φ·x0ᵀ(XᵀWX)⁻¹x0)
    const seFit = mu0 * Math.sqrt(m.phi * quad(m, x0));
    const tau = m.phi + seFit ** 2 / mu0;
    const se = Math.sqrt((4 / 9) * mu0 ** (1 / 3) * tau);
    const upper = (mu0 ** (2 / 3) + z * se) ** 1.5;
    const enough = enoughCases(ys, k, limit);
    const score = enough ? (observed - mu0) / (upper - mu0) : 0;
    return {
      t: k,
      observed,
      expected: mu0,
      upperbound: enough ? finiteOrNull(upper) : 0,
      score,
      alarm: score > 1,
    };
  });
}

export interface FarringtonFlexibleOptions extends Range {
  b?: number;
  w?: number;
  /** One-sided α (default 0.05). */
  alpha?: number;
  reweight?: boolean;
  /** Re-weighting threshold T (default 2.58, Noufaily; 1 = Farrington 1996). */
  weightsThreshold?: number;
  trend?: boolean;
  /** Keep the trend only when its p-value is below this (default 0.05; Noufaily: 1). */
  pThresholdTrend?: number;
  limit54?: [number, number];
  /** Seasonal factor levels (1 = reference windows only; Noufaily: 10). */
  noPeriods?: number;
  /** Most recent periods left out of the fit (default w; Noufaily: 26). */
  pastWeeksNotIncluded?: number;
  thresholdMethod?: 'delta' | 'nbPlugin';
  periodsPerYear?: number;
}

/** Farrington-flexible (Noufaily et al. 2013), as R `farringtonFlexible` in index mode. */
export function farringtonFlexible(y: readonly number[], o: FarringtonFlexibleOptions = {}): Detection[] {
  const b = o.b ?? 5;
  const w = o.w ?? 3;
  const alpha = o.alpha ?? 0.05;
  const P = o.periodsPerYear ?? 52;
  const p = o.noPeriods ?? 1;
  const past = o.pastWeeksNotIncluded ?? w;
  const limit = o.limit54 ?? [5, 4];
  const threshold = o.weightsThreshold ?? 2.58;
  const pTrend = o.pThresholdTrend ?? 0.05;
  const method = o.thresholdMethod ?? 'delta';
  const ys = [...y];
  return rangeOf(y.length, P * b + w + 1, o).map((k) => {
    // Seasonal blocks: the windows around k − P·i are level p; with p > 1 the gaps between windows
    // are split into p − 1 near-equal blocks (the first blocks take the remainder).
    const level = new Map<number, number>();
    for (let t = k - w; t <= k; t++) {
      level.set(t, p);
    }
    for (let i = 1; i <= b; i++) {
      const ref = k - P * i;
      for (let t = ref - w; t <= ref + w; t++) {
        level.set(t, p);
      }
      if (p !== 1) {
        const period = k - P * (i - 1) - 2 * w - 1 - ref;
        const base = Math.floor(period / (p - 1));
        const rest = period % (p - 1);
        let start = ref + w + 1;
        for (let j = 1; j <= p - 1; j++) {
          const len = base + (j <= rest ? 1 : 0);
          for (let t = start; t < start + len; t++) {
            level.set(t, j);
          }
          start += len;
        }
      }
    }
    for (let t = k - past; t <= k; t++) {
      level.delete(t);
    }
    const times = [...level.keys()].filter((t) => t >= 1).sort((a, c) => a - c);
    const response = times.map((t) => ys[t - 1] ?? 0);
    const levels = [...new Set(times.map((t) => level.get(t) ?? 0))].sort((a, c) => a - c);
    const dummies = (lv: number): number[] => levels.slice(1).map((l) => (l === lv ? 1 : 0));
    const designOf = (trend: boolean, t: number, lv: number): number[] => [
      1,
      ...(trend ? [t] : []),
      ...(p !== 1 ? dummies(lv) : []),
    ];
    const build = (trend: boolean): number[][] => times.map((t) => designOf(trend, t, level.get(t) ?? 0));
    const reweight = o.reweight !== false;
    let trend = o.trend !== false;
    let m = fitModel(build(trend), response, reweight, threshold, true);
    if (!m && trend) {
      trend = false;
      m = fitModel(build(false), response, reweight, threshold, true);
    }
    const observed = ys[k - 1] ?? NaN;
    if (!m) {
      return { t: k, observed, expected: null, upperbound: null, score: null, alarm: false };
    }
    if (trend) {
      const keep =
        b >= 3 &&
        trendPValue(m, response) < pTrend &&
        Math.exp(linear(m, designOf(true, k, p))) <= Math.max(...response);
      if (!keep) {
        trend = false;
        m = fitModel(build(false), response, reweight, threshold, true) ?? m;
      }
    }
    const x0 = designOf(trend, k, p);
    const eta0 = linear(m, x0);
    // R passes the dispersion inside newdata, so predict.glm uses summary.glm's dispersion (φ̃).
    const seEta = Math.sqrt(summaryDispersion(m, response) * quad(m, x0));
    const enough = enoughCases(ys, k, limit);
    let upper: number;
    let fit: number;
    let expected: number;
    if (method === 'delta') {
      const mu0 = Math.exp(eta0);
      const seFit = mu0 * seEta;
      const tau = m.phi + seFit ** 2 / mu0;
      const se = Math.sqrt((4 / 9) * mu0 ** (1 / 3) * tau);
      upper = (mu0 ** (2 / 3) + qnorm(1 - alpha) * se) ** 1.5;
      fit = mu0;
      expected = mu0;
    } else {
      const mu0 = Math.exp(eta0);
      upper = m.phi > 1 ? qnbinom(1 - alpha, mu0 / (m.phi - 1), 1 / m.phi) : qpois(1 - alpha, mu0);
      fit = eta0;
      expected = mu0;
    }
    const score = enough && Number.isFinite(upper) ? (observed - fit) / (upper - fit) : null;
    return {
      t: k,
      observed,
      expected,
      upperbound: enough ? finiteOrNull(upper) : null,
      score,
      alarm: score !== null && score > 1 && observed !== 0,
    };
  });
}
