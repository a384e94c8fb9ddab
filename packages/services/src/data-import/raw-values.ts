import { readFile, stat } from 'node:fs/promises';
import { AppError, DATA_FORMATS, msg, t } from '@healthwatch/core';
import type { DataFormat, Locale } from '@healthwatch/core';
import { unneutralizeCsvText } from '../files/csv-cell.js';
import { csvRows, xlsxRows } from '../files/table-rows.js';
import type { OpenedXlsx } from '../files/table-rows.js';
import type { TableRow } from '../files/table-rows.js';
import { DHIS2_CSV_COLUMNS, REQUIRED_FIELDS, fieldOfHeader } from '@healthwatch/core';
import type { ValueField } from '@healthwatch/core';

// Defined in core (the CLI lists them without loading the services); exported here as before.
export { DataFormat, DATA_FORMATS } from '@healthwatch/core';

/** A data-value row as read from a file, before any look-up: text fields and read problems. */
export interface RawValue {
  row: number;
  fields: Partial<Record<ValueField, string>>;
  problems: { field: string; value: string; message: string }[];
}

export function formatFromPath(path: string, explicit?: string): DataFormat {
  if (explicit) {
    if (!(DATA_FORMATS as readonly string[]).includes(explicit)) {
      throw new AppError('HW_UNSUPPORTED_FORMAT', { format: explicit, allowed: DATA_FORMATS.join(', ') });
    }
    return explicit as DataFormat;
  }
  const lower = path.toLowerCase();
  if (lower.endsWith('.xlsx')) {
    return 'xlsx';
  }
  if (lower.endsWith('.json')) {
    return 'dhis2-json';
  }
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) {
    return 'csv';
  }
  throw new AppError('HW_UNSUPPORTED_FORMAT', {
    format: path.split('.').pop() ?? path,
    allowed: DATA_FORMATS.join(', '),
  });
}

/** Rows of a header-mapped table (our CSV/XLSX, or DHIS2 CSV read by its header). */
async function* headerMapped(
  rows: AsyncIterable<TableRow>,
  locale: Locale,
  ignoredColumns: string[],
): AsyncGenerator<RawValue> {
  let columns: (ValueField | undefined)[] | null = null;
  let width = 0;
  for await (const r of rows) {
    if (!columns) {
      columns = r.cells.map(fieldOfHeader);
      width = r.cells.length;
      const missing = REQUIRED_FIELDS.filter((f) => !columns?.includes(f));
      if (missing.length > 0) {
        throw new AppError('HW_IMPORT_FORMAT', {
          row: r.row,
          reason: msg('reason.missingColumns', { columns: missing }),
        });
      }
      r.cells.forEach((h, i) => {
        if (!columns?.[i] && h.trim() !== '') {
          ignoredColumns.push(h.trim());
        }
      });
      continue;
    }
    const raw: RawValue = { row: r.row, fields: {}, problems: [] };
    if (r.cells.length !== width) {
      raw.problems.push({
        field: '(columns)',
        value: String(r.cells.length),
        message: t(locale, 'conflict.columnCount', { actual: r.cells.length, expected: width }),
      });
    }
    columns.forEach((f, i) => {
      const v = r.cells[i];
      if (f && v !== undefined && v !== '') {
        raw.fields[f] = f === 'comment' ? unneutralizeCsvText(v) : v;
      }
    });
    yield raw;
  }
  if (!columns) {
    throw new AppError('HW_IMPORT_EMPTY');
  }
}

const DHIS2_FIELD: Partial<Record<(typeof DHIS2_CSV_COLUMNS)[number], ValueField>> = {
  dataelement: 'dataElement',
  period: 'period',
  orgunit: 'orgUnit',
  categoryoptioncombo: 'categoryOptionCombo',
  attributeoptioncombo: 'attributeOptionCombo',
  value: 'value',
  comment: 'comment',
  followup: 'followUp',
};

