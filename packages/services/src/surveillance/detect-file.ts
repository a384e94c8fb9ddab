import { AppError, backtest, msg } from '@healthwatch/core';
import type { BacktestMetrics, ErrorDetail } from '@healthwatch/core';
import { csvRows } from '../files/table-rows.js';
import { detect } from './detect-method.js';
import type { DetectionMethod, DetectionOptions } from './detect-method.js';

export { DETECTION_METHODS, detect, isDetectionMethod } from './detect-method.js';
export type { DetectionMethod, DetectionOptions } from './detect-method.js';

export interface DetectionRow {
  unit: string;
  date: string;
  observed: number;
  expected: number | null;
  upperbound: number | null;
  score: number | null;
  alarm: boolean;
}

type Column = 'date' | 'count' | 'unit' | 'outbreak';
const HEADERS: Record<string, Column> = {
  date: 'date',
  日期: 'date',
  week: 'date',
  周: 'date',
  count: 'count',
  病例数: 'count',
  发病数: 'count',
  数: 'count',
  unit: 'unit',
  地区: 'unit',
  镇街: 'unit',
  机构: 'unit',
  outbreak: 'outbreak',
  暴发: 'outbreak',
};

type SeriesPoint = { date: string; count: number; outbreak: boolean; row: number };

/**
 * Reads a CSV of `date,count[,unit][,outbreak]` into one evenly spaced series per unit. Every bad
 * row is reported with its line and field, and then nothing is returned.
 */
async function readSeriesFile(path: string, needOutbreak: boolean): Promise<Map<string, SeriesPoint[]>> {
  const series = new Map<string, SeriesPoint[]>();
  const problems: ErrorDetail[] = [];
  let columns: (Column | undefined)[] | null = null;
  for await (const { row, cells } of csvRows(path)) {
    if (!columns) {
      columns = cells.map((c) => HEADERS[c.trim().toLowerCase()] ?? HEADERS[c.trim()]);
      for (const needed of needOutbreak
        ? (['date', 'count', 'outbreak'] as const)
        : (['date', 'count'] as const)) {
        if (!columns.includes(needed)) {
          throw new AppError('HW_IMPORT_FORMAT', {
            row,
            reason: msg('reason.missingColumns', { columns: `${needed} (date,count[,unit])` }),
          });
        }
      }
      continue;
    }
    const get = (k: Column): string => (cells[columns?.indexOf(k) ?? -1] ?? '').trim();
    const date = get('date');
    const count = Number(get('count'));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
      problems.push({ path: `第 ${row} 行 / date`, message: `日期“${date}”应为 YYYY-MM-DD` });
    }
    if (!Number.isInteger(count) || count < 0 || get('count') === '') {
      problems.push({ path: `第 ${row} 行 / count`, message: `病例数“${get('count')}”应为非负整数` });
    }
    const label = get('outbreak');
    if (needOutbreak && !['0', '1', '是', '否', 'true', 'false'].includes(label)) {
      problems.push({ path: `第 ${row} 行 / outbreak`, message: `暴发标记“${label}”应为 0 或 1` });
    }
    const unit = get('unit') || '(all)';
    const list = series.get(unit) ?? [];
    list.push({ date, count, outbreak: ['1', '是', 'true'].includes(label), row });
    series.set(unit, list);
  }
  if (!columns) {
    throw new AppError('HW_IMPORT_EMPTY');
  }
  for (const [unit, list] of series) {
    list.sort((a, b) => a.date.localeCompare(b.date));
    const step = list.length > 1 ? Date.parse(list[1]?.date ?? '') - Date.parse(list[0]?.date ?? '') : 0;
    for (let i = 1; i < list.length; i++) {
      const gap = Date.parse(list[i]?.date ?? '') - Date.parse(list[i - 1]?.date ?? '');
      if (gap !== step || gap === 0) {
        problems.push({
          path: `第 ${list[i]?.row ?? 0} 行 / date`,
          message: `${unit}：日期 ${list[i]?.date ?? ''} 与上一行间隔不一致（序列须等间隔、无重复、无缺期）`,
        });
        break;
      }
    }
  }
  if (problems.length > 0) {
    throw new AppError(
      'HW_VALIDATION',
      { reason: msg('reason.inputProblems', { count: problems.length }) },
      { details: problems.slice(0, 100) },
    );
  }
  return series;
}

/** Runs a method on every series of a `date,count[,unit]` file. */
export async function detectFile(
  path: string,
  method: DetectionMethod,
  o: DetectionOptions = {},
): Promise<DetectionRow[]> {
  const series = await readSeriesFile(path, false);
  const out: DetectionRow[] = [];
  for (const [unit, list] of series) {
    const y = list.map((x) => x.count);
    for (const d of detect(y, method, o)) {
      out.push({
        unit,
        date: list[d.t - 1]?.date ?? '',
        observed: d.observed,
        expected: d.expected,
        upperbound: d.upperbound,
        score: d.score,
        alarm: d.alarm,
      });
    }
  }
  return out;
}

/** Scores methods against the outbreaks labelled in a `date,count,outbreak[,unit]` file. */
export async function backtestFile(
  path: string,
  methods: readonly DetectionMethod[],
  o: DetectionOptions = {},
): Promise<(BacktestMetrics & { method: DetectionMethod })[]> {
  const series = await readSeriesFile(path, true);
  const data = [...series.entries()].map(([name, list]) => ({
    name,
    counts: list.map((x) => x.count),
    outbreak: list.map((x) => x.outbreak),
  }));
  return methods.map((method) => ({ method, ...backtest(data, (y) => detect(y, method, o)) }));
}
