import { AppError, parsePeriod, msg, t } from '@healthwatch/core';
import { cachedMetadataIndex } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import type { ServiceContext } from '../service-context.js';
import { importRawValues } from '../data-import/import-data.js';
import type { ImportSummary } from '../data-import/import-summary.js';
import type { RawValue } from '../data-import/raw-values.js';
import { csvRows, xlsxRows } from '../files/table-rows.js';
import { loadSurveillanceConfig } from './surveillance-service.js';

/** Header names a case line list may use (报告卡导出 in Chinese, or English). */
const COLUMNS = {
  disease: ['病种', '疾病名称', '疾病', 'disease'],
  onset: ['发病日期', 'onset', 'onsetdate', 'date'],
  place: ['现住址镇街', '镇街', '现住址', '乡镇', '地区', 'place', 'orgunit', 'town'],
  caseId: ['卡片编号', '病例编号', '报告卡编号', 'caseid', 'id'],
} as const;

function isDay(id: string): boolean {
  try {
    return id !== '' && parsePeriod(id).type === 'Daily';
  } catch {
    return false;
  }
}

const norm = (s: string): string => s.trim().toLowerCase().replace(/[\s_]/g, '');

export const CASE_SOURCE = '传染病报告卡（个案汇总）';

/**
 * The context a line list is written in: a CDC reports the cases of its jurisdiction, which is its
 * view scope (it captures no data of its own), and the counts of past days are replaced as late
 * report cards arrive, so expiry days do not close them (approvals still do).
 */
function asCaseReporter(ctx: ServiceContext): ServiceContext {
  return ctx.scope === 'everything'
    ? ctx
    : {
        ...ctx,
        scope: { capturePaths: ctx.scope.viewPaths, viewPaths: ctx.scope.viewPaths, editExpired: true },
      };
}

/**
 * Imports a case line list (one row per reported case: disease, onset date, township; optionally a
 * card number) as daily counts per disease, township and onset day — the counts of the days in the
 * list are set to the number of cases listed. Diseases are matched by the surveillance config's
 * code or name; places by org-unit code or name. Every problem names its row and column and nothing
 * is written (like any import); the same card number twice is counted once and reported.
 */
export async function importCaseLineList(
  store: Store,
  ctx: ServiceContext,
  path: string,
  o: { dryRun?: boolean } = {},
): Promise<ImportSummary & { cases: number }> {
  const config = await loadSurveillanceConfig(store);
  const index = await cachedMetadataIndex(store);
  const diseases = new Map<string, string>();
  for (const d of config.diseases) {
    diseases.set(norm(d.code), d.dataElement);
    diseases.set(norm(d.name), d.dataElement);
  }
  const rows = path.toLowerCase().endsWith('.xlsx') ? xlsxRows(path) : csvRows(path);
  let header: Record<keyof typeof COLUMNS, number> | null = null;
  const problems: RawValue[] = [];
  const counts = new Map<string, { de: string; ou: string; day: string; n: number; row: number }>();
  const seen = new Set<string>();
  let cases = 0;
  for await (const r of rows) {
    if (!header) {
      const cells = r.cells.map(norm);
      const find = (k: keyof typeof COLUMNS): number =>
        cells.findIndex((c) => (COLUMNS[k] as readonly string[]).map(norm).includes(c));
      header = {
        disease: find('disease'),
        onset: find('onset'),
        place: find('place'),
        caseId: find('caseId'),
      };
      const missing = (['disease', 'onset', 'place'] as const).filter((k) => header?.[k] === -1);
      if (missing.length > 0) {
        throw new AppError('HW_IMPORT_FORMAT', {
          row: r.row,
          reason: msg('reason.missingColumns', { columns: missing.map((k) => COLUMNS[k][0]) }),
        });
      }
      continue;
    }
    const cell = (i: number): string => (i >= 0 ? (r.cells[i] ?? '').trim() : '');
    const bad: RawValue['problems'] = [];
    const de = diseases.get(norm(cell(header.disease)));
    if (!de) {
      bad.push({
        field: 'dataElement',
        value: cell(header.disease),
        message: t(ctx.locale, 'case.unknownDisease', { value: cell(header.disease) }),
      });
    }
    const rawDate = cell(header.onset)
      .replace(/[./年月]/g, '-')
      .replace(/日$/, '');
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(rawDate);
    const day = m ? `${m[1]}${(m[2] ?? '').padStart(2, '0')}${(m[3] ?? '').padStart(2, '0')}` : '';
    if (!isDay(day)) {
      bad.push({
        field: 'period',
        value: cell(header.onset),
        message: t(ctx.locale, 'case.invalidOnset', { value: cell(header.onset) }),
      });
    }
    const place = index.findOrgUnit(cell(header.place));
    if (!place || place === 'ambiguous') {
      bad.push({
        field: 'orgUnit',
        value: cell(header.place),
        message: t(ctx.locale, place === 'ambiguous' ? 'case.ambiguousPlace' : 'case.unknownPlace', {
          value: cell(header.place),
        }),
      });
    }
    if (bad.length > 0 || !de || !place || place === 'ambiguous') {
      problems.push({ row: r.row, fields: {}, problems: bad });
      continue;
    }
    const id = cell(header.caseId);
    if (id !== '') {
      if (seen.has(id)) {
        problems.push({
          row: r.row,
          fields: {},
          problems: [
            { field: 'value', value: id, message: t(ctx.locale, 'case.duplicateCard', { value: id }) },
          ],
        });
        continue;
      }
      seen.add(id);
    }
    cases++;
    const key = `${de}|${place.uid}|${day}`;
    const c = counts.get(key) ?? { de, ou: place.code ?? place.uid, day, n: 0, row: r.row };
    c.n++;
    counts.set(key, c);
  }
  if (!header) {
    throw new AppError('HW_IMPORT_EMPTY');
  }
  function* values(): Generator<RawValue> {
    yield* problems;
    for (const c of counts.values()) {
      yield {
        row: c.row,
        fields: { dataElement: c.de, orgUnit: c.ou, period: c.day, value: String(c.n) },
        problems: [],
      };
    }
  }
  const summary = await importRawValues(store, asCaseReporter(ctx), () => values(), {
    dryRun: o.dryRun,
    source: CASE_SOURCE,
    status: 'preliminary',
    fileName: path,
    formatName: 'case-line-list',
  });
  return { ...summary, cases };
}
