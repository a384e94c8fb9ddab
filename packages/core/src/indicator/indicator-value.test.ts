import { describe, expect, it } from 'vitest';
import type { DataItem } from '../expression/ast.js';
import { parseExpression } from '../expression/parse-expression.js';
import { indicatorValue, roundTo } from './indicator-value.js';

// DHIS2 fixture F4: deA.def = 12, deA.cocA.cocB = 46, deB.cocA = 10, constant A = 2.
const values: Record<string, number> = { 'deA.def': 12, 'deA.cocA.cocB': 46, 'deB.cocA': 10 };
const ctx = (days?: number) => ({
  ...(days === undefined ? {} : { days }),
  item: (i: DataItem) => {
    if (i.kind === 'constant') {
      return i.id === 'A' ? 2 : null;
    }
    if (i.kind === 'dataElement') {
      return values[[i.de, i.coc, i.aoc].filter((x) => x !== null).join('.')] ?? null;
    }
    return null;
  },
});

describe('indicatorValue (DHIS2 vectors V18–V21)', () => {
  it('V18 numerator × factor / denominator', () => {
    const r = indicatorValue(
      {
        numerator: parseExpression('#{deA.def}*C{A}'),
        denominator: parseExpression('#{deA.def}'),
        factor: 100,
        annualized: false,
      },
      ctx(),
    );
    expect(r).toMatchObject({ numerator: 24, denominator: 12, value: 200 });
  });
  it('V19 annualised over one month', () => {
    const r = indicatorValue(
      {
        numerator: parseExpression('#{deA.cocA.cocB}-#{deB.cocA}'),
        denominator: parseExpression('#{deA.def}'),
        factor: 100,
        annualized: true,
      },
      ctx(31),
    );
    expect(r?.multiplier).toBe(36500);
    expect(r?.divisor).toBe(31);
    expect(roundTo(r?.value ?? 0, 3)).toBe(3532.258);
  });
  it('V20 annualised over six months of a leap year, and without periods', () => {
    const f = {
      numerator: parseExpression('#{deA.def}*C{A}'),
      denominator: parseExpression('#{deA.def}'),
      factor: 100,
      annualized: true,
    };
    expect(roundTo(indicatorValue(f, ctx(182))?.value ?? 0, 1)).toBe(401.1);
    expect(indicatorValue(f, ctx())?.value).toBe(200);
  });
  it('V21 a zero denominator or a missing numerator gives no value', () => {
    expect(
      indicatorValue(
        {
          numerator: parseExpression('#{deA.def}'),
          denominator: parseExpression('#{deA.def} - 12'),
          factor: 1,
          annualized: false,
        },
        ctx(),
      ),
    ).toBeNull();
    expect(
      indicatorValue(
        {
          numerator: parseExpression('#{deX}'),
          denominator: parseExpression('#{deA.def}'),
          factor: 1,
          annualized: false,
        },
        ctx(),
      ),
    ).toBeNull();
  });
  it('rounds half away from zero', () => {
    expect(roundTo(2.345, 2)).toBe(2.35);
    expect(roundTo(-2.345, 2)).toBe(-2.35);
    expect(roundTo(3.4, 0)).toBe(3);
  });
});
