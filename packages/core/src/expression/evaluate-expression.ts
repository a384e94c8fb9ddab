import type { DataItem, Expr } from './ast.js';
import { itemKey } from './parse-expression.js';

/** DHIS2's missing-value strategies. */
export const MissingValueStrategy = {
  SKIP_IF_ANY_VALUE_MISSING: 'SKIP_IF_ANY_VALUE_MISSING',
  SKIP_IF_ALL_VALUES_MISSING: 'SKIP_IF_ALL_VALUES_MISSING',
  NEVER_SKIP: 'NEVER_SKIP',
} as const;
export type MissingValueStrategy = (typeof MissingValueStrategy)[keyof typeof MissingValueStrategy];

export type Value = number | string | boolean | null;

/** What an expression needs from the world: item values and period facts, already resolved. */
export interface EvalContext {
  /** The value of a data item (aggregated for the cell being computed), or null when missing. */
  item(item: DataItem): Value;
  /** Days in the evaluated period(s). */
  days?: number;
  periodInYear?: number;
  yearlyPeriodCount?: number;
}

/**
 * Rounds arithmetic results to 15 significant digits so decimal inputs give decimal answers
 * (`1.3 - 1` is 0.3, as DHIS2's BigDecimal arithmetic gives), instead of binary noise.
 */
function tidy(x: number): number {
  if (!Number.isFinite(x) || x === 0) {
    return x === 0 ? 0 : x;
  }
  return Number(x.toPrecision(15));
}

function toNumber(v: Value): number | null {
  if (v === null) {
    return null;
  }
  if (typeof v === 'number') {
    return v;
  }
  if (typeof v === 'boolean') {
    return v ? 1 : 0;
  }
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) ? n : null;
}

function toBool(v: Value): boolean | null {
  if (v === null) {
    return null;
  }
  if (typeof v === 'boolean') {
    return v;
  }
  if (typeof v === 'number') {
    return v !== 0;
  }
  return v === 'true' ? true : v === 'false' ? false : v !== '';
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? tidy(x) : null;
}

function looseEquals(a: Value, b: Value): boolean {
  if (a === null || b === null) {
    return a === b;
  }
  const na = toNumber(a);
  const nb = toNumber(b);
  if (typeof a !== 'string' || typeof b !== 'string') {
    if (na !== null && nb !== null) {
      return na === nb;
    }
  }
  return String(a) === String(b);
}

