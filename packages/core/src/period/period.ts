import { AppError } from '../errors.js';
import { t } from '../i18n/translate.js';
import type { Locale } from '../i18n/translate.js';
import {
  dayNumber,
  dayNumberOf,
  daysInMonth,
  isoDate,
  isoWeekOf,
  isoWeekOneMonday,
  isoWeeksInYear,
  ymd,
} from './calendar.js';
import { PERIOD_TYPE_DAYS, PeriodType } from './period-type.js';

/** A concrete period: a canonical id, its type and its inclusive date range. */
export interface Period {
  readonly id: string;
  readonly type: PeriodType;
  /** First day, `YYYY-MM-DD`. */
  readonly startDate: string;
  /** Last day (inclusive), `YYYY-MM-DD`. */
  readonly endDate: string;
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

function make(type: PeriodType, id: string, start: number, end: number): Period {
  return Object.freeze({ id, type, startDate: isoDate(start), endDate: isoDate(end) });
}

function yearOk(y: number): boolean {
  return Number.isInteger(y) && y >= MIN_YEAR && y <= MAX_YEAR;
}

export function yearly(y: number): Period {
  return make(PeriodType.YEARLY, String(y), dayNumber(y, 1, 1), dayNumber(y, 12, 31));
}

export function monthly(y: number, m: number): Period {
  return make(
    PeriodType.MONTHLY,
    `${y}${String(m).padStart(2, '0')}`,
    dayNumber(y, m, 1),
    dayNumber(y, m, daysInMonth(y, m)),
  );
}

export function quarterly(y: number, q: number): Period {
  const m0 = (q - 1) * 3 + 1;
  return make(
    PeriodType.QUARTERLY,
    `${y}Q${q}`,
    dayNumber(y, m0, 1),
    dayNumber(y, m0 + 2, daysInMonth(y, m0 + 2)),
  );
}

export function sixMonthly(y: number, s: number): Period {
  return s === 1
    ? make(PeriodType.SIX_MONTHLY, `${y}S1`, dayNumber(y, 1, 1), dayNumber(y, 6, 30))
    : make(PeriodType.SIX_MONTHLY, `${y}S2`, dayNumber(y, 7, 1), dayNumber(y, 12, 31));
}

export function weekly(y: number, w: number): Period {
  const start = isoWeekOneMonday(y) + (w - 1) * 7;
  return make(PeriodType.WEEKLY, `${y}W${w}`, start, start + 6);
}

export function daily(y: number, m: number, d: number): Period {
  const n = dayNumber(y, m, d);
  return make(PeriodType.DAILY, `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`, n, n);
}

/** The MCH statistical year that starts on 1 October of `startYear`. */
export function financialOct(startYear: number): Period {
  return make(
    PeriodType.FINANCIAL_OCT,
    `${startYear}Oct`,
    dayNumber(startYear, 10, 1),
    dayNumber(startYear + 1, 9, 30),
  );
}

/**
 * Parses a period id. Accepts DHIS2 forms (`2024`, `202401`, `2024-01`, `2024Q1`, `2024S2`,
 * `2024W5`/`2024W05`, `20240105`, `2024-01-05`, `2023Oct`) and `MCH2024`; returns the
 * canonical period, or `null` when the text names no real period.
 */
export function tryParsePeriod(raw: string): Period | null {
  const s = raw.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(s))) {
    const y = Number(m[1]);
    return yearOk(y) ? yearly(y) : null;
  }
  if ((m = /^(\d{4})-?(\d{2})$/.exec(s))) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return yearOk(y) && mo >= 1 && mo <= 12 ? monthly(y, mo) : null;
  }
  if ((m = /^(\d{4})Q(\d)$/.exec(s))) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return yearOk(y) && q >= 1 && q <= 4 ? quarterly(y, q) : null;
  }
  if ((m = /^(\d{4})S(\d)$/.exec(s))) {
    const y = Number(m[1]);
    const h = Number(m[2]);
    return yearOk(y) && (h === 1 || h === 2) ? sixMonthly(y, h) : null;
  }
  if ((m = /^(\d{4})W(\d{1,2})$/.exec(s))) {
    const y = Number(m[1]);
    const w = Number(m[2]);
    return yearOk(y) && w >= 1 && w <= isoWeeksInYear(y) ? weekly(y, w) : null;
  }
  if ((m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(s)) && s.length !== 7) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    return yearOk(y) && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) ? daily(y, mo, d) : null;
  }
  if ((m = /^(\d{4})Oct$/.exec(s))) {
    const y = Number(m[1]);
    return yearOk(y) ? financialOct(y) : null;
  }
  if ((m = /^MCH(\d{4})$/i.exec(s))) {
    const y = Number(m[1]);
    return yearOk(y - 1) ? financialOct(y - 1) : null;
  }
  return null;
}

/** Like {@link tryParsePeriod} but throws `HW_PERIOD_INVALID`. */
export function parsePeriod(raw: string): Period {
  const p = tryParsePeriod(raw);
  if (!p) {
    throw new AppError('HW_PERIOD_INVALID', { id: raw });
  }
  return p;
}

