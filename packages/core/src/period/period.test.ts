import { describe, expect, it } from 'vitest';
import { isoWeeksInYear } from './calendar.js';
import {
  childPeriods,
  parentPeriod,
  parsePeriod,
  periodContains,
  periodDays,
  periodLabel,
  periodOfDate,
  recentPeriods,
  shiftPeriod,
  tryParsePeriod,
} from './period.js';

describe('parsePeriod', () => {
  it.each([
    ['2024', 'Yearly', '2024-01-01', '2024-12-31'],
    ['202402', 'Monthly', '2024-02-01', '2024-02-29'],
    ['2023-02', 'Monthly', '2023-02-01', '2023-02-28'],
    ['2024Q1', 'Quarterly', '2024-01-01', '2024-03-31'],
    ['2024Q4', 'Quarterly', '2024-10-01', '2024-12-31'],
    ['2024S2', 'SixMonthly', '2024-07-01', '2024-12-31'],
    ['2024W1', 'Weekly', '2024-01-01', '2024-01-07'],
    ['2020W53', 'Weekly', '2020-12-28', '2021-01-03'],
    ['2021W1', 'Weekly', '2021-01-04', '2021-01-10'],
    ['2026W53', 'Weekly', '2026-12-28', '2027-01-03'],
    ['20240229', 'Daily', '2024-02-29', '2024-02-29'],
    ['2023Oct', 'FinancialOct', '2023-10-01', '2024-09-30'],
  ])('%s is a %s from %s to %s', (id, type, start, end) => {
    const p = parsePeriod(id);
    expect(p).toMatchObject({ type, startDate: start, endDate: end });
  });

  it('canonicalises alternative spellings', () => {
    expect(parsePeriod('2024-03').id).toBe('202403');
    expect(parsePeriod('2024W05').id).toBe('2024W5');
    expect(parsePeriod('2024-01-05').id).toBe('20240105');
    expect(parsePeriod('MCH2024').id).toBe('2023Oct');
    expect(parsePeriod(' 2024Q2 ').id).toBe('2024Q2');
  });

  it.each([
    '2024Q5',
    '2024Q0',
    '2011Q12',
    '202413',
    '202400',
    '20230229',
    '2021W53',
    '2024W0',
    '2024S3',
    'abc',
    '',
    '24',
    '2024W',
    '99999',
  ])('rejects %j', (id) => {
    expect(tryParsePeriod(id)).toBeNull();
    expect(() => parsePeriod(id)).toThrow(/不存在或格式无效/);
  });

  it('knows which ISO years have 53 weeks', () => {
    expect(isoWeeksInYear(2020)).toBe(53);
    expect(isoWeeksInYear(2021)).toBe(52);
    expect(isoWeeksInYear(2026)).toBe(53);
    expect(isoWeeksInYear(2015)).toBe(53);
    expect(isoWeeksInYear(2024)).toBe(52);
  });
});

