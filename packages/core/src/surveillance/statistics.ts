/* eslint-disable no-loss-of-precision -- the AS 241 coefficients are copied as published; the digits beyond double precision are harmless */
/**
 * The few distribution functions the detection algorithms need, written to match R to ~1e-12:
 * qnorm (Wichura's AS 241), lgamma (Lanczos), the regularized incomplete beta (for Student's t),
 * Poisson and negative-binomial quantiles, and R's type-7 sample quantile.
 */

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) {
    s += x;
  }
  return s / xs.length;
}

/** Sample standard deviation (n − 1), as R's sd(); NaN for fewer than two values. */
export function sd(xs: readonly number[]): number {
  if (xs.length < 2) {
    return NaN;
  }
  const m = mean(xs);
  let s = 0;
  for (const x of xs) {
    s += (x - m) ** 2;
  }
  return Math.sqrt(s / (xs.length - 1));
}

/** R's quantile(x, p, type = 7): linear interpolation between order statistics. */
export function quantile7(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const a = s[lo] ?? NaN;
  const b = s[Math.min(lo + 1, s.length - 1)] ?? NaN;
  return a + (h - lo) * (b - a);
}

/** Standard normal quantile (Wichura 1988, AS 241 PPND16), as R's qnorm. */
export function qnorm(p: number): number {
  if (p <= 0) {
    return -Infinity;
  }
  if (p >= 1) {
    return Infinity;
  }
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) *
          r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) *
        r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) *
        r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    val =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) *
        r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) *
        r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -val : val;
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0 (Lanczos, g = 7). */
export function lgamma(x: number): number {
  if (x < 0.5) {
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0] ?? 0;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) {
    a += (LANCZOS[i] ?? 0) / (z + i);
  }
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized incomplete beta I_x(a, b) (continued fraction, Numerical Recipes betacf). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) {
    return 0;
  }
  if (x >= 1) {
    return 1;
  }
  const front = Math.exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x > (a + 1) / (a + b + 2)) {
    return 1 - incompleteBeta(1 - x, b, a);
  }
  const TINY = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = Math.abs(d) < TINY ? TINY : d;
  d = 1 / d;
  let f = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    let num = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + num * d;
    d = Math.abs(d) < TINY ? TINY : d;
    c = 1 + num / c;
    c = Math.abs(c) < TINY ? TINY : c;
    d = 1 / d;
    f *= d * c;
    num = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + num * d;
    d = Math.abs(d) < TINY ? TINY : d;
    c = 1 + num / c;
    c = Math.abs(c) < TINY ? TINY : c;
    d = 1 / d;
    const delta = d * c;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-15) {
      break;
    }
  }
  return (front * f) / a;
}

/** Two-sided p-value of Student's t with `df` degrees of freedom, as 2·pt(−|t|, df). */
export function tTestPValue(t: number, df: number): number {
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** The smallest k with P(X ≤ k) ≥ p for X ~ Poisson(mu), as R's qpois. */
export function qpois(p: number, mu: number): number {
  let k = 0;
  let pmf = Math.exp(-mu);
  let cdf = pmf;
  // R compares with a tiny fuzz so that exact quantiles are not pushed up by rounding.
  while (cdf < p * (1 - 64 * Number.EPSILON) && k < 1e7) {
    k++;
    pmf *= mu / k;
    cdf += pmf;
  }
  return k;
}

/** As R's qnbinom(p, size, prob): the smallest k with P(X ≤ k) ≥ p. */
export function qnbinom(p: number, size: number, prob: number): number {
  let k = 0;
  let logPmf = size * Math.log(prob);
  let cdf = Math.exp(logPmf);
  while (cdf < p * (1 - 64 * Number.EPSILON) && k < 1e7) {
    logPmf += Math.log(((k + size) / (k + 1)) * (1 - prob));
    k++;
    cdf += Math.exp(logPmf);
  }
  return k;
}