/** The period of the given type that contains the day. */
export function periodOfDate(type: PeriodType, date: string): Period {
  const n = dayNumberOf(date);
  const { y, m, d } = ymd(n);
  switch (type) {
    case PeriodType.DAILY:
      return daily(y, m, d);
    case PeriodType.WEEKLY: {
      const w = isoWeekOf(n);
      return weekly(w.year, w.week);
    }
    case PeriodType.MONTHLY:
      return monthly(y, m);
    case PeriodType.QUARTERLY:
      return quarterly(y, Math.floor((m - 1) / 3) + 1);
    case PeriodType.SIX_MONTHLY:
      return sixMonthly(y, m <= 6 ? 1 : 2);
    case PeriodType.YEARLY:
      return yearly(y);
    case PeriodType.FINANCIAL_OCT:
      return financialOct(m >= 10 ? y : y - 1);
  }
}

/** The period `n` steps after (or before, when negative) `p`, of the same type. */
export function shiftPeriod(p: Period, n: number): Period {
  if (n === 0) {
    return p;
  }
  if (p.type === PeriodType.DAILY || p.type === PeriodType.WEEKLY) {
    const step = p.type === PeriodType.DAILY ? 1 : 7;
    return periodOfDate(p.type, isoDate(dayNumberOf(p.startDate) + n * step));
  }
  const months = { Monthly: 1, Quarterly: 3, SixMonthly: 6, Yearly: 12, FinancialOct: 12 }[p.type];
  const { y, m } = ymd(dayNumberOf(p.startDate));
  const total = y * 12 + (m - 1) + n * months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return periodOfDate(p.type, `${ny}-${String(nm).padStart(2, '0')}-01`);
}

export function periodDays(p: Period): number {
  return dayNumberOf(p.endDate) - dayNumberOf(p.startDate) + 1;
}

/** True when `inner` lies entirely within `outer`. */
export function periodContains(outer: Period, inner: Period): boolean {
  return outer.startDate <= inner.startDate && inner.endDate <= outer.endDate;
}

export function periodContainsDate(p: Period, date: string): boolean {
  return p.startDate <= date && date <= p.endDate;
}

/**
 * The period of `type` that `p` belongs to for aggregation, or null when it straddles two.
 * ISO weeks belong to the period holding their Thursday (the ISO 8601 week-numbering rule),
 * so a week is never counted twice and never lost when weeks are summed into months or years.
 */
export function parentPeriod(p: Period, type: PeriodType): Period | null {
  if (type === p.type) {
    return p;
  }
  if (PERIOD_TYPE_DAYS[type] < PERIOD_TYPE_DAYS[p.type]) {
    return null;
  }
  if (p.type === PeriodType.WEEKLY) {
    return periodOfDate(type, isoDate(dayNumberOf(p.startDate) + 3));
  }
  const candidate = periodOfDate(type, p.startDate);
  return periodContains(candidate, p) ? candidate : null;
}

/** The periods of `type` that aggregate into `p` (see {@link parentPeriod}), in order. */
export function childPeriods(p: Period, type: PeriodType): Period[] {
  if (PERIOD_TYPE_DAYS[type] > PERIOD_TYPE_DAYS[p.type]) {
    return [];
  }
  const out: Period[] = [];
  let c = periodOfDate(type, isoDate(dayNumberOf(p.startDate) - (type === PeriodType.WEEKLY ? 3 : 0)));
  while (c.startDate <= p.endDate) {
    if (parentPeriod(c, p.type)?.id === p.id) {
      out.push(c);
    }
    c = shiftPeriod(c, 1);
  }
  return out;
}

/** Every period of `type` from the one containing `from` to the one containing `to`. */
export function periodsBetween(type: PeriodType, from: string, to: string): Period[] {
  const out: Period[] = [];
  for (let c = periodOfDate(type, from); c.startDate <= to; c = shiftPeriod(c, 1)) {
    out.push(c);
  }
  return out;
}

/**
 * The `count` periods of `type` that end with the one containing `date`, newest first: what a
 * period picker offers (a clerk fills in the last one or corrects an earlier one).
 */
export function recentPeriods(type: PeriodType, date: string, count: number): Period[] {
  const current = periodOfDate(type, date);
  return Array.from({ length: Math.max(0, count) }, (_, k) => shiftPeriod(current, -k));
}

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A human label: `2024年第1季度`, `2024年3月`, `2024妇幼统计年度（…）`; English on request. */
export function periodLabel(p: Period, locale: Locale = 'zh-CN'): string {
  const { y, m, d } = ymd(dayNumberOf(p.startDate));
  switch (p.type) {
    case PeriodType.DAILY:
      return t(locale, 'period.daily', {
        y,
        m,
        d,
        mm: String(m).padStart(2, '0'),
        dd: String(d).padStart(2, '0'),
      });
    case PeriodType.WEEKLY:
      return t(locale, 'period.weekly', { y: p.id.slice(0, 4), w: p.id.slice(5) });
    case PeriodType.MONTHLY:
      return t(locale, 'period.monthly', { y, m, monthName: EN_MONTHS[m - 1] ?? '' });
    case PeriodType.QUARTERLY:
      return t(locale, 'period.quarterly', { y, q: p.id.slice(5) });
    case PeriodType.SIX_MONTHLY:
      return t(locale, p.id.endsWith('S1') ? 'period.sixMonthly1' : 'period.sixMonthly2', { y });
    case PeriodType.YEARLY:
      return t(locale, 'period.yearly', { y });
    case PeriodType.FINANCIAL_OCT:
      return t(locale, 'period.mchYear', { y: y + 1, y0: y });
  }
}
