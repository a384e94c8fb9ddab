import { AppError } from '../errors.js';
import { msg, t } from '../i18n/translate.js';
import type { Locale } from '../i18n/translate.js';
import { classifyHeader, fiveYearPeriodOf } from './draft-columns.js';
import type { DraftField, TableColumns } from './draft-columns.js';
import {
  cellText,
  issuedLine,
  natureOf,
  normaliseUnit,
  numberCell,
  serialOf,
  splitNameUnit,
} from './draft-cells.js';
import { linkIndicator } from './draft-link.js';
import type { LibraryIndicator } from './draft-link.js';
import { draftProject } from './draft-projects.js';
import type { DraftIndicator, DraftPlanHeader, DraftProblem, DraftTable, PlanDraft } from './draft-types.js';
import { polarityOfRule } from './describe-rule.js';
import { captionLabel } from './plan-source.js';
import type { PlanSource, SourceRow, SourceTable } from './plan-source.js';
import { parseTargetWording } from './target-rule.js';

export interface DraftOptions {
  code?: string | undefined;
  name?: string | undefined;
  /** The tables to draft from (1-based); by default the indicator tables of the latest target year and every project table. */
  tables?: readonly number[] | undefined;
  baselineYear?: number | undefined;
  targetYear?: number | undefined;
  /** The file's name, for `source` when the document has no title. */
  fileName?: string | undefined;
  /** The language of the notes the draft writes into the plan (`基线原文为“84左右”`). */
  locale?: Locale | undefined;
}

interface Header {
  cols: TableColumns;
  /** Index in `rows` of the (last) header row. */
  index: number;
}

/** The header: the first of the table's first three rows that reads as one, or two rows read together. */
function findHeader(table: SourceTable): Header | null {
  for (let i = 0; i < Math.min(3, table.rows.length); i++) {
    const cells = (table.rows[i]?.cells ?? []).map((c) => c.text);
    const one = classifyHeader(cells);
    if (one) {
      return { cols: one, index: i };
    }
    const next = table.rows[i + 1]?.cells ?? [];
    const two = classifyHeader(
      cells.map((h, k) => {
        const n = next[k]?.text ?? '';
        return n !== '' && n !== h ? `${h}${n}` : h;
      }),
    );
    if (two) {
      return { cols: two, index: i + 1 };
    }
  }
  return null;
}

/** The plan's title: the first paragraph naming a 规划 (short enough to be a title), else the first. */
function titleOf(paragraphs: readonly string[]): string | null {
  // A caption (专栏2 …, 附件1 …) names a table, not the document.
  const lines = paragraphs.map(cellText).filter((p) => p !== '' && captionLabel(p) === null);
  return lines.find((p) => p.includes('规划') && p.length <= 60) ?? lines[0] ?? null;
}

/** A row that only names a section (`一、健康水平` across the table, or only its 领域 cell filled). */
function sectionHeading(row: SourceRow, cols: TableColumns): string | null {
  const filled = row.cells.map((c) => cellText(c.text)).filter((s) => s !== '');
  const distinct = new Set(filled);
  if (distinct.size !== 1) {
    return null;
  }
  const text = filled[0] ?? '';
  const nameAt = cols.columns.name;
  const spansAll = filled.length === row.cells.length && row.cells.length > 1;
  const inName = nameAt !== undefined && cellText(row.cells[nameAt]?.text ?? '') !== '';
  return spansAll || !inName ? text : null;
}

interface ReadTable {
  table: SourceTable;
  header: Header | null;
}

