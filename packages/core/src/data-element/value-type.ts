import type { MessageKey } from '../i18n/zh-CN.js';
import { isValidIsoDate } from '../period/calendar.js';

/** The value types a data element can have (the DHIS2 names, so metadata maps one to one). */
export const ValueType = {
  INTEGER: 'INTEGER',
  INTEGER_POSITIVE: 'INTEGER_POSITIVE',
  INTEGER_NEGATIVE: 'INTEGER_NEGATIVE',
  INTEGER_ZERO_OR_POSITIVE: 'INTEGER_ZERO_OR_POSITIVE',
  NUMBER: 'NUMBER',
  PERCENTAGE: 'PERCENTAGE',
  UNIT_INTERVAL: 'UNIT_INTERVAL',
  BOOLEAN: 'BOOLEAN',
  TRUE_ONLY: 'TRUE_ONLY',
  TEXT: 'TEXT',
  LONG_TEXT: 'LONG_TEXT',
  DATE: 'DATE',
} as const;
export type ValueType = (typeof ValueType)[keyof typeof ValueType];
export const VALUE_TYPES: readonly ValueType[] = Object.values(ValueType);

/** How one data item is aggregated over org units and periods (DHIS2 semantics). */
export const AggregationType = {
  SUM: 'SUM',
  AVERAGE: 'AVERAGE',
  AVERAGE_SUM_ORG_UNIT: 'AVERAGE_SUM_ORG_UNIT',
  LAST: 'LAST',
  MIN: 'MIN',
  MAX: 'MAX',
  COUNT: 'COUNT',
  NONE: 'NONE',
} as const;
export type AggregationType = (typeof AggregationType)[keyof typeof AggregationType];
export const AGGREGATION_TYPES: readonly AggregationType[] = Object.values(AggregationType);

export function isNumericValueType(v: ValueType): boolean {
  return v.startsWith('INTEGER') || v === 'NUMBER' || v === 'PERCENTAGE' || v === 'UNIT_INTERVAL';
}

/** Longest value we store (DHIS2's column length) and longest comment. */
export const MAX_VALUE_LENGTH = 50_000;
export const MAX_TEXT_LENGTH = 50_000;
export const MAX_COMMENT_LENGTH = 5_000;

export type ValueCheck =
  { ok: true; value: string } | { ok: false; reason: MessageKey; params?: Record<string, number> };

const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', 't', '是', '有', '√']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', 'f', '否', '无', '×']);

/** Parses a boolean as clerks type it (true/false, 1/0, 是/否); null when it is not one. */
export function parseBooleanWord(raw: string): boolean | null {
  const s = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(s)) {
    return true;
  }
  if (FALSE_WORDS.has(s)) {
    return false;
  }
  return null;
}

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function canonicalNumber(s: string): number | null {
  // Thousands separators are common in Chinese spreadsheets ("1,234"); accept them only in the
  // unambiguous grouped form so "1,5" (a European decimal) is not silently read as 15.
  const cleaned = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s) ? s.replace(/,/g, '') : s;
  if (!NUMBER_RE.test(cleaned)) {
    return null;
  }
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : null;
}

/**
 * Checks a raw value against a value type and returns its canonical stored form: numbers without
 * padding or grouping (`"007"` → `"7"`, `"1,234"` → `"1234"`), booleans as `true`/`false`, dates as
 * `YYYY-MM-DD`. Never throws.
 */
export function checkValue(type: ValueType, raw: string): ValueCheck {
  const s = raw.trim();
  if (s === '') {
    return { ok: false, reason: 'value.empty' };
  }
  if (isNumericValueType(type)) {
    if (s.length > 64) {
      return {
        ok: false,
        reason:
          type === 'NUMBER' ? 'value.number' : type === 'PERCENTAGE' ? 'value.percentage' : 'value.integer',
      };
    }
    const n = canonicalNumber(s);
    const bad = (reason: MessageKey): ValueCheck => ({ ok: false, reason });
    if (n === null) {
      switch (type) {
        case 'NUMBER':
          return bad('value.number');
        case 'PERCENTAGE':
          return bad('value.percentage');
        case 'UNIT_INTERVAL':
          return bad('value.unitInterval');
        case 'INTEGER_POSITIVE':
          return bad('value.integerPositive');
        case 'INTEGER_NEGATIVE':
          return bad('value.integerNegative');
        case 'INTEGER_ZERO_OR_POSITIVE':
          return bad('value.integerZeroOrPositive');
        default:
          return bad('value.integer');
      }
    }
    if (Math.abs(n) > 1e15) {
      return bad('value.outOfRange');
    }
    switch (type) {
      case 'INTEGER':
        return Number.isInteger(n) ? { ok: true, value: String(n) } : bad('value.integer');
      case 'INTEGER_POSITIVE':
        return Number.isInteger(n) && n > 0 ? { ok: true, value: String(n) } : bad('value.integerPositive');
      case 'INTEGER_NEGATIVE':
        return Number.isInteger(n) && n < 0 ? { ok: true, value: String(n) } : bad('value.integerNegative');
      case 'INTEGER_ZERO_OR_POSITIVE':
        return Number.isInteger(n) && n >= 0
          ? { ok: true, value: String(n === 0 ? 0 : n) }
          : bad('value.integerZeroOrPositive');
      case 'PERCENTAGE':
        return n >= 0 && n <= 100 ? { ok: true, value: String(n) } : bad('value.percentage');
      case 'UNIT_INTERVAL':
        return n >= 0 && n <= 1 ? { ok: true, value: String(n) } : bad('value.unitInterval');
      default:
        return { ok: true, value: String(n) };
    }
  }
  switch (type) {
    case 'BOOLEAN': {
      const b = parseBooleanWord(s);
      return b === null ? { ok: false, reason: 'value.boolean' } : { ok: true, value: String(b) };
    }
    case 'TRUE_ONLY':
      return parseBooleanWord(s) === true
        ? { ok: true, value: 'true' }
        : { ok: false, reason: 'value.trueOnly' };
    case 'DATE': {
      const d =
        s.length === 8 && /^\d{8}$/.test(s)
          ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}`
          : s.replace(/\//g, '-');
      return isValidIsoDate(d) ? { ok: true, value: d } : { ok: false, reason: 'value.date' };
    }
    case 'TEXT':
    case 'LONG_TEXT':
      return raw.length > MAX_TEXT_LENGTH
        ? { ok: false, reason: 'value.tooLong', params: { max: MAX_TEXT_LENGTH } }
        : { ok: true, value: raw };
    default:
      return { ok: true, value: s };
  }
}
