/**
 * Indicators that are not ratios of sums, as functions over age-disaggregated counts
 * (domain-indicators §1.4–§1.5): life expectancy from an abridged life table (Chiang), the WHO
 * 30–70 probability of dying from the four major NCDs, and the total fertility rate.
 */

export interface AgeGroup {
  /** Start of the age group in years (0, 1, 5, 10 … 85). */
  age: number;
  /** Width in years; null for the open last group (85+). */
  width: number | null;
  deaths: number;
  population: number;
  /** Fraction of the interval lived by those who die in it (a_x); defaults below. */
  a?: number;
}

export interface LifeTableRow {
  age: number;
  width: number | null;
  mx: number;
  qx: number;
  lx: number;
  dx: number;
  Lx: number;
  Tx: number;
  ex: number;
}

export interface LifeTableOptions {
  /** a_0 for the infant group; default 0.1 (Chiang-type value at low mortality). */
  a0?: number;
  /** a for ages 1–4; default 0.4. Other closed groups default to 0.5. */
  a1to4?: number;
  radix?: number;
}

/**
 * An abridged life table: nqx = n·M / (1 + n·(1 − a)·M), the open group has q = 1 and
 * L = l / M. Returns null when any population is not positive or the open group has no deaths
 * (the table cannot close). Callers should pass deaths already adjusted for under-reporting.
 */
export function lifeTable(groups: readonly AgeGroup[], opts: LifeTableOptions = {}): LifeTableRow[] | null {
  if (groups.length === 0 || groups.some((g) => !(g.population > 0) || g.deaths < 0)) {
    return null;
  }
  const sorted = [...groups].sort((a, b) => a.age - b.age);
  const last = sorted.at(-1);
  if (!last || last.width !== null || !(last.deaths > 0)) {
    return null;
  }
  const radix = opts.radix ?? 100_000;
  const rows: LifeTableRow[] = [];
  let lx = radix;
  for (const g of sorted) {
    const mx = g.deaths / g.population;
    if (g.width === null) {
      const Lx = lx / mx;
      rows.push({ age: g.age, width: null, mx, qx: 1, lx, dx: lx, Lx, Tx: 0, ex: 0 });
      break;
    }
    const n = g.width;
    const a = g.a ?? (g.age === 0 ? (opts.a0 ?? 0.1) : g.age === 1 ? (opts.a1to4 ?? 0.4) : 0.5);
    const qx = Math.min(1, (n * mx) / (1 + n * (1 - a) * mx));
    const dx = lx * qx;
    const next = lx - dx;
    const Lx = n * next + a * n * dx;
    rows.push({ age: g.age, width: n, mx, qx, lx, dx, Lx, Tx: 0, ex: 0 });
    lx = next;
  }
  let T = 0;
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i] as LifeTableRow;
    T += r.Lx;
    r.Tx = T;
    r.ex = r.lx > 0 ? T / r.lx : 0;
  }
  return rows;
}

/** Life expectancy at birth (人均预期寿命), or null when the table cannot be built. */
export function lifeExpectancyAtBirth(
  groups: readonly AgeGroup[],
  opts: LifeTableOptions = {},
): number | null {
  return lifeTable(groups, opts)?.[0]?.ex ?? null;
}

/**
 * 重大慢性病过早死亡率: the probability (in %) that a 30-year-old dies before 70 from
 * cardiovascular disease, cancer, diabetes or chronic respiratory disease, from the eight 5-year
 * groups 30–34 … 65–69: 5q = 5M / (1 + 2.5M), 40q30 = 1 − Π(1 − 5q).
 */
export function prematureNcdMortality(
  groups: readonly { age: number; ncdDeaths: number; population: number }[],
): number | null {
  const needed = [30, 35, 40, 45, 50, 55, 60, 65];
  let survive = 1;
  for (const age of needed) {
    const g = groups.find((x) => x.age === age);
    if (!g || !(g.population > 0) || g.ncdDeaths < 0) {
      return null;
    }
    const m = g.ncdDeaths / g.population;
    survive *= 1 - (5 * m) / (1 + 2.5 * m);
  }
  return (1 - survive) * 100;
}

/** 总和生育率: Σ 5 × ASFR over the seven 5-year groups 15–19 … 45–49 (births per woman). */
export function totalFertilityRate(
  groups: readonly { age: number; births: number; women: number }[],
): number | null {
  const needed = [15, 20, 25, 30, 35, 40, 45];
  let tfr = 0;
  for (const age of needed) {
    const g = groups.find((x) => x.age === age);
    if (!g || !(g.women > 0) || g.births < 0) {
      return null;
    }
    tfr += (5 * g.births) / g.women;
  }
  return tfr;
}
