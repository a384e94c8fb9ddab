import { describe, expect, it } from 'vitest';
import { isRelativePeriod, resolveRelativePeriod } from './relative-periods.js';

const ids = (id: string, today: string): string[] | undefined =>
  resolveRelativePeriod(id, today)?.map((p) => p.id);

describe('relative periods', () => {
  it('resolves years, quarters and months relative to today', () => {
    expect(ids('THIS_YEAR', '2024-05-10')).toEqual(['2024']);
    expect(ids('LAST_YEAR', '2024-05-10')).toEqual(['2023']);
    expect(ids('LAST_5_YEARS', '2024-05-10')).toEqual(['2019', '2020', '2021', '2022', '2023']);
    expect(ids('LAST_12_MONTHS', '2024-03-15')).toEqual([
      '202303',
      '202304',
      '202305',
      '202306',
      '202307',
      '202308',
      '202309',
      '202310',
      '202311',
      '202312',
      '202401',
      '202402',
    ]);
    expect(ids('QUARTERS_THIS_YEAR', '2024-05-10')).toEqual(['2024Q1', '2024Q2', '2024Q3', '2024Q4']);
    expect(ids('MONTHS_THIS_YEAR', '2024-05-10')).toHaveLength(12);
    expect(ids('LAST_QUARTER', '2024-01-02')).toEqual(['2023Q4']);
    expect(ids('THIS_MCH_YEAR', '2024-10-02')).toEqual(['2024Oct']);
    expect(ids('LAST_4_WEEKS', '2021-01-06')).toEqual(['2020W50', '2020W51', '2020W52', '2020W53']);
    expect(ids('WEEKS_THIS_YEAR', '2020-06-01')).toHaveLength(53);
    expect(ids('NOT_A_PERIOD', '2024-01-01')).toBeUndefined();
  });
});

describe('relative period names from user input', () => {
  it('are never prototype keys', () => {
    for (const id of ['__proto__', 'toString', 'constructor', 'hasOwnProperty']) {
      expect(isRelativePeriod(id)).toBe(false);
      expect(resolveRelativePeriod(id, '2024-05-01')).toBeNull();
    }
  });
});
