import { AGGREGATION_TYPES, PERIOD_TYPES, VALUE_TYPES } from '@healthwatch/core';
import type { AggregationType, PeriodType, ValueType } from '@healthwatch/core';

/** Chinese words for value types, as district spreadsheets write them. */
const VALUE_TYPE_WORDS: Record<string, ValueType> = {
  整数: 'INTEGER',
  正整数: 'INTEGER_POSITIVE',
  负整数: 'INTEGER_NEGATIVE',
  非负整数: 'INTEGER_ZERO_OR_POSITIVE',
  零或正整数: 'INTEGER_ZERO_OR_POSITIVE',
  数值: 'NUMBER',
  数字: 'NUMBER',
  小数: 'NUMBER',
  百分比: 'PERCENTAGE',
  百分数: 'PERCENTAGE',
  是否: 'BOOLEAN',
  布尔: 'BOOLEAN',
  文本: 'TEXT',
  长文本: 'LONG_TEXT',
  日期: 'DATE',
};

const AGGREGATION_WORDS: Record<string, AggregationType> = {
  求和: 'SUM',
  合计: 'SUM',
  汇总: 'SUM',
  平均: 'AVERAGE',
  平均值: 'AVERAGE',
  最后值: 'LAST',
  期末值: 'LAST',
  最大值: 'MAX',
  最小值: 'MIN',
  计数: 'COUNT',
  不汇总: 'NONE',
};

const PERIOD_TYPE_WORDS: Record<string, PeriodType> = {
  日: 'Daily',
  日报: 'Daily',
  周: 'Weekly',
  周报: 'Weekly',
  月: 'Monthly',
  月报: 'Monthly',
  季: 'Quarterly',
  季度: 'Quarterly',
  季报: 'Quarterly',
  半年: 'SixMonthly',
  半年报: 'SixMonthly',
  年: 'Yearly',
  年报: 'Yearly',
  妇幼年度: 'FinancialOct',
  妇幼统计年度: 'FinancialOct',
};

export function valueTypeOf(s: string): ValueType | undefined {
  const up = s.trim().toUpperCase();
  return (VALUE_TYPES as readonly string[]).includes(up) ? (up as ValueType) : VALUE_TYPE_WORDS[s.trim()];
}

export function aggregationTypeOf(s: string): AggregationType | undefined {
  const up = s.trim().toUpperCase();
  return (AGGREGATION_TYPES as readonly string[]).includes(up)
    ? (up as AggregationType)
    : AGGREGATION_WORDS[s.trim()];
}

export function periodTypeOf(s: string): PeriodType | undefined {
  const v = s.trim();
  const hit = PERIOD_TYPES.find((p) => p.toLowerCase() === v.toLowerCase());
  return hit ?? PERIOD_TYPE_WORDS[v];
}
