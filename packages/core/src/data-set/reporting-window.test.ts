import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../period/period.js';
import { PeriodType } from '../period/period-type.js';
import { latestDuePeriod, reportablePeriods, reportingWindow } from './reporting-window.js';

const monthly = { timelyDays: 10, expiryDays: 0 };

describe('reporting window', () => {
  it('opens a month the day after it ends and makes it due 10 days later', () => {
    const w = reportingWindow(parsePeriod('202611'), monthly, '2026-12-01');
    expect(w).toMatchObject({ opensOn: '2026-12-01', dueOn: '2026-12-10', closesOn: null, state: 'open' });
    expect(reportingWindow(parsePeriod('202611'), monthly, '2026-12-10').state).toBe('open');
    expect(reportingWindow(parsePeriod('202611'), monthly, '2026-12-11').state).toBe('overdue');
    expect(reportingWindow(parsePeriod('202612'), monthly, '2026-12-01').state).toBe('notOpen');
  });

  it('closes after the expiry days', () => {
    const rules = { timelyDays: 10, expiryDays: 30 };
    expect(reportingWindow(parsePeriod('202610'), rules, '2026-11-30').state).toBe('overdue');
    expect(reportingWindow(parsePeriod('202610'), rules, '2026-12-01').state).toBe('closed');
    expect(reportingWindow(parsePeriod('202610'), rules, '2026-12-01').closesOn).toBe('2026-11-30');
  });

  it('opens future periods early only when the data set allows them', () => {
    const rules = { ...monthly, openFuturePeriods: 1 };
    expect(reportingWindow(parsePeriod('202612'), rules, '2026-12-01').state).toBe('open');
    expect(reportingWindow(parsePeriod('202701'), rules, '2026-12-01').state).toBe('notOpen');
  });

  it('takes the latest period whose due date has passed', () => {
    expect(latestDuePeriod(PeriodType.MONTHLY, monthly, '2026-12-01').id).toBe('202610');
    expect(latestDuePeriod(PeriodType.MONTHLY, monthly, '2026-12-11').id).toBe('202611');
    expect(latestDuePeriod(PeriodType.YEARLY, { timelyDays: 60, expiryDays: 0 }, '2026-12-01').id).toBe(
      '2025',
    );
    expect(latestDuePeriod(PeriodType.YEARLY, { timelyDays: 60, expiryDays: 0 }, '2026-02-01').id).toBe(
      '2024',
    );
    expect(latestDuePeriod(PeriodType.QUARTERLY, { timelyDays: 15, expiryDays: 0 }, '2026-12-01').id).toBe(
      '2026Q3',
    );
  });

  it('lists the periods a clerk may enter, newest first, without unended ones', () => {
    const ids = reportablePeriods(PeriodType.MONTHLY, monthly, '2026-12-01', 3).map((p) => p.id);
    expect(ids).toEqual(['202611', '202610', '202609']);
    const closing = reportablePeriods(
      PeriodType.MONTHLY,
      { timelyDays: 10, expiryDays: 45 },
      '2026-12-01',
      12,
    );
    expect(closing.map((p) => p.id)).toEqual(['202611', '202610']);
    const early = reportablePeriods(
      PeriodType.MONTHLY,
      { ...monthly, openFuturePeriods: 1 },
      '2026-12-01',
      2,
    );
    expect(early.map((p) => p.id)).toEqual(['202612', '202611']);
  });
});
