import { dayNumberOf, isoDate } from './calendar.js';
import { periodOfDate, shiftPeriod } from './period.js';
import type { Period } from './period.js';
import type { PeriodType } from './period-type.js';

/**
 * Relative periods as data (as DHIS2's analytics does): the type of period, how many, and
 * whether the current one is included. "LAST_n" never includes the current period.
 */
const RELATIVE: Readonly<
  Record<
    string,
    { type: PeriodType; count: number; current: boolean } | { type: PeriodType; inYear: 'this' | 'last' }
  >
> = {
  TODAY: { type: 'Daily', count: 1, current: true },
  YESTERDAY: { type: 'Daily', count: 1, current: false },
  LAST_7_DAYS: { type: 'Daily', count: 7, current: false },
  LAST_14_DAYS: { type: 'Daily', count: 14, current: false },
  LAST_30_DAYS: { type: 'Daily', count: 30, current: false },
  THIS_WEEK: { type: 'Weekly', count: 1, current: true },
  LAST_WEEK: { type: 'Weekly', count: 1, current: false },
  LAST_4_WEEKS: { type: 'Weekly', count: 4, current: false },
  LAST_12_WEEKS: { type: 'Weekly', count: 12, current: false },
  LAST_52_WEEKS: { type: 'Weekly', count: 52, current: false },
  WEEKS_THIS_YEAR: { type: 'Weekly', inYear: 'this' },
  THIS_MONTH: { type: 'Monthly', count: 1, current: true },
  LAST_MONTH: { type: 'Monthly', count: 1, current: false },
  LAST_3_MONTHS: { type: 'Monthly', count: 3, current: false },
  LAST_6_MONTHS: { type: 'Monthly', count: 6, current: false },
  LAST_12_MONTHS: { type: 'Monthly', count: 12, current: false },
  MONTHS_THIS_YEAR: { type: 'Monthly', inYear: 'this' },
  MONTHS_LAST_YEAR: { type: 'Monthly', inYear: 'last' },
  THIS_QUARTER: { type: 'Quarterly', count: 1, current: true },
  LAST_QUARTER: { type: 'Quarterly', count: 1, current: false },
  LAST_4_QUARTERS: { type: 'Quarterly', count: 4, current: false },
  QUARTERS_THIS_YEAR: { type: 'Quarterly', inYear: 'this' },
  QUARTERS_LAST_YEAR: { type: 'Quarterly', inYear: 'last' },
  THIS_SIX_MONTH: { type: 'SixMonthly', count: 1, current: true },
  LAST_SIX_MONTH: { type: 'SixMonthly', count: 1, current: false },
  LAST_2_SIXMONTHS: { type: 'SixMonthly', count: 2, current: false },
  THIS_YEAR: { type: 'Yearly', count: 1, current: true },
  LAST_YEAR: { type: 'Yearly', count: 1, current: false },
  LAST_5_YEARS: { type: 'Yearly', count: 5, current: false },
  LAST_10_YEARS: { type: 'Yearly', count: 10, current: false },
  THIS_MCH_YEAR: { type: 'FinancialOct', count: 1, current: true },
  LAST_MCH_YEAR: { type: 'FinancialOct', count: 1, current: false },
  LAST_5_MCH_YEARS: { type: 'FinancialOct', count: 5, current: false },
};

export const RELATIVE_PERIODS: readonly string[] = Object.keys(RELATIVE);

export function isRelativePeriod(id: string): boolean {
  // Own keys only: `in` would also find `__proto__`, `toString` … on the prototype.
  return Object.hasOwn(RELATIVE, id);
}

/** The periods a relative period names on the given day (`today`, `YYYY-MM-DD`), oldest first. */
export function resolveRelativePeriod(id: string, today: string): Period[] | null {
  const spec = Object.hasOwn(RELATIVE, id) ? RELATIVE[id] : undefined;
  if (!spec) {
    return null;
  }
  const current = periodOfDate(spec.type, today);
  if ('inYear' in spec) {
    const year = Number(today.slice(0, 4)) - (spec.inYear === 'last' ? 1 : 0);
    const out: Period[] = [];
    const jan1 = `${year}-01-01`;
    // Weeks belong to the year of their Thursday.
    let p = periodOfDate(spec.type, spec.type === 'Weekly' ? isoDate(dayNumberOf(jan1) + 3) : jan1);
    while (p.startDate <= `${year}-12-31`) {
      out.push(p);
      p = shiftPeriod(p, 1);
    }
    return out;
  }
  const last = spec.current ? current : shiftPeriod(current, -1);
  return Array.from({ length: spec.count }, (_, i) => shiftPeriod(last, i - spec.count + 1));
}
