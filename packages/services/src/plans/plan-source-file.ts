import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { AppError, captionOf, msg, readPlanText } from '@healthwatch/core';
import type { PlanSource, PlanSourceFormat, SourceTable } from '@healthwatch/core';
import { readHead, sniffEncoding } from '../files/decode-text.js';
import { readDocxSource } from '../files/docx-tables.js';
import { importLimitError, openXlsx } from '../files/xlsx-reader.js';

/** A plan document read as text is read whole: far more than any plan (the seed's is 67 KB). */
export const MAX_PLAN_TEXT_BYTES = 32 * 1024 * 1024;

const EXTENSIONS: Readonly<Record<string, PlanSourceFormat>> = {
  '.docx': 'docx',
  '.xlsx': 'xlsx',
  '.txt': 'txt',
  '.text': 'txt',
};
export const PLAN_SOURCE_FORMATS = ['docx', 'xlsx', 'txt'] as const satisfies readonly PlanSourceFormat[];

function notReadable(
  name: string,
  reason = msg('reason.planDocumentFormat', { name, allowed: '.docx, .xlsx, .txt' }),
): AppError {
  return new AppError('HW_PLAN_DOCUMENT', { reason });
}

/** The format a file name says (`.docx`, `.xlsx`, `.txt`); null when it says none. An old `.doc` is refused by name. */
export function planSourceFormatOf(name: string): PlanSourceFormat | null {
  const ext = extname(name).toLowerCase();
  if (ext === '.doc' || ext === '.wps') {
    throw notReadable(name, msg('reason.oldWordFormat'));
  }
  return EXTENSIONS[ext] ?? null;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (b: Uint8Array, sig: readonly number[]): boolean => sig.every((x, i) => b[i] === x);

/**
 * Reads a plan document into paragraphs and tables: a DOCX (its body), an XLSX (the first
 * worksheet: blocks of rows separated by empty rows, a lone cell before a block its caption) or
 * text in the layout of a Word text export. What the file is comes from its first bytes, checked
 * against what its name or the caller says: a `.docx` that is not a zip, a text that is, an old
 * binary Word file are refused with what they are.
 */
export async function readPlanSource(
  path: string,
  o: { format?: PlanSourceFormat | null | undefined; name?: string | undefined } = {},
): Promise<PlanSource> {
  const name = o.name ?? basename(path);
  const declared = o.format ?? planSourceFormatOf(name);
  const size = (await stat(path)).size;
  const { head } = await readHead(path, 8);
  if (startsWith(head, OLE2)) {
    throw notReadable(name, msg('reason.oldWordFormat'));
  }
  const zip = startsWith(head, ZIP);
  if (zip && declared === 'txt') {
    throw notReadable(name, msg('reason.textIsZip'));
  }
  if (!zip && (declared === 'docx' || declared === 'xlsx')) {
    throw new AppError('HW_PLAN_DOCUMENT', {
      reason: msg(declared === 'docx' ? 'reason.notDocx' : 'reason.notXlsx', { detail: name }),
    });
  }
  if (zip) {
    return declared === 'xlsx' ? readXlsxSource(path) : readDocxOrXlsx(path, declared);
  }
  if (size > MAX_PLAN_TEXT_BYTES) {
    throw importLimitError('fileBytes', MAX_PLAN_TEXT_BYTES);
  }
  const bytes = await readFile(path);
  let encoding: 'utf-8' | 'gb18030';
  try {
    encoding = sniffEncoding(bytes, true);
  } catch {
    throw notReadable(name);
  }
  return readPlanText(new TextDecoder(encoding).decode(bytes));
}

/** A zip the name does not type: a workbook is read as one, anything else as a Word document. */
async function readDocxOrXlsx(path: string, declared: PlanSourceFormat | null): Promise<PlanSource> {
  try {
    return await readDocxSource(path);
  } catch (e) {
    if (declared === null && e instanceof AppError && e.data === 'xlsx') {
      return readXlsxSource(path);
    }
    throw e;
  }
}

/** The first worksheet as tables: rows without a gap form a table; a row of one cell outside a table is a paragraph. */
export async function readXlsxSource(path: string): Promise<PlanSource> {
  const book = await openXlsx(path);
  const paragraphs: string[] = [];
  const tables: SourceTable[] = [];
  let before: string[] = [];
  let table: SourceTable | null = null;
  let last = 0;
  try {
    for await (const r of book.rows()) {
      const filled = r.cells.filter((c) => c.trim() !== '');
      const contiguous = table !== null && r.row === last + 1;
      last = r.row;
      if (!contiguous && filled.length <= 1) {
        table = null;
        const text = (filled[0] ?? '').trim();
        paragraphs.push(text);
        before = [...before.slice(-1), text];
        continue;
      }
      if (!contiguous || !table) {
        // A table at the top of the sheet is captioned by the sheet's name (主要指标).
        const caption = captionOf(before) ?? (tables.length === 0 ? (book.sheets[0]?.name ?? null) : null);
        table = { index: tables.length + 1, caption, rows: [] };
        tables.push(table);
        before = [];
      }
      table.rows.push({ at: r.row, cells: r.cells.map((text) => ({ text })) });
    }
  } finally {
    book.close();
  }
  return { format: 'xlsx', paragraphs, tables };
}
