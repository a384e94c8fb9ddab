import type { Translate } from '../i18n/i18n';

/**
 * A completeness rate to one decimal ("99.7%"). Never "100.0%" while a report is missing: 1999 of
 * 2000 rounds to 100.0 but shows 99.9, so the figure cannot contradict the missing list beside it.
 */
export function completenessPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) {
    return '—';
  }
  let tenths = Math.round(rate * 1000);
  if (tenths >= 1000 && rate < 1) {
    tenths = 999;
  }
  return `${(tenths / 10).toFixed(1)}%`;
}

/** The rate with its counts, as every completeness figure is shown: "98.8%（已报 646 / 应报 648）". */
export function completenessSummary(
  t: Translate,
  c: { rate: number | null; actual: number; expected: number },
): string {
  return t('completeness.summary', {
    rate: completenessPercent(c.rate),
    actual: c.actual,
    expected: c.expected,
  });
}
