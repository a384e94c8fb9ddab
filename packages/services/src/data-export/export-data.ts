import { csvField } from '../files/csv-cell.js';
import { loadExcelJS } from '../lazy-libraries.js';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { AppError, msg, parsePeriod } from '@healthwatch/core';
import type { ExportFormat, Locale } from '@healthwatch/core';
import { loadMetadataIndex, storedPeriodRanges, streamValues } from '@healthwatch/store';
import type { Store, ValueFilter, ValueRow } from '@healthwatch/store';

// Defined in core (the CLI lists them without loading the services); exported here as before.
export { ExportFormat, EXPORT_FORMATS } from '@healthwatch/core';

export interface ExportSelection {
  dataSets?: readonly string[];
  dataElements?: readonly string[];
  orgUnits: readonly string[];
  /** `self` (the listed units), `children` (plus their direct children) or `descendants`. */
  orgUnitScope?: 'self' | 'children' | 'descendants';
  /** Periods; stored periods inside them count too (`2024` exports the months of 2024). */
  periods: readonly string[];
  includeDeleted?: boolean;
}

/** Resolves a selection of references to the store's filter; unknown references are errors. */
export async function resolveSelection(store: Store, sel: ExportSelection): Promise<ValueFilter> {
  const index = await loadMetadataIndex(store.db);
  const deIds = new Set<number>();
  for (const ref of sel.dataSets ?? []) {
    const ds = index.dataSets.find(ref);
    if (!ds) {
      throw new AppError('HW_NOT_FOUND', { kind: msg('kind.dataSet'), id: ref });
    }
    ds.elementIds.forEach((id) => deIds.add(id));
  }
  for (const ref of sel.dataElements ?? []) {
    const de = index.findDataElement(ref);
    if (!de) {
      throw new AppError('HW_NOT_FOUND', { kind: msg('kind.dataElement'), id: ref });
    }
    deIds.add(de.id);
  }
  if (deIds.size === 0) {
    throw new AppError('HW_VALIDATION', {
      reason: msg('reason.exportNeedsSelection'),
    });
  }
  if (sel.orgUnits.length === 0 || sel.periods.length === 0) {
    throw new AppError('HW_VALIDATION', { reason: msg('reason.exportNeedsOuPe') });
  }
  const ous = sel.orgUnits.map((ref) => {
    const ou = index.findOrgUnit(ref);
    if (!ou || ou === 'ambiguous') {
      throw new AppError('HW_NOT_FOUND', { kind: msg('kind.orgUnit'), id: ref });
    }
    return ou;
  });
  const periods = sel.periods.map((p) => parsePeriod(p));
  const peIds = (await storedPeriodRanges(store.db))
    .filter((r) => periods.some((p) => p.startDate <= r.start && r.end <= p.endDate))
    .map((r) => r.id);
  const filter: ValueFilter = { deIds: [...deIds], peIds, includeDeleted: sel.includeDeleted === true };
  const scope = sel.orgUnitScope ?? 'self';
  if (scope === 'descendants') {
    filter.ouPathPrefixes = ous.map((o) => o.path);
  } else if (scope === 'children') {
    const ids = new Set<number>();
    for (const o of ous) {
      ids.add(o.id);
      for (const c of index.orgUnits.byId.values()) {
        if (c.parentId === o.id) {
          ids.add(c.id);
        }
      }
    }
    filter.ouIds = [...ids];
  } else {
    filter.ouIds = ous.map((o) => o.id);
  }
  return filter;
}

export { csvField } from '../files/csv-cell.js';

const NATIVE_COLUMNS = [
  'dataElement',
  'dataElementName',
  'period',
  'orgUnit',
  'orgUnitName',
  'categoryOptionCombo',
  'categoryOptionComboName',
  'attributeOptionCombo',
  'value',
  'comment',
  'followUp',
  'source',
  'status',
  'storedBy',
  'lastUpdated',
] as const;

function nativeCells(r: ValueRow): (string | number | boolean | null)[] {
  return [
    r.dataElement,
    r.dataElementName,
    r.period,
    r.orgUnit,
    r.orgUnitName,
    r.categoryOptionCombo,
    r.categoryOptionComboName,
    r.attributeOptionCombo,
    r.value,
    r.comment,
    r.followUp,
    r.source,
    r.status,
    r.storedBy,
    new Date(r.lastUpdated).toISOString(),
  ];
}

async function write(out: Writable, s: string): Promise<void> {
  if (!out.write(s)) {
    await once(out, 'drain');
  }
}

/** Writes the selected values to `out` (text formats) and returns how many were written. */
export async function exportValues(
  store: Store,
  filter: ValueFilter,
  format: ExportFormat,
  out: Writable | { file: string },
  _locale: Locale = 'zh-CN',
): Promise<number> {
  let n = 0;
  if (format === 'xlsx') {
    if (!('file' in out)) {
      throw new AppError('HW_VALIDATION', { reason: msg('reason.needsOut', { format: 'XLSX' }) });
    }
    const ExcelJS = await loadExcelJS();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: out.file,
      useSharedStrings: false,
      useStyles: false,
    });
    const ws = wb.addWorksheet('数据');
    ws.addRow([...NATIVE_COLUMNS]).commit();
    for await (const r of streamValues(store.db, filter)) {
      ws.addRow(nativeCells(r)).commit();
      n++;
    }
    ws.commit();
    await wb.commit();
    return n;
  }
  const stream = 'file' in out ? createWriteStream(out.file) : out;
  try {
    if (format === 'csv') {
      await write(stream, `${NATIVE_COLUMNS.join(',')}\n`);
      for await (const r of streamValues(store.db, filter)) {
        await write(stream, `${nativeCells(r).map(csvField).join(',')}\n`);
        n++;
      }
    } else if (format === 'dhis2-csv') {
      await write(
        stream,
        'dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup\n',
      );
      for await (const r of streamValues(store.db, filter)) {
        const cells = [
          r.dataElement,
          r.period,
          r.orgUnit,
          r.categoryOptionCombo,
          r.attributeOptionCombo,
          r.value,
          r.storedBy,
          new Date(r.lastUpdated).toISOString(),
          r.comment,
          r.followUp,
        ];
        await write(stream, `${cells.map(csvField).join(',')}\n`);
        n++;
      }
    } else {
      await write(stream, '{"dataValues":[');
      for await (const r of streamValues(store.db, filter)) {
        const dv: Record<string, unknown> = {
          dataElement: r.dataElement,
          period: r.period,
          orgUnit: r.orgUnit,
          categoryOptionCombo: r.categoryOptionCombo,
          attributeOptionCombo: r.attributeOptionCombo,
          value: r.value,
          storedBy: r.storedBy,
          created: new Date(r.created).toISOString(),
          lastUpdated: new Date(r.lastUpdated).toISOString(),
          followup: r.followUp,
        };
        if (r.comment !== null) {
          dv.comment = r.comment;
        }
        if (r.deleted) {
          dv.deleted = true;
        }
        await write(stream, `${n === 0 ? '' : ','}\n${JSON.stringify(dv)}`);
        n++;
      }
      await write(stream, '\n]}\n');
    }
  } finally {
    if ('file' in out) {
      stream.end();
      await once(stream, 'finish');
    }
  }
  return n;
}
