/**
 * What the columns of a plan table mean, read from its header. Plans word their headers many
 * ways (`指 标`, `主要指标`, `2020年实际值`, `2025年⏎目标值`, `指标⏎性质`, `主要建设内容及规模`,
 * `总投资（亿元）`); the header text is compared without spaces and line breaks.
 */
export const DraftField = {
  SECTION: 'section',
  NO: 'no',
  NAME: 'name',
  UNIT: 'unit',
  BASELINE: 'baseline',
  TARGET: 'target',
  ACTUAL: 'actual',
  NATURE: 'nature',
  NOTE: 'note',
  PROJECT: 'project',
  CONTENT: 'content',
  INVESTMENT: 'investment',
  PERIOD: 'period',
  RESPONSIBLE: 'responsible',
  FLOOR_AREA: 'floorArea',
  BEDS: 'beds',
  POLARITY: 'polarity',
  LINK: 'link',
  RELATIVE_TO: 'relativeTo',
  CODE: 'code',
  PLAN_NAME: 'planName',
  YEARS: 'years',
  TABLE: 'table',
} as const;
export type DraftField = (typeof DraftField)[keyof typeof DraftField];

export type TableKind = 'indicators' | 'projects';

export interface TableColumns {
  kind: TableKind;
  /** Column index of each field found. */
  columns: Partial<Record<DraftField, number>>;
  /** The header text of each used column, as written (for the review listing). */
  headers: Partial<Record<DraftField, string>>;
  /** Years the header names: the baseline (基期值/现状值/实际值 of an earlier year), the target, the actuals of the target year. */
  baselineYear: number | null;
  targetYear: number | null;
  /** 投资 in 万元 per unit of the column (亿元 → 10000, 元 → 0.0001). */
  investmentScale: number;
}

const squeeze = (s: string): string => s.replace(/[\s\u3000]/g, '');
const yearIn = (h: string): number | null => {
  const m = /(19|20)\d{2}/.exec(h);
  return m ? Number(m[0]) : null;
};

/** Indicator columns, in the order they are tried: 指标属性 before 指标, 目标 before 实际. */
function indicatorField(h: string): DraftField | 'year' | null {
  if (/属性|性质/.test(h)) {
    return 'nature';
  }
  if (/^(?:领域|类别|分类|维度|篇章|类型|方面|板块)$/.test(h) || /^(?:指标)?(?:领域|类别)$/.test(h)) {
    return 'section';
  }
  if (/^(?:序号|编号|No\.?)$/i.test(h)) {
    return 'no';
  }
  if (/单位/.test(h)) {
    return 'unit';
  }
  if (/目标/.test(h)) {
    return 'target';
  }
  if (/基期|基线|现状|基准/.test(h)) {
    return 'baseline';
  }
  if (/实际|完成|实现|预计/.test(h)) {
    return 'actual';
  }
  if (/指标|名称/.test(h)) {
    return 'name';
  }
  if (/备注|说明/.test(h)) {
    return 'note';
  }
  if (/^(?:19|20)\d{2}年?(?:值)?$/.test(h)) {
    return 'year';
  }
  return null;
}

function projectField(h: string): DraftField | null {
  if (/^(?:序号|编号|No\.?)$/i.test(h)) {
    return 'no';
  }
  if (/投资/.test(h)) {
    return 'investment';
  }
  if (/年限|期限|起止|周期|工期|建设年度|实施年度|时间/.test(h)) {
    return 'period';
  }
  if (/责任|实施单位|牵头|承担|业主|主体/.test(h)) {
    return 'responsible';
  }
  if (/面积/.test(h)) {
    return 'floorArea';
  }
  if (/床位/.test(h)) {
    return 'beds';
  }
  if (/内容|规模/.test(h)) {
    return 'content';
  }
  if (/项目|工程|名称/.test(h)) {
    return 'project';
  }
  if (/备注|说明/.test(h)) {
    return 'note';
  }
  return null;
}

/**
 * Reads a header row: an indicator table has an indicator name and a target column; a project
 * table a project name (and no target). Anything else is null (a table the draft leaves aside).
 */
export function classifyHeader(cells: readonly string[]): TableColumns | null {
  const heads = cells.map(squeeze);
  const isProjects = heads.some((h) => /项目|工程/.test(h)) && !heads.some((h) => /目标/.test(h));
  const columns: Partial<Record<DraftField, number>> = {};
  const headers: Partial<Record<DraftField, string>> = {};
  const put = (f: DraftField, i: number): void => {
    if (columns[f] === undefined) {
      columns[f] = i;
      headers[f] = heads[i] ?? '';
    }
  };
  if (isProjects) {
    heads.forEach((h, i) => {
      const f = h === '' ? null : projectField(h);
      if (f) {
        put(f, i);
      }
    });
    if (columns.project === undefined) {
      return null;
    }
    const inv = headers.investment ?? '';
    const scale = /亿元/.test(inv) ? 10000 : /万元/.test(inv) || inv === '' ? 1 : /元/.test(inv) ? 0.0001 : 1;
    return {
      kind: 'projects',
      columns,
      headers,
      baselineYear: null,
      targetYear: null,
      investmentScale: scale,
    };
  }
  const years: { i: number; year: number }[] = [];
  const actuals: { i: number; year: number | null }[] = [];
  heads.forEach((h, i) => {
    const f = h === '' ? null : indicatorField(h);
    if (f === 'year') {
      years.push({ i, year: yearIn(h) ?? 0 });
    } else if (f === 'actual') {
      actuals.push({ i, year: yearIn(h) });
    } else if (f) {
      put(f, i);
    }
  });
  // Bare year columns (`2020年`, `2025年`): the latest is the target, an earlier one the baseline.
  years.sort((a, b) => a.year - b.year);
  const lastYear = years.at(-1);
  if (columns.target === undefined && lastYear) {
    put('target', lastYear.i);
    years.pop();
  }
  if (columns.baseline === undefined && years[0]) {
    put('baseline', years[0].i);
  }
  const targetYear = columns.target === undefined ? null : yearIn(heads[columns.target] ?? '');
  // 实际值 of the target year reports the result (a completed plan's table); of an earlier year it is the baseline.
  for (const a of actuals) {
    if (a.year !== null && targetYear !== null && a.year >= targetYear) {
      put('actual', a.i);
    } else {
      put('baseline', a.i);
    }
  }
  if (columns.name === undefined || columns.target === undefined) {
    return null;
  }
  const baselineYear = columns.baseline === undefined ? null : yearIn(heads[columns.baseline] ?? '');
  return { kind: 'indicators', columns, headers, baselineYear, targetYear, investmentScale: 1 };
}

/** The plan period a title or caption names: `“十四五”` → 2020–2025 (the n-th five-year plan ends in 1955 + 5n). */
export function fiveYearPeriodOf(text: string): { baselineYear: number; targetYear: number } | null {
  const m = /十([一二三四五六七八九])五/.exec(text);
  if (!m) {
    return null;
  }
  const n = 10 + '一二三四五六七八九'.indexOf(m[1] ?? '') + 1;
  const targetYear = 1955 + 5 * n;
  return { baselineYear: targetYear - 5, targetYear };
}
