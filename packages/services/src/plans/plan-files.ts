import { readFile, writeFile } from 'node:fs/promises';
import { AppError, msg, parseBooleanWord, PROJECT_STATUS_LABELS } from '@healthwatch/core';
import { openXlsx } from '../files/xlsx-reader.js';
import { loadExcelJS, loadYaml } from '../lazy-libraries.js';
import type { XlsxBook } from '../files/xlsx-reader.js';
import type { PlanDocument } from './plan-service.js';

/**
 * Plans in the three file forms a planning office uses: JSON, YAML (hand-edited), and an XLSX
 * workbook with one sheet per part (规划, 篇章, 指标, 项目, 数值) — the template they fill in Excel.
 */
export type PlanFileFormat = 'json' | 'yaml' | 'xlsx';

export function planFormatOf(path: string): PlanFileFormat {
  const p = path.toLowerCase();
  return p.endsWith('.xlsx') ? 'xlsx' : p.endsWith('.yaml') || p.endsWith('.yml') ? 'yaml' : 'json';
}

const NATURE_WORDS: Record<string, 'binding' | 'expected'> = {
  约束性: 'binding',
  预期性: 'expected',
  binding: 'binding',
  expected: 'expected',
};
const POLARITY_WORDS: Record<string, 'higher' | 'lower' | 'neutral'> = {
  越高越好: 'higher',
  越低越好: 'lower',
  中性: 'neutral',
  higher: 'higher',
  lower: 'lower',
  neutral: 'neutral',
};
const NATURE_LABEL = { binding: '约束性', expected: '预期性' } as const;
const POLARITY_LABEL = { higher: '越高越好', lower: '越低越好', neutral: '中性' } as const;

const SHEETS = {
  plan: '规划',
  sections: '篇章',
  indicators: '指标',
  projects: '项目',
  values: '数值',
} as const;
const INDICATOR_COLUMNS = [
  '编码',
  '篇章',
  '名称',
  '单位',
  '方向',
  '性质',
  '目标',
  '基线值',
  '基线年',
  '关联指标',
  '参照指标',
  '容差',
  '备注',
  '超出视为达标',
] as const;
const PROJECT_COLUMNS = [
  '序号',
  '项目名称',
  '主要建设内容及规模',
  '建筑面积',
  '床位',
  '设备',
  '投资',
  '状态',
  '进度',
  '进展说明',
  '开工日期',
  '完工日期',
] as const;
const VALUE_COLUMNS = ['指标', '年份', '数值', '文字', '是否达标', '分子', '来源', '状态', '备注'] as const;

/** The rows of a sheet under row 1's headers (empty rows skipped; a missing sheet is no rows). */
async function rowsOf(book: XlsxBook, sheet: string): Promise<Record<string, string>[]> {
  let header: string[] | null = null;
  const out: Record<string, string>[] = [];
  for await (const r of book.rows(sheet)) {
    if (header === null) {
      header = r.row === 1 ? r.cells.map((h) => h.trim()) : [];
      if (r.row === 1) {
        continue;
      }
    }
    const h = header;
    out.push(Object.fromEntries(h.map((name, i) => [name, (r.cells[i] ?? '').trim()])));
  }
  return out;
}

const num = (s: string | undefined): number | null =>
  s === undefined || s === '' || !Number.isFinite(Number(s)) ? null : Number(s);

