import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/i18n';
import { completenessPercent, completenessSummary } from './completeness-rate';

describe('completeness figures', () => {
  it('show one decimal, and never 100% while a report is missing', () => {
    expect(completenessPercent(646 / 648)).toBe('99.7%');
    expect(completenessPercent(640 / 648)).toBe('98.8%');
    expect(completenessPercent(1999 / 2000)).toBe('99.9%');
    expect(completenessPercent(1)).toBe('100.0%');
    expect(completenessPercent(0)).toBe('0.0%');
    expect(completenessPercent(null)).toBe('—');
  });

  it('carry their counts, in the reader’s language', () => {
    const c = { rate: 640 / 648, actual: 640, expected: 648 };
    expect(completenessSummary(translator('zh-CN'), c)).toBe('98.8%（已报 640 / 应报 648）');
    expect(completenessSummary(translator('en'), c)).toBe('98.8% (640 of 648 reports)');
  });
});
