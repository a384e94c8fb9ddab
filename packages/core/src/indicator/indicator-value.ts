import type { Expr } from '../expression/ast.js';
import { evaluateWithStrategy } from '../expression/evaluate-expression.js';
import type { EvalContext } from '../expression/evaluate-expression.js';
import { collectItems } from '../expression/parse-expression.js';

/** An indicator ready to evaluate: parsed numerator and denominator and how to scale them. */
export interface IndicatorFormula {
  numerator: Expr;
  denominator: Expr;
  /** 1, 100, 1000, 10000, 100000 … */
  factor: number;
  /** Scale by 365 / days in the period(s), for rates over part of a year. */
  annualized: boolean;
}

export interface IndicatorResult {
  value: number;
  numerator: number;
  denominator: number;
  multiplier: number;
  divisor: number;
}

const DAYS_IN_YEAR = 365;

function asNumber(v: unknown): number | null {
  if (typeof v === 'number') {
    return Number.isFinite(v) ? v : null;
  }
  if (typeof v === 'boolean') {
    return v ? 1 : 0;
  }
  return null;
}

/**
 * DHIS2's indicator rule (dhis2-reference §2.2): numerator and denominator are evaluated with
 * SKIP_IF_ALL_VALUES_MISSING on values already aggregated for the cell (a ratio of sums); no
 * numerator, or a null or zero denominator, gives no value (never Infinity or NaN). Annualised
 * indicators multiply by 365 and divide by the days in the period(s).
 */
export function indicatorValue(f: IndicatorFormula, ctx: EvalContext): IndicatorResult | null {
  const num = asNumber(
    evaluateWithStrategy(f.numerator, ctx, 'SKIP_IF_ALL_VALUES_MISSING', collectItems(f.numerator).values()),
  );
  const den = asNumber(
    evaluateWithStrategy(
      f.denominator,
      ctx,
      'SKIP_IF_ALL_VALUES_MISSING',
      collectItems(f.denominator).values(),
    ),
  );
  if (num === null || den === null || den === 0) {
    return null;
  }
  let multiplier = f.factor;
  let divisor = 1;
  if (f.annualized && ctx.days !== undefined && ctx.days > 0) {
    multiplier *= DAYS_IN_YEAR;
    divisor = ctx.days;
  }
  const value = (num * multiplier) / (den * divisor);
  return Number.isFinite(value) ? { value, numerator: num, denominator: den, multiplier, divisor } : null;
}

/** Rounds for display the way statistical tables print: fixed decimals, half away from zero. */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(Math.abs(value) * f + 1e-9) / f;
  return value < 0 ? -r : r;
}
