import type { AggregationOverride } from '../expression/ast.js';
import { dayNumberOf, isoDate } from '../period/calendar.js';
import type { Period } from '../period/period.js';

/** A stored period as the analytics engine sees it. */
export interface StoredPeriod {
  id: number;
  period: Period;
}

/** Own values plus rollups: the sum and count of an item at one unit for one stored period. */
export interface AdditiveRow {
  peId: number;
  cocId: number;
  aocId: number;
  sum: number;
  count: number;
}

/** One stored numeric value somewhere in a subtree. */
export interface RawRow {
  peId: number;
  ouId: number;
  cocId: number;
  aocId: number;
  value: number;
}

/** The date window one cell of a query covers for one item (after offsets and year-to-date). */
export interface CellRange {
  start: string;
  end: string;
  days: number;
  minDate?: string | undefined;
  maxDate?: string | undefined;
}

/** Aggregation types whose result follows from per-period sums over the subtree. */
export const ADDITIVE_TYPES: ReadonlySet<AggregationOverride> = new Set([
  'SUM',
  'COUNT',
  'AVERAGE',
  'AVERAGE_SUM_ORG_UNIT',
]);

/** Types that describe a stock (population, beds): a longer stored period covering the cell counts. */
const STOCK_TYPES: ReadonlySet<AggregationOverride> = new Set([
  'AVERAGE',
  'AVERAGE_SUM_ORG_UNIT',
  'LAST',
  'LAST_AVERAGE_ORG_UNIT',
]);

const LAST_LOOKBACK_YEARS = 10;

/**
 * How a stored period relates to a cell: `inside` (it is part of the cell; ISO weeks by their
 * Thursday, so a week is never counted in two months), `covering` (it contains the whole cell,
 * e.g. a yearly population used in a quarterly rate), or null.
 */
export function relation(sp: Period, r: CellRange): 'inside' | 'covering' | null {
  if (r.minDate && sp.startDate < r.minDate) {
    return null;
  }
  if (r.maxDate && sp.endDate > r.maxDate) {
    return null;
  }
  if (sp.type === 'Weekly') {
    const thursday = isoDate(dayNumberOf(sp.startDate) + 3);
    if (r.days >= 7 && r.start <= thursday && thursday <= r.end) {
      return 'inside';
    }
  } else if (r.start <= sp.startDate && sp.endDate <= r.end) {
    return 'inside';
  }
  if (sp.startDate <= r.start && sp.endDate >= r.end) {
    return 'covering';
  }
  return null;
}

function days(p: Period): number {
  return dayNumberOf(p.endDate) - dayNumberOf(p.startDate) + 1;
}

/**
 * Aggregates an item at one unit for one cell from additive rows (the unit's own values plus its
 * rollup rows), for SUM, COUNT, AVERAGE and AVERAGE_SUM_ORG_UNIT. Returns null with no data.
 */
export function aggregateAdditive(
  rows: readonly AdditiveRow[],
  periods: ReadonlyMap<number, Period>,
  type: AggregationOverride,
  r: CellRange,
): number | null {
  let sum = 0;
  let count = 0;
  const perPeriod = new Map<number, { sum: number; weight: number }>();
  let coveringSum = 0;
  let coveringCount = 0;
  let coveringEnd = '';
  for (const row of rows) {
    const p = periods.get(row.peId);
    if (!p) {
      continue;
    }
    const rel = relation(p, r);
    if (rel === 'inside') {
      sum += row.sum;
      count += row.count;
      const pp = perPeriod.get(row.peId) ?? { sum: 0, weight: days(p) };
      pp.sum += row.sum;
      perPeriod.set(row.peId, pp);
    } else if (rel === 'covering' && STOCK_TYPES.has(type)) {
      // The tightest covering period wins (a quarter over a year).
      if (coveringEnd === '' || p.endDate < coveringEnd) {
        coveringEnd = p.endDate;
        coveringSum = 0;
        coveringCount = 0;
      }
      if (p.endDate === coveringEnd) {
        coveringSum += row.sum;
        coveringCount += row.count;
      }
    }
  }
  if (count === 0) {
    if (coveringCount === 0) {
      return null;
    }
    return type === 'AVERAGE' ? coveringSum / coveringCount : coveringSum;
  }
  switch (type) {
    case 'SUM':
      return sum;
    case 'COUNT':
      return count;
    case 'AVERAGE':
      return sum / count;
    case 'AVERAGE_SUM_ORG_UNIT': {
      let weighted = 0;
      for (const pp of perPeriod.values()) {
        weighted += pp.sum * pp.weight;
      }
      return weighted / r.days;
    }
    default:
      return sum;
  }
}

/**
 * Aggregates an item over a subtree from raw stored values, for the types that need each unit's
 * own series: LAST (each unit's latest value up to the cell's end, looking back ten years,
 * summed over units), LAST_IN_PERIOD, LAST_AVERAGE_ORG_UNIT, FIRST, MAX_SUM_ORG_UNIT /
 * MIN_SUM_ORG_UNIT (each unit's max/min over the periods, summed), MIN and MAX.
 */
export function aggregateRaw(
  rows: readonly RawRow[],
  periods: ReadonlyMap<number, Period>,
  type: AggregationOverride,
  r: CellRange,
): number | null {
  const lookbackStart = `${Number(r.start.slice(0, 4)) - LAST_LOOKBACK_YEARS}${r.start.slice(4)}`;
  const isLast = type === 'LAST' || type === 'LAST_AVERAGE_ORG_UNIT';
  // Per unit, per stored period: the sum over combos.
  const byUnit = new Map<number, Map<number, number>>();
  let min = Infinity;
  let max = -Infinity;
  let any = false;
  for (const row of rows) {
    const p = periods.get(row.peId);
    if (!p) {
      continue;
    }
    const rel = relation(p, r);
    const usable =
      rel === 'inside' ||
      (isLast && (rel === 'covering' || (p.endDate <= r.end && p.startDate >= lookbackStart)));
    if (!usable) {
      continue;
    }
    any = true;
    min = Math.min(min, row.value);
    max = Math.max(max, row.value);
    let unit = byUnit.get(row.ouId);
    if (!unit) {
      unit = new Map();
      byUnit.set(row.ouId, unit);
    }
    unit.set(row.peId, (unit.get(row.peId) ?? 0) + row.value);
  }
  if (!any) {
    return null;
  }
  switch (type) {
    case 'MIN':
      return min;
    case 'MAX':
      return max;
    case 'NONE':
      return null;
    default:
      break;
  }
  let total = 0;
  let units = 0;
  for (const series of byUnit.values()) {
    const entries = [...series.entries()].map(([peId, v]) => ({ p: periods.get(peId) as Period, v }));
    let pick: number;
    switch (type) {
      case 'MAX_SUM_ORG_UNIT':
        pick = Math.max(...entries.map((e) => e.v));
        break;
      case 'MIN_SUM_ORG_UNIT':
        pick = Math.min(...entries.map((e) => e.v));
        break;
      case 'FIRST':
        pick = entries.reduce((a, b) => (b.p.startDate < a.p.startDate ? b : a)).v;
        break;
      default:
        // LAST, LAST_IN_PERIOD, LAST_AVERAGE_ORG_UNIT: the latest period (ties: the shorter one).
        pick = entries.reduce((a, b) =>
          b.p.endDate > a.p.endDate || (b.p.endDate === a.p.endDate && b.p.startDate > a.p.startDate) ? b : a,
        ).v;
        break;
    }
    total += pick;
    units++;
  }
  return type === 'LAST_AVERAGE_ORG_UNIT' ? total / units : total;
}
