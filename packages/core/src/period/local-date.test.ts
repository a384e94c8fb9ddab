import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.js';
import { dateInTimeZone, DEFAULT_TIME_ZONE, isTimeZone, resolveTimeZone } from './local-date.js';

describe('dateInTimeZone', () => {
  it('is the date of the zone, not of UTC', () => {
    const instant = new Date('2026-12-01T17:00:00Z');
    expect(dateInTimeZone(instant, 'Asia/Shanghai')).toBe('2026-12-02');
    expect(dateInTimeZone(instant, 'UTC')).toBe('2026-12-01');
  });

  it('turns at midnight of the zone', () => {
    expect(dateInTimeZone(new Date('2026-12-01T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-12-01');
    expect(dateInTimeZone(new Date('2026-12-01T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-12-02');
    expect(dateInTimeZone(new Date('2024-03-01T03:00:00Z'), 'America/New_York')).toBe('2024-02-29');
  });
});

describe('resolveTimeZone', () => {
  it('defaults to Beijing time when nothing is configured', () => {
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Shanghai');
    expect(resolveTimeZone(undefined)).toBe('Asia/Shanghai');
    expect(resolveTimeZone('  ')).toBe('Asia/Shanghai');
  });

  it('takes a known zone by its canonical name', () => {
    expect(resolveTimeZone('UTC')).toBe('UTC');
    expect(resolveTimeZone('asia/urumqi')).toBe('Asia/Urumqi');
  });

  it('refuses an unknown zone, naming the setting and the value', () => {
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    let caught: unknown;
    try {
      resolveTimeZone('Mars/Olympus_Mons');
    } catch (e) {
      caught = e;
    }
    expect(isAppError(caught) && caught.code).toBe('HW_VALIDATION');
    const text = isAppError(caught) ? caught.render('en') : '';
    expect(text).toContain('HEALTHWATCH_TIMEZONE');
    expect(text).toContain('Mars/Olympus_Mons');
  });
});
