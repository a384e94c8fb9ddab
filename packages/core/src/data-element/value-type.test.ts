import { describe, expect, it } from 'vitest';
import { checkValue, parseBooleanWord } from './value-type.js';
import type { ValueType } from './value-type.js';

const ok = (type: ValueType, raw: string): string | undefined => {
  const r = checkValue(type, raw);
  return r.ok ? r.value : undefined;
};
const reason = (type: ValueType, raw: string): string | undefined => {
  const r = checkValue(type, raw);
  return r.ok ? undefined : r.reason;
};

describe('checkValue', () => {
  it('canonicalises integers and rejects fractions', () => {
    expect(ok('INTEGER', '007')).toBe('7');
    expect(ok('INTEGER', ' -12 ')).toBe('-12');
    expect(ok('INTEGER', '1,234')).toBe('1234');
    expect(ok('INTEGER', '1e3')).toBe('1000');
    expect(reason('INTEGER', '1.5')).toBe('value.integer');
    expect(reason('INTEGER', '1,5')).toBe('value.integer');
    expect(reason('INTEGER', 'abc')).toBe('value.integer');
    expect(reason('INTEGER_ZERO_OR_POSITIVE', '-1')).toBe('value.integerZeroOrPositive');
    expect(ok('INTEGER_ZERO_OR_POSITIVE', '-0')).toBe('0');
    expect(reason('INTEGER_POSITIVE', '0')).toBe('value.integerPositive');
    expect(ok('INTEGER_NEGATIVE', '-3')).toBe('-3');
    expect(reason('INTEGER', '1e400')).toBe('value.integer');
    expect(reason('NUMBER', 'Infinity')).toBe('value.number');
    expect(reason('NUMBER', 'NaN')).toBe('value.number');
    expect(reason('NUMBER', '1e16')).toBe('value.outOfRange');
  });
  it('bounds percentages and unit intervals', () => {
    expect(ok('PERCENTAGE', '85.30')).toBe('85.3');
    expect(ok('PERCENTAGE', '100')).toBe('100');
    expect(reason('PERCENTAGE', '100.1')).toBe('value.percentage');
    expect(reason('PERCENTAGE', '-0.1')).toBe('value.percentage');
    expect(reason('UNIT_INTERVAL', '1.2')).toBe('value.unitInterval');
  });
  it('reads booleans in Chinese and English', () => {
    expect(ok('BOOLEAN', '是')).toBe('true');
    expect(ok('BOOLEAN', 'FALSE')).toBe('false');
    expect(reason('BOOLEAN', 'maybe')).toBe('value.boolean');
    expect(reason('TRUE_ONLY', 'false')).toBe('value.trueOnly');
    expect(parseBooleanWord('否')).toBe(false);
  });
  it('checks real dates', () => {
    expect(ok('DATE', '2024-02-29')).toBe('2024-02-29');
    expect(ok('DATE', '2024/02/29')).toBe('2024-02-29');
    expect(reason('DATE', '2023-02-29')).toBe('value.date');
  });
  it('keeps text as typed, including markup-looking strings, but bounds its length', () => {
    expect(ok('TEXT', "<script>alert(1)</script>'; DROP TABLE x;--")).toBe(
      "<script>alert(1)</script>'; DROP TABLE x;--",
    );
    expect(reason('TEXT', 'x'.repeat(50_001))).toBe('value.tooLong');
    expect(reason('TEXT', '   ')).toBe('value.empty');
  });
});
