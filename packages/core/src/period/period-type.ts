/**
 * Period types we support. Ids follow DHIS2 (`2024`, `2024Q1`, `202401`, `2024W5`, `2024S1`,
 * `20240105`). The maternal-and-child-health (MCH) statistical year, 1 Oct – 30 Sep, is DHIS2's
 * FinancialOct: `2023Oct` is the MCH year that *ends* in 2024 and is labelled "2024妇幼统计年度"
 * (see docs/adr/0002-mch-year.md); `MCH2024` is accepted as an alias of the same period.
 */
export const PeriodType = {
  DAILY: 'Daily',
  WEEKLY: 'Weekly',
  MONTHLY: 'Monthly',
  QUARTERLY: 'Quarterly',
  SIX_MONTHLY: 'SixMonthly',
  YEARLY: 'Yearly',
  FINANCIAL_OCT: 'FinancialOct',
} as const;
export type PeriodType = (typeof PeriodType)[keyof typeof PeriodType];

export const PERIOD_TYPES: readonly PeriodType[] = Object.values(PeriodType);

/** Approximate length in days, used to order types from fine to coarse. */
export const PERIOD_TYPE_DAYS: Readonly<Record<PeriodType, number>> = {
  Daily: 1,
  Weekly: 7,
  Monthly: 30,
  Quarterly: 91,
  SixMonthly: 182,
  Yearly: 365,
  FinancialOct: 365,
};

export function isPeriodType(s: string): s is PeriodType {
  return (PERIOD_TYPES as readonly string[]).includes(s);
}