/** DHIS2 CSV: fixed column order; a first row starting with "dataelement" is its header. */
async function* dhis2Csv(rows: AsyncIterable<TableRow>, locale: Locale): AsyncGenerator<RawValue> {
  let first = true;
  let any = false;
  for await (const r of rows) {
    if (first) {
      first = false;
      if ((r.cells[0] ?? '').trim().toLowerCase() === 'dataelement') {
        continue;
      }
    }
    any = true;
    const raw: RawValue = { row: r.row, fields: {}, problems: [] };
    if (r.cells.length < 3 || r.cells.length > DHIS2_CSV_COLUMNS.length + 1) {
      raw.problems.push({
        field: '(columns)',
        value: String(r.cells.length),
        message: t(locale, 'conflict.columnCount', {
          actual: r.cells.length,
          expected: DHIS2_CSV_COLUMNS.length,
        }),
      });
    }
    DHIS2_CSV_COLUMNS.forEach((c, i) => {
      const f = DHIS2_FIELD[c];
      const v = r.cells[i];
      if (f && v !== undefined && v !== '') {
        raw.fields[f] = f === 'comment' ? unneutralizeCsvText(v) : v;
      }
    });
    yield raw;
  }
  if (!any) {
    throw new AppError('HW_IMPORT_EMPTY');
  }
}

interface Dhis2DataValue {
  dataElement?: unknown;
  period?: unknown;
  orgUnit?: unknown;
  categoryOptionCombo?: unknown;
  attributeOptionCombo?: unknown;
  value?: unknown;
  comment?: unknown;
  followup?: unknown;
  followUp?: unknown;
  deleted?: unknown;
}

const str = (v: unknown): string | undefined =>
  v === undefined || v === null || v === ''
    ? undefined
    : typeof v === 'string'
      ? v
      : typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : JSON.stringify(v);

/** DHIS2 dataValueSet JSON: top-level dataSet/period/orgUnit/attributeOptionCombo are defaults. */
export function* dhis2JsonValues(doc: unknown): Generator<RawValue> {
  if (
    typeof doc !== 'object' ||
    doc === null ||
    !Array.isArray((doc as { dataValues?: unknown }).dataValues)
  ) {
    throw new AppError('HW_IMPORT_FORMAT', {
      row: 1,
      reason: msg('reason.notDhis2'),
    });
  }
  const set = doc as {
    dataSet?: unknown;
    period?: unknown;
    orgUnit?: unknown;
    attributeOptionCombo?: unknown;
    dataValues: unknown[];
  };
  if (set.dataValues.length === 0) {
    throw new AppError('HW_IMPORT_EMPTY');
  }
  for (const [i, item] of set.dataValues.entries()) {
    const dv = (typeof item === 'object' && item !== null ? item : {}) as Dhis2DataValue;
    const fields: RawValue['fields'] = {};
    const put = (f: ValueField, v: unknown): void => {
      const s = str(v);
      if (s !== undefined) {
        fields[f] = s;
      }
    };
    put('dataSet', set.dataSet);
    put('period', dv.period ?? set.period);
    put('orgUnit', dv.orgUnit ?? set.orgUnit);
    put('attributeOptionCombo', dv.attributeOptionCombo ?? set.attributeOptionCombo);
    put('dataElement', dv.dataElement);
    put('categoryOptionCombo', dv.categoryOptionCombo);
    put('value', dv.value);
    put('comment', dv.comment);
    put('followUp', dv.followup ?? dv.followUp);
    put('deleted', dv.deleted);
    yield { row: i + 1, fields, problems: [] };
  }
}

/** Largest JSON document read whole (JSON has no row boundaries to stream on). */
const MAX_JSON_BYTES = 512 * 1024 * 1024;

/** Opens a data file as a stream of raw values (an XLSX the caller has opened already: its rows). */
export async function* readRawValues(
  path: string,
  format: DataFormat,
  locale: Locale,
  ignoredColumns: string[],
  opened?: OpenedXlsx,
): AsyncGenerator<RawValue> {
  switch (format) {
    case 'csv':
      yield* headerMapped(csvRows(path), locale, ignoredColumns);
      return;
    case 'xlsx':
      yield* headerMapped(opened ? opened.rows() : xlsxRows(path), locale, ignoredColumns);
      return;
    case 'dhis2-csv':
      yield* dhis2Csv(csvRows(path), locale);
      return;
    case 'dhis2-json': {
      const size = (await stat(path)).size;
      if (size === 0) {
        throw new AppError('HW_IMPORT_EMPTY');
      }
      if (size > MAX_JSON_BYTES) {
        throw new AppError('HW_IMPORT_FORMAT', {
          row: 1,
          reason: msg('reason.jsonTooLarge'),
        });
      }
      let doc: unknown;
      try {
        doc = JSON.parse(await readFile(path, 'utf8'));
      } catch (e) {
        throw new AppError(
          'HW_IMPORT_FORMAT',
          { row: 1, reason: msg('reason.unparsable', { format: 'JSON', detail: (e as Error).message }) },
          { cause: e },
        );
      }
      yield* dhis2JsonValues(doc);
      return;
    }
  }
}
