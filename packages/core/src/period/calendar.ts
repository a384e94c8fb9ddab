/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`) through day numbers (days since 1970-01-01,
 * UTC), so that no time zone or daylight-saving rule can shift a period boundary.
 */
const DAY_MS = 86_400_000;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
}

export function dayNumber(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function dayNumberOf(iso: string): number {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  return dayNumber(y, m, d);
}

export function isoDate(dayNo: number): string {
  return new Date(dayNo * DAY_MS).toISOString().slice(0, 10);
}

export function ymd(dayNo: number): { y: number; m: number; d: number } {
  const dt = new Date(dayNo * DAY_MS);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** ISO weekday: Monday = 1 … Sunday = 7. */
export function isoWeekday(dayNo: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNo + 3) % 7) + 7) % 7) + 1;
}

/** Checks a `YYYY-MM-DD` string names a real calendar date. */
export function isValidIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) {
    return false;
  }
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Monday of ISO week 1 of the ISO week-based year `y` (the week holding 4 January). */
export function isoWeekOneMonday(y: number): number {
  const jan4 = dayNumber(y, 1, 4);
  return jan4 - (isoWeekday(jan4) - 1);
}

export function isoWeeksInYear(y: number): number {
  return (isoWeekOneMonday(y + 1) - isoWeekOneMonday(y)) / 7;
}

/** The ISO week-based year and week number of a day. */
export function isoWeekOf(dayNo: number): { year: number; week: number } {
  const thursday = dayNo - isoWeekday(dayNo) + 4;
  const year = ymd(thursday).y;
  return { year, week: Math.floor((thursday - isoWeekOneMonday(year)) / 7) + 1 };
}