/** Which tables the draft is made from, and why the others are left aside. */
function chooseTables(source: PlanSource, read: readonly ReadTable[], options: DraftOptions): DraftTable[] {
  const chosen = options.tables && options.tables.length > 0 ? new Set(options.tables) : null;
  for (const n of chosen ?? []) {
    if (!source.tables.some((x) => x.index === n)) {
      throw new AppError('HW_PLAN_DOCUMENT', {
        reason: msg('draft.noSuchTable', { table: n, count: source.tables.length }),
      });
    }
  }
  // A plan's document may review the plan before it (专栏1: the 13th plan's results in the 14th):
  // by default the indicators of the latest target year are the document's own.
  const latest = Math.max(
    ...read.map((r) => (r.header?.cols.kind === 'indicators' ? (r.header.cols.targetYear ?? 0) : 0)),
  );
  const tables = read.map(({ table, header }): DraftTable => {
    const kind = header?.cols.kind ?? null;
    const otherPlan =
      kind === 'indicators' && latest > 0 && (header?.cols.targetYear ?? latest) !== latest ? header : null;
    const used = chosen ? chosen.has(table.index) && kind !== null : kind !== null && otherPlan === null;
    const reason = used
      ? null
      : kind === null
        ? msg('draft.tableUnknown', {
            header: (table.rows[0]?.cells ?? []).map((c) => cellText(c.text)).join(' | '),
          })
        : chosen
          ? msg('draft.tableNotChosen')
          : msg('draft.tableOtherPlan', { year: otherPlan?.cols.targetYear ?? 0, table: table.index });
    return {
      index: table.index,
      caption: table.caption,
      kind,
      used,
      reason,
      headerRow: header ? (table.rows[header.index]?.at ?? null) : null,
      columns: header?.cols.headers ?? {},
      baselineYear: header?.cols.baselineYear ?? null,
      targetYear: header?.cols.targetYear ?? null,
      rows: header ? table.rows.length - header.index - 1 : table.rows.length,
    };
  });
  if (!tables.some((x) => x.used)) {
    throw new AppError('HW_PLAN_DOCUMENT', {
      reason:
        source.tables.length === 0
          ? msg('draft.noTables')
          : msg('draft.noPlanTable', {
              tables: tables.map((x) => `${x.index}（${cellText(x.caption ?? '') || '—'}）`),
            }),
    });
  }
  return tables;
}

const withoutLabel = (caption: string): string =>
  cellText(caption.replace(/^(?:专栏|附件|附表|表)\s*\S+?\s+/, ''));

/**
 * The plan as a whole: its period from the headers' years (else the 十X五 its captions or title
 * name), and — when the tables are the document's own plan — its title, issuer and date.
 */
function planHeader(
  source: PlanSource,
  title: string | null,
  used: readonly ReadTable[],
  options: DraftOptions,
): { plan: DraftPlanHeader; problems: DraftProblem[] } {
  const indicatorTables = used.filter((r) => r.header?.cols.kind === 'indicators');
  const firstCols = indicatorTables[0]?.header?.cols ?? null;
  const captions = indicatorTables.map((r) => r.table.caption ?? '');
  const target = options.targetYear ?? firstCols?.targetYear ?? null;
  const period =
    [...captions, title ?? '']
      .map(fiveYearPeriodOf)
      .find((p) => p !== null && (target === null || p.targetYear === target)) ?? null;
  const targetYear = target ?? period?.targetYear ?? null;
  const baselineYear = options.baselineYear ?? firstCols?.baselineYear ?? period?.baselineYear ?? null;
  // The document's own plan (its title names the same period), or a table of another one it reviews.
  const titlePeriod = fiveYearPeriodOf(title ?? '');
  const own = titlePeriod === null || titlePeriod.targetYear === targetYear;
  const issued = own ? (source.paragraphs.map(issuedLine).findLast((x) => x !== null) ?? null) : null;
  const code =
    options.code ?? (baselineYear && targetYear ? `plan-${baselineYear + 1}-${targetYear}` : 'plan-draft');
  const name =
    options.name ??
    (own ? title : null) ??
    (withoutLabel(captions[0] ?? '') || title || options.fileName || code);
  const whereOf = (table: SourceTable): string =>
    captionLabel(table.caption) ?? cellText(table.caption ?? '');
  const problems: DraftProblem[] = [];
  if (!options.name && (!own || !title)) {
    problems.push(row(null, null, 'planName', msg('draft.nameGuessed', { name })));
  }
  if (!options.code) {
    problems.push(row(null, null, 'code', msg('draft.codeGuessed', { code })));
  }
  if (baselineYear === null || targetYear === null) {
    problems.push({ ...row(null, null, 'years', msg('draft.yearsMissing')), severity: 'error' });
  }
  const plan: DraftPlanHeader = {
    code,
    name,
    issuer: issued?.issuer ?? null,
    issued: issued?.issued ?? null,
    baselineYear,
    targetYear,
    // A table reporting the target year's 实际值 is a completed plan's.
    status: indicatorTables.some((r) => r.header?.cols.columns.actual !== undefined) ? 'completed' : 'active',
    source: `${documentOf(title, options)}${[...new Set(used.map((r) => whereOf(r.table)))].join('、')}`,
  };
  return { plan, problems };
}

