import { describe, expect, it } from 'vitest';
import { csvField, neutralizeFormula, unneutralizeCsvText } from './csv-cell.js';

describe('CSV cells', () => {
  it('marks text a spreadsheet would run as a formula', () => {
    for (const payload of [
      '=HYPERLINK("http://x","y")',
      '+cmd|" /C calc"!A0',
      '-2+3',
      '@SUM(A1)',
      '\t=1+1',
      '\r=1',
    ]) {
      expect(neutralizeFormula(payload)).toBe(`'${payload}`);
      expect(unneutralizeCsvText(neutralizeFormula(payload))).toBe(payload);
    }
  });
  it('leaves numbers and ordinary text alone', () => {
    for (const s of ['-5', '+3.25', '-1e3', '612', '白沙镇', '漏报补录', "'quoted", '']) {
      expect(neutralizeFormula(s)).toBe(s);
      expect(unneutralizeCsvText(s)).toBe(s);
    }
  });
  it('quotes and neutralizes in one field', () => {
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(-7)).toBe('-7');
    expect(csvField(null)).toBe('');
  });
});