/** Reads a plan file of any of the three forms into the (unvalidated) plan document. */
export async function readPlanFile(path: string): Promise<unknown> {
  const format = planFormatOf(path);
  if (format === 'json' || format === 'yaml') {
    const text = await readFile(path, 'utf8');
    try {
      return format === 'json' ? (JSON.parse(text) as unknown) : ((await loadYaml()).parse(text) as unknown);
    } catch (e) {
      throw new AppError(
        'HW_IMPORT_FORMAT',
        {
          row: 1,
          reason: msg('reason.unparsable', { format: format.toUpperCase(), detail: (e as Error).message }),
        },
        { cause: e },
      );
    }
  }
  // The bounded reader (limits on expanded size, rows, columns, cells): a plan file is a user's upload too.
  const book = await openXlsx(path);
  let sheets: Record<keyof typeof SHEETS, Record<string, string>[]>;
  try {
    sheets = {
      plan: await rowsOf(book, SHEETS.plan),
      sections: await rowsOf(book, SHEETS.sections),
      indicators: await rowsOf(book, SHEETS.indicators),
      projects: await rowsOf(book, SHEETS.projects),
      values: await rowsOf(book, SHEETS.values),
    };
  } finally {
    book.close();
  }
  const kv = Object.fromEntries(sheets.plan.map((r) => [r['项目'] ?? '', r['内容'] ?? '']));
  return {
    code: kv['编码'],
    name: kv['名称'],
    issuer: kv['发布机关'] || null,
    issued: kv['发布日期'] || null,
    baselineYear: num(kv['基线年']),
    targetYear: num(kv['目标年']),
    status: kv['状态'] === '已完成' || kv['状态'] === 'completed' ? 'completed' : 'active',
    source: kv['来源'] || null,
    sections: sheets.sections.map((r) => ({ code: r['编码'], name: r['名称'] })),
    indicators: sheets.indicators.map((r) => ({
      code: r['编码'],
      section: r['篇章'],
      name: r['名称'],
      unit: r['单位'] || null,
      polarity: POLARITY_WORDS[r['方向'] ?? ''] ?? r['方向'],
      nature: NATURE_WORDS[r['性质'] ?? ''] ?? r['性质'],
      target: r['目标'] ?? '',
      baseline: num(r['基线值']),
      baselineYear: num(r['基线年']),
      indicator: r['关联指标'] || null,
      relativeTo: r['参照指标'] || null,
      tolerance: num(r['容差']),
      note: r['备注'] || null,
      overshootMet: r['超出视为达标'] ? parseBooleanWord(r['超出视为达标']) : null,
    })),
    projects: sheets.projects.map((r) => ({
      no: num(r['序号']),
      name: r['项目名称'],
      content: r['主要建设内容及规模'] || null,
      floorArea: num(r['建筑面积']),
      beds: num(r['床位']),
      equipment: r['设备'] || null,
      investment: num(r['投资']),
      status: r['状态'] || null,
      progress: num(r['进度']),
      progressNote: r['进展说明'] || null,
      startDate: r['开工日期'] || null,
      endDate: r['完工日期'] || null,
    })),
    values: sheets.values.map((r) => ({
      indicator: r['指标'],
      year: num(r['年份']),
      value: num(r['数值']),
      text: r['文字'] || null,
      statedMet: r['是否达标'] ? parseBooleanWord(r['是否达标']) : null,
      numerator: num(r['分子']),
      source: r['来源'],
      status: r['状态'] || 'final',
      note: r['备注'] || null,
    })),
  };
}

/** Writes a plan document as JSON, YAML or the XLSX template (which reads back identically). */
export async function writePlanFile(
  doc: PlanDocument,
  path: string,
  format: PlanFileFormat = planFormatOf(path),
): Promise<void> {
  if (format === 'json') {
    await writeFile(path, `${JSON.stringify(doc, null, 2)}\n`);
    return;
  }
  if (format === 'yaml') {
    await writeFile(path, (await loadYaml()).stringify(doc));
    return;
  }
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  const plan = wb.addWorksheet(SHEETS.plan);
  plan.addRow(['项目', '内容']);
  for (const [k, v] of [
    ['编码', doc.code],
    ['名称', doc.name],
    ['发布机关', doc.issuer ?? ''],
    ['发布日期', doc.issued ?? ''],
    ['基线年', doc.baselineYear],
    ['目标年', doc.targetYear],
    ['状态', doc.status === 'completed' ? '已完成' : '实施中'],
    ['来源', doc.source ?? ''],
  ] as const) {
    plan.addRow([k, v]);
  }
  const sections = wb.addWorksheet(SHEETS.sections);
  sections.addRow(['编码', '名称']);
  doc.sections.forEach((s) => sections.addRow([s.code, s.name]));
  const inds = wb.addWorksheet(SHEETS.indicators);
  inds.addRow([...INDICATOR_COLUMNS]);
  for (const i of doc.indicators) {
    inds.addRow([
      i.code,
      i.section,
      i.name,
      i.unit ?? '',
      POLARITY_LABEL[i.polarity],
      NATURE_LABEL[i.nature],
      i.target,
      i.baseline ?? '',
      i.baselineYear ?? '',
      i.indicator ?? '',
      i.relativeTo ?? '',
      i.tolerance ?? '',
      i.note ?? '',
      i.overshootMet === null || i.overshootMet === undefined ? '' : i.overshootMet ? '是' : '否',
    ]);
  }
  const projects = wb.addWorksheet(SHEETS.projects);
  projects.addRow([...PROJECT_COLUMNS]);
  for (const p of doc.projects) {
    projects.addRow([
      p.no,
      p.name,
      p.content ?? '',
      p.floorArea ?? '',
      p.beds ?? '',
      p.equipment ?? '',
      p.investment ?? '',
      p.status ? PROJECT_STATUS_LABELS[p.status].zh : '',
      p.progress ?? '',
      p.progressNote ?? '',
      p.startDate ?? '',
      p.endDate ?? '',
    ]);
  }
  const values = wb.addWorksheet(SHEETS.values);
  values.addRow([...VALUE_COLUMNS]);
  for (const v of doc.values) {
    values.addRow([
      v.indicator,
      v.year,
      v.value ?? '',
      v.text ?? '',
      v.statedMet === null || v.statedMet === undefined ? '' : v.statedMet ? '是' : '否',
      v.numerator ?? '',
      v.source,
      v.status,
      v.note ?? '',
    ]);
  }
  for (const ws of [plan, sections, inds, projects, values]) {
    ws.getRow(1).font = { bold: true };
    ws.columns.forEach((c) => {
      c.width = 18;
    });
  }
  await wb.xlsx.writeFile(path);
}
