import { AppError } from '../errors.js';
import { msg } from '../i18n/translate.js';

/**
 * The deployment's time zone when none is configured: HealthWatch serves Chinese districts, whose
 * day (and so expiry locks, relative periods and "today" defaults) turns at midnight Beijing time.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const formats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    // Throws a RangeError for a name the runtime does not know.
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, f);
  }
  return f;
}

/** Whether the runtime knows a time zone by this IANA name (`Asia/Shanghai`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    dayFormat(name);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date (yyyy-mm-dd) an instant falls on in a time zone. */
export function dateInTimeZone(instant: Date, timeZone: string): string {
  const parts = dayFormat(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/**
 * The configured time zone (e.g. the HEALTHWATCH_TIMEZONE environment variable) by its canonical name, or
 * the default when none is set; an unknown name is refused rather than silently read as UTC.
 */
export function resolveTimeZone(configured: string | undefined, setting = 'HEALTHWATCH_TIMEZONE'): string {
  const name = configured?.trim() ?? '';
  if (name === '') {
    return DEFAULT_TIME_ZONE;
  }
  if (!isTimeZone(name)) {
    throw new AppError('HW_VALIDATION', {
      reason: msg('reason.optionChoice', {
        option: setting,
        value: name,
        allowed: `${DEFAULT_TIME_ZONE}, Asia/Urumqi, UTC … (IANA)`,
      }),
    });
  }
  return dayFormat(name).resolvedOptions().timeZone;
}