const documentOf = (title: string | null, options: DraftOptions): string =>
  title ? `《${title}》` : options.fileName ? `${options.fileName} ` : '';

/** Reads the tables of a plan document into a draft plan (see docs/plans.md, “Plans from their own documents”). */
export function draftPlan(
  source: PlanSource,
  library: readonly LibraryIndicator[],
  options: DraftOptions = {},
): PlanDraft {
  const title = titleOf(source.paragraphs);
  const read = source.tables.map((table) => ({ table, header: findHeader(table) }));
  const tables = chooseTables(source, read, options);
  const used = read.filter((_, i) => tables[i]?.used === true);
  const { plan, problems } = planHeader(source, title, used, options);
  for (const x of tables) {
    if (!x.used && x.reason) {
      problems.push(row(x.index, x.headerRow, 'table', x.reason));
    }
  }
  const rows = readRows(used, library, {
    locale: options.locale ?? 'zh-CN',
    baselineYear: plan.baselineYear,
    targetYear: plan.targetYear,
    sourceOf: (table) =>
      `${documentOf(title, options)}${captionLabel(table.caption) ?? cellText(table.caption ?? '')}`,
  });
  return { format: source.format, plan, ...rows, tables, problems };
}

/** The rows of the tables used: indicators with their sections, and projects. */
function readRows(
  used: readonly ReadTable[],
  library: readonly LibraryIndicator[],
  c: {
    locale: Locale;
    baselineYear: number | null;
    targetYear: number | null;
    sourceOf: (table: SourceTable) => string;
  },
): Pick<PlanDraft, 'sections' | 'indicators' | 'projects'> {
  const sections: { code: string; name: string }[] = [];
  const sectionCode = (name: string): string => {
    const hit = sections.find((s) => s.name === name);
    if (hit) {
      return hit.code;
    }
    const code = `s${sections.length + 1}`;
    sections.push({ code, name });
    return code;
  };
  const indicators: DraftIndicator[] = [];
  const projects: PlanDraft['projects'] = [];
  const codes = new Set<string>();
  for (const { table, header } of used) {
    if (!header) {
      continue;
    }
    const cols = header.cols;
    const fallbackSection = withoutLabel(table.caption ?? '') || cols.headers.name || '—';
    let section: string | null = null;
    const headerTexts = (table.rows[header.index]?.cells ?? []).map((x) => cellText(x.text)).join('\t');
    const width = table.rows[header.index]?.cells.length ?? 0;
    for (const r of table.rows.slice(header.index + 1)) {
      const texts = r.cells.map((x) => cellText(x.text));
      if (texts.every((s) => s === '') || texts.join('\t') === headerTexts) {
        continue; // an empty row, or the header repeated (a table continued on the next page)
      }
      const reading: DraftProblem[] =
        r.cells.length < width
          ? [
              row(
                table.index,
                r.at,
                'table',
                msg('draft.cellCount', { count: r.cells.length, expected: width }),
              ),
            ]
          : [];
      if (cols.kind === 'projects') {
        projects.push(draftProject(table.index, r, cols, reading));
        continue;
      }
      const heading = sectionHeading(r, cols);
      if (heading !== null) {
        section = heading;
        continue;
      }
      const at = (f: DraftField): string => {
        const i = cols.columns[f];
        return i === undefined ? '' : (r.cells[i]?.text ?? '');
      };
      const sectionAt = cols.columns.section;
      const sectionText = cellText(at('section'));
      // An empty 领域 (or one a vertical merge covers) is the one above.
      if (sectionAt !== undefined && sectionText !== '' && r.cells[sectionAt]?.merged !== 'above') {
        section = sectionText;
      }
      indicators.push(
        draftIndicator(table, r, cols, at, {
          section: sectionCode(section ?? fallbackSection),
          library,
          codes,
          seq: indicators.length + 1,
          targetYear: c.targetYear,
          baselineYear: c.baselineYear,
          source: c.sourceOf(table),
          locale: c.locale,
          reading,
        }),
      );
    }
  }
  return { sections, indicators, projects };
}