describe('period arithmetic', () => {
  it('finds the period of a date, including ISO week-year boundaries', () => {
    expect(periodOfDate('Weekly', '2021-01-01').id).toBe('2020W53');
    expect(periodOfDate('Weekly', '2019-12-30').id).toBe('2020W1');
    expect(periodOfDate('FinancialOct', '2024-09-30').id).toBe('2023Oct');
    expect(periodOfDate('FinancialOct', '2024-10-01').id).toBe('2024Oct');
    expect(periodOfDate('Quarterly', '2024-06-30').id).toBe('2024Q2');
  });

  it('shifts periods across years', () => {
    expect(shiftPeriod(parsePeriod('202412'), 1).id).toBe('202501');
    expect(shiftPeriod(parsePeriod('2024Q1'), -1).id).toBe('2023Q4');
    expect(shiftPeriod(parsePeriod('2020W53'), 1).id).toBe('2021W1');
    expect(shiftPeriod(parsePeriod('20240228'), 2).id).toBe('20240301');
    expect(shiftPeriod(parsePeriod('2024S2'), 1).id).toBe('2025S1');
    expect(shiftPeriod(parsePeriod('2023Oct'), -1).id).toBe('2022Oct');
  });

  it('lists the recent periods of every type, newest first, across year boundaries', () => {
    const ids = (type: Parameters<typeof recentPeriods>[0], n: number): string[] =>
      recentPeriods(type, '2025-01-02', n).map((p) => p.id);
    expect(ids('Daily', 3)).toEqual(['20250102', '20250101', '20241231']);
    // 2 January 2025 is in ISO week 1 of 2025; the week before is 2024W52 (2024 has 52 weeks).
    expect(ids('Weekly', 3)).toEqual(['2025W1', '2024W52', '2024W51']);
    expect(ids('Monthly', 2)).toEqual(['202501', '202412']);
    expect(ids('Quarterly', 2)).toEqual(['2025Q1', '2024Q4']);
    expect(ids('SixMonthly', 3)).toEqual(['2025S1', '2024S2', '2024S1']);
    expect(ids('Yearly', 2)).toEqual(['2025', '2024']);
    // The MCH year runs 1 October – 30 September: January 2025 is in 2024Oct.
    expect(ids('FinancialOct', 2)).toEqual(['2024Oct', '2023Oct']);
    expect(recentPeriods('Weekly', '2021-01-01', 1)[0]?.id).toBe('2020W53');
    expect(recentPeriods('Monthly', '2025-01-02', 0)).toEqual([]);
  });

  it('counts days, with leap years', () => {
    expect(periodDays(parsePeriod('2024'))).toBe(366);
    expect(periodDays(parsePeriod('2023'))).toBe(365);
    expect(periodDays(parsePeriod('202402'))).toBe(29);
    expect(periodDays(parsePeriod('2023Oct'))).toBe(366);
  });

  it('relates parents and children', () => {
    expect(parentPeriod(parsePeriod('202405'), 'Quarterly')?.id).toBe('2024Q2');
    expect(parentPeriod(parsePeriod('202405'), 'Yearly')?.id).toBe('2024');
    expect(parentPeriod(parsePeriod('202311'), 'FinancialOct')?.id).toBe('2023Oct');
    expect(parentPeriod(parsePeriod('2023S2'), 'FinancialOct')).toBeNull();
    expect(parentPeriod(parsePeriod('2024'), 'Monthly')).toBeNull();
    // A week belongs to the year of its Thursday.
    expect(parentPeriod(parsePeriod('2020W53'), 'Yearly')?.id).toBe('2020');
    expect(parentPeriod(parsePeriod('2025W1'), 'Yearly')?.id).toBe('2025');
    expect(childPeriods(parsePeriod('2024Q3'), 'Monthly').map((p) => p.id)).toEqual([
      '202407',
      '202408',
      '202409',
    ]);
    expect(childPeriods(parsePeriod('2020'), 'Weekly')).toHaveLength(53);
    expect(childPeriods(parsePeriod('2021'), 'Weekly')[0]?.id).toBe('2021W1');
    expect(childPeriods(parsePeriod('2024'), 'Daily')).toHaveLength(366);
    expect(childPeriods(parsePeriod('2023Oct'), 'Quarterly').map((p) => p.id)).toEqual([
      '2023Q4',
      '2024Q1',
      '2024Q2',
      '2024Q3',
    ]);
    expect(periodContains(parsePeriod('2024'), parsePeriod('2024W1'))).toBe(true);
    expect(periodContains(parsePeriod('2025'), parsePeriod('2025W1'))).toBe(false);
  });

  it('labels periods in Chinese and English', () => {
    expect(periodLabel(parsePeriod('2024Q1'))).toBe('2024年第1季度');
    expect(periodLabel(parsePeriod('202403'))).toBe('2024年3月');
    expect(periodLabel(parsePeriod('2024S1'))).toBe('2024年上半年');
    expect(periodLabel(parsePeriod('2024W5'))).toBe('2024年第5周');
    expect(periodLabel(parsePeriod('20240105'))).toBe('2024年1月5日');
    expect(periodLabel(parsePeriod('2024'))).toBe('2024年');
    expect(periodLabel(parsePeriod('2023Oct'))).toBe('2024妇幼统计年度（2023年10月1日—2024年9月30日）');
    expect(periodLabel(parsePeriod('2023Oct'), 'en')).toBe(
      'MCH statistical year 2024 (1 Oct 2023 – 30 Sep 2024)',
    );
    expect(periodLabel(parsePeriod('202403'), 'en')).toBe('March 2024');
  });
});