function compare(a: Value, b: Value): number | null {
  if (a === null || b === null) {
    return null;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const na = toNumber(a);
  const nb = toNumber(b);
  if (na === null || nb === null) {
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  }
  return na - nb;
}

/**
 * Evaluates an expression. `replaceNulls` is how DHIS2 applies SKIP_IF_ALL and NEVER_SKIP:
 * operators treat a missing operand as 0, while functions (isNull, firstNonNull …) still see
 * the null. Deliberate differences from DHIS2 (docs/adr/0004-expression-quirks.md): a result that
 * is not a finite number (x/0, log(0), log(-1)) is null, never NaN or ±Infinity; `^` is real
 * exponentiation (DHIS2 truncates the exponent to an integer).
 */
export function evaluate(e: Expr, ctx: EvalContext, replaceNulls: boolean): Value {
  const ev = (x: Expr): Value => evaluate(x, ctx, replaceNulls);
  const num = (x: Expr): number | null => {
    const n = toNumber(ev(x));
    return n === null && replaceNulls ? 0 : n;
  };
  switch (e.type) {
    case 'number':
      return e.value;
    case 'string':
      return e.value;
    case 'boolean':
      return e.value;
    case 'null':
      return null;
    case 'item':
      return ctx.item(e.item);
    case 'periodVariable':
      return (
        (e.name === 'days'
          ? ctx.days
          : e.name === 'periodInYear'
            ? ctx.periodInYear
            : ctx.yearlyPeriodCount) ?? null
      );
    case 'unary': {
      if (e.op === '!') {
        const b = toBool(ev(e.arg));
        return b === null ? null : !b;
      }
      const n = num(e.arg);
      return n === null ? null : e.op === '-' ? -n : n;
    }
    case 'binary': {
      switch (e.op) {
        case '&&': {
          const a = toBool(ev(e.left));
          const b = toBool(ev(e.right));
          return a === null || b === null ? null : a && b;
        }
        case '||': {
          const a = toBool(ev(e.left));
          const b = toBool(ev(e.right));
          return a === null || b === null ? null : a || b;
        }
        case '==':
        case '!=': {
          const a = ev(e.left);
          const b = ev(e.right);
          if (a === null || b === null) {
            return null;
          }
          const eq = looseEquals(a, b);
          return e.op === '==' ? eq : !eq;
        }
        case '<':
        case '>':
        case '<=':
        case '>=': {
          let a = ev(e.left);
          let b = ev(e.right);
          if (replaceNulls) {
            a ??= 0;
            b ??= 0;
          }
          const c = compare(a, b);
          if (c === null) {
            return null;
          }
          return e.op === '<' ? c < 0 : e.op === '>' ? c > 0 : e.op === '<=' ? c <= 0 : c >= 0;
        }
        default: {
          const a = num(e.left);
          const b = num(e.right);
          if (a === null || b === null) {
            return null;
          }
          switch (e.op) {
            case '+':
              return finite(a + b);
            case '-':
              return finite(a - b);
            case '*':
              return finite(a * b);
            case '/':
              return b === 0 ? null : finite(a / b);
            case '%':
              return b === 0 ? null : finite(a % b);
            case '^':
              return finite(a ** b);
          }
        }
      }
      return null;
    }
    case 'call':
      return call(e.name, e.args, ev, num);
  }
}

function call(name: string, args: Expr[], ev: (x: Expr) => Value, num: (x: Expr) => number | null): Value {
  switch (name) {
    case 'if': {
      const [c, a, b] = args as [Expr, Expr, Expr];
      const cond = toBool(ev(c));
      return cond === null ? null : cond ? ev(a) : ev(b);
    }
    case 'isNull':
      return ev(args[0] as Expr) === null;
    case 'isNotNull':
      return ev(args[0] as Expr) !== null;
    case 'firstNonNull':
      for (const a of args) {
        const v = ev(a);
        if (v !== null) {
          return v;
        }
      }
      return null;
    case 'greatest':
    case 'least': {
      const xs = args.map((a) => toNumber(ev(a))).filter((x): x is number => x !== null);
      if (xs.length === 0) {
        return null;
      }
      return name === 'greatest' ? Math.max(...xs) : Math.min(...xs);
    }
    case 'removeZeros': {
      const v = ev(args[0] as Expr);
      return v === 0 ? null : v;
    }
    case 'log': {
      const x = num(args[0] as Expr);
      if (x === null) {
        return null;
      }
      if (args.length === 2) {
        const base = num(args[1] as Expr);
        return base === null ? null : finite(Math.log(x) / Math.log(base));
      }
      return finite(Math.log(x));
    }
    case 'log10': {
      const x = num(args[0] as Expr);
      return x === null ? null : finite(Math.log10(x));
    }
    case 'contains': {
      const hay = ev(args[0] as Expr);
      if (hay === null) {
        return null;
      }
      return args.slice(1).every((a) => String(hay).includes(String(ev(a))));
    }
    case 'containsItems': {
      const hay = ev(args[0] as Expr);
      if (hay === null) {
        return null;
      }
      const items = String(hay).split(',');
      return args.slice(1).every((a) => items.includes(String(ev(a))));
    }
    case 'is': {
      const x = ev(args[0] as Expr);
      return args.slice(1).some((a) => looseEquals(x, ev(a)));
    }
    case 'subExpression':
      // The analytics engine evaluates subExpression per stored row before aggregating; a
      // plain evaluation (one row) is the expression itself.
      return ev(args[0] as Expr);
    default:
      return null;
  }
}

/**
 * Evaluates with a missing-value strategy: counts the data items (not constants, not period
 * variables) that have no value, skips as the strategy says, then evaluates.
 */
export function evaluateWithStrategy(
  e: Expr,
  ctx: EvalContext,
  strategy: MissingValueStrategy,
  items: Iterable<DataItem>,
): Value {
  let total = 0;
  let missing = 0;
  const cache = new Map<string, Value>();
  for (const it of items) {
    if (it.kind === 'constant' || it.kind === 'orgUnitGroupCount') {
      continue;
    }
    total++;
    const v = ctx.item(it);
    cache.set(itemKey(it), v);
    if (v === null) {
      missing++;
    }
  }
  if (strategy === 'SKIP_IF_ANY_VALUE_MISSING' && missing > 0) {
    return null;
  }
  if (strategy === 'SKIP_IF_ALL_VALUES_MISSING' && total > 0 && missing === total) {
    return null;
  }
  const cached: EvalContext = {
    ...ctx,
    item: (it) => (cache.has(itemKey(it)) ? (cache.get(itemKey(it)) ?? null) : ctx.item(it)),
  };
  return evaluate(e, cached, strategy !== 'SKIP_IF_ANY_VALUE_MISSING');
}