function row(
  table: number | null,
  at: number | null,
  field: DraftField,
  message: DraftProblem['message'],
): DraftProblem {
  return { table, row: at, field, severity: 'warning', message };
}

function draftIndicator(
  table: SourceTable,
  r: SourceRow,
  cols: TableColumns,
  at: (f: DraftField) => string,
  c: {
    section: string;
    library: readonly LibraryIndicator[];
    codes: Set<string>;
    seq: number;
    targetYear: number | null;
    baselineYear: number | null;
    source: string;
    locale: Locale;
    reading: DraftProblem[];
  },
): DraftIndicator {
  const named = splitNameUnit(at('name'));
  const unitCell = cellText(at('unit'));
  let unit = unitCell !== '' ? normaliseUnit(unitCell) : named.unit;
  let unitFrom: DraftIndicator['unitFrom'] = unit === null ? null : 'document';
  const baselineText = cellText(at('baseline'));
  const b = numberCell(baselineText);
  const baseline = b.kind === 'number' || b.kind === 'approximate' ? b.value : null;
  const target = cellText(at('target'));
  const rule = parseTargetWording(target);
  const natureText = cols.columns.nature === undefined ? null : cellText(at('nature'));
  const nature = natureOf(natureText ?? '');
  const linked = linkIndicator(named.name, unit, c.library);
  const link = linked.kind === 'linked' ? linked.link : null;
  if (unit === null && link?.unit) {
    unit = link.unit;
    unitFrom = 'library';
  }
  const fromRule = polarityOfRule(rule);
  const libPolarity = linked.kind === 'linked' ? linked.polarity : null;
  let code = link && !c.codes.has(link.code) ? link.code : `I${String(c.seq).padStart(2, '0')}`;
  while (c.codes.has(code)) {
    code = `${code}_${c.seq}`;
  }
  c.codes.add(code);
  const a = cols.columns.actual === undefined ? null : cellText(at('actual'));
  const ac = a === null ? null : numberCell(a);
  const noteCell = cellText(at('note'));
  const note = [
    b.kind === 'approximate' ? t(c.locale, 'draft.baselineNote', { text: baselineText }) : '',
    noteCell,
  ]
    .filter((s) => s !== '')
    .join('；');
  return {
    table: table.index,
    row: r.at,
    no: serialOf(at('no')),
    code,
    section: c.section,
    name: named.name,
    unit,
    unitFrom,
    baseline,
    baselineText,
    baselineYear: cols.columns.baseline === undefined ? null : (cols.baselineYear ?? c.baselineYear),
    target,
    rule,
    nature: nature ?? 'expected',
    natureText,
    natureFrom: nature ? 'document' : 'default',
    polarity: libPolarity ?? fromRule ?? 'higher',
    polarityFrom: libPolarity ? 'library' : fromRule ? 'wording' : 'guess',
    indicator: link?.code ?? null,
    link,
    unitDiffers:
      linked.kind === 'unitDiffers'
        ? { code: linked.candidate.code, name: linked.candidate.name, unit: linked.candidate.unit }
        : null,
    relativeTo: null,
    note: note === '' ? null : note,
    actual:
      ac === null || ac.kind === 'empty' || c.targetYear === null
        ? null
        : {
            year: c.targetYear,
            value: ac.kind === 'number' ? ac.value : null,
            text: ac.kind === 'number' ? null : (a ?? ''),
          },
    source: c.source,
    reading: c.reading,
  };
}
