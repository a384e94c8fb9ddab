/**
 * A Poisson log-link GLM fitted the way R's glm.fit does it (same start μ = y + 0.1, same IRLS
 * step and convergence rule |Δdev|/(|dev| + 0.1) < 1e-8, at most 25 iterations), so Farrington
 * thresholds agree with R to far better than 1e-6. Like R, the working weights, the unscaled
 * covariance and the hat values are those of the last iteration's weighted least-squares step.
 */
export interface PoissonFit {
  coef: number[];
  /** Fitted means μ_i. */
  mu: number[];
  /** (XᵀWX)⁻¹ with W the last working weights. */
  covUnscaled: number[][];
  /** Working weights w_i = ω_i·μ_i of the last step. */
  workingWeights: number[];
  /** Pearson dispersion Σ w_i r_i² / (n − p) over observations with positive weight (R's summary.glm). */
  dispersion: number;
  hat: number[];
  dfResidual: number;
  converged: boolean;
}

function solveSpd(a: number[][]): number[][] {
  // Inverse of a symmetric positive-definite matrix through its Cholesky factor.
  const n = a.length;
  const l = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i]?.[j] ?? 0;
      for (let k = 0; k < j; k++) {
        s -= (l[i]?.[k] ?? 0) * (l[j]?.[k] ?? 0);
      }
      const row = l[i] as number[];
      row[j] = i === j ? Math.sqrt(Math.max(s, 0)) : s / (l[j]?.[j] ?? 1);
    }
  }
  const inv = a.map(() => new Array<number>(n).fill(0));
  for (let c = 0; c < n; c++) {
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) {
        s -= (l[i]?.[k] ?? 0) * (y[k] ?? 0);
      }
      y[i] = s / (l[i]?.[i] ?? 1);
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i] ?? 0;
      for (let k = i + 1; k < n; k++) {
        s -= (l[k]?.[i] ?? 0) * (inv[k]?.[c] ?? 0);
      }
      (inv[i] as number[])[c] = s / (l[i]?.[i] ?? 1);
    }
  }
  return inv;
}

const dot = (a: readonly number[], b: readonly number[]): number =>
  a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

function devianceOf(y: readonly number[], mu: readonly number[], w: readonly number[]): number {
  let d = 0;
  y.forEach((yi, i) => {
    const m = mu[i] ?? 0;
    d += 2 * (w[i] ?? 0) * ((yi > 0 ? yi * Math.log(yi / m) : 0) - (yi - m));
  });
  return d;
}

/** Fits log μ = Xβ with prior weights ω (default 1). Columns of X with all-zero entries must not be passed. */
export function fitPoissonGlm(
  x: readonly (readonly number[])[],
  y: readonly number[],
  priorWeights?: readonly number[],
): PoissonFit {
  const p = x[0]?.length ?? 0;
  const omega = priorWeights ?? y.map(() => 1);
  let mu = y.map((v) => v + 0.1);
  let eta = mu.map(Math.log);
  let devOld = devianceOf(y, mu, omega);
  let coef = new Array<number>(p).fill(0);
  let cov: number[][] = [];
  let wLast: number[] = [];
  let converged = false;
  for (let iter = 1; iter <= 25; iter++) {
    const w = mu.map((m, i) => (omega[i] ?? 0) * m);
    const z = eta.map((e, i) => e + ((y[i] ?? 0) - (mu[i] ?? 0)) / (mu[i] ?? 1));
    // XᵀWX and XᵀWz in plain loops: this runs a few times per week per series.
    const xtwx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const xtwz = new Array<number>(p).fill(0);
    for (let i = 0; i < x.length; i++) {
      const row = x[i] as readonly number[];
      const wi = w[i] ?? 0;
      const wz = wi * (z[i] ?? 0);
      for (let a = 0; a < p; a++) {
        const xa = (row[a] ?? 0) * wi;
        if (xa === 0) {
          continue;
        }
        xtwz[a] = (xtwz[a] ?? 0) + (row[a] ?? 0) * wz;
        const out = xtwx[a] as number[];
        for (let b = 0; b <= a; b++) {
          out[b] = (out[b] ?? 0) + xa * (row[b] ?? 0);
        }
      }
    }
    for (let a = 0; a < p; a++) {
      for (let b = a + 1; b < p; b++) {
        (xtwx[a] as number[])[b] = xtwx[b]?.[a] ?? 0;
      }
    }
    cov = solveSpd(xtwx);
    coef = cov.map((row) => dot(row, xtwz));
    wLast = w;
    eta = x.map((row) => dot(row, coef));
    mu = eta.map(Math.exp);
    const dev = devianceOf(y, mu, omega);
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < 1e-8) {
      converged = true;
      break;
    }
    devOld = dev;
  }
  const positive = wLast.map((w) => w > 0);
  const dfResidual = positive.filter(Boolean).length - p;
  let pearson = 0;
  y.forEach((yi, i) => {
    if (positive[i]) {
      const r = (yi - (mu[i] ?? 0)) / (mu[i] ?? 1);
      pearson += (wLast[i] ?? 0) * r * r;
    }
  });
  const hat = x.map(
    (row, i) =>
      (wLast[i] ?? 0) *
      dot(
        row,
        cov.map((c) => dot(c, row)),
      ),
  );
  return {
    coef,
    mu,
    covUnscaled: cov,
    workingWeights: wLast,
    dispersion: pearson / dfResidual,
    hat,
    dfResidual,
    converged,
  };
}
