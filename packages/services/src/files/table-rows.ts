import { stat } from 'node:fs/promises';
import { AppError } from '@healthwatch/core';
import { parse } from 'csv-parse';
import { decodedTextStream, readHead, sniffEncoding } from './decode-text.js';
import { openXlsx } from './xlsx-reader.js';
import type { XlsxLimits } from './xlsx-reader.js';

/** One row of a spreadsheet-like file: its 1-based row (line) number and its cells as text. */
export interface TableRow {
  row: number;
  cells: string[];
}

/** Upper bound on one CSV record; a bigger one is a malformed file, not data. */
const MAX_RECORD_CHARS = 64 * 1024 * 1024;

/**
 * Streams the rows of a CSV file (UTF-8 with or without BOM, or GBK), one record at a time, so
 * a file of millions of rows never sits in memory. Structural errors (an unclosed quote) become
 * `HW_IMPORT_FORMAT` naming the line.
 */
export async function* csvRows(path: string): AsyncGenerator<TableRow> {
  const size = (await stat(path)).size;
  if (size === 0) {
    throw new AppError('HW_IMPORT_EMPTY');
  }
  const { head, complete } = await readHead(path);
  const encoding = sniffEncoding(head, complete);
  const parser = decodedTextStream(path, encoding).pipe(
    parse({
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: MAX_RECORD_CHARS,
    }),
  );
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (rec.record.every((c) => c.trim() === '')) {
        continue;
      }
      yield { row: rec.info.lines, cells: rec.record };
    }
  } catch (e) {
    if (e instanceof AppError) {
      throw e;
    }
    const err = e as Error & { code?: string; lines?: number };
    const line = /line (\d+)/.exec(err.message)?.[1] ?? String(err.lines ?? '?');
    const reason =
      err.code === 'CSV_QUOTE_NOT_CLOSED'
        ? '引号未闭合（quote not closed）'
        : err.code === 'CSV_INVALID_CLOSING_QUOTE'
          ? '引号位置不正确（invalid closing quote）'
          : err.code === 'CSV_MAX_RECORD_SIZE'
            ? '单行内容过大（record too large）'
            : err.message;
    throw new AppError('HW_IMPORT_FORMAT', { row: line, reason }, { cause: e });
  }
}

/** An XLSX file whose workbook, styles and shared strings have been read: its first sheet's rows to stream. */
export interface OpenedXlsx {
  rows(): AsyncGenerator<TableRow>;
  close(): void;
}

/**
 * Opens an XLSX file within the reader's limits (see xlsx-reader.ts), reading everything but the
 * sheet itself, so a caller can do that before it takes a lock and stream the rows under it.
 */
export async function openXlsxRows(path: string, limits: Partial<XlsxLimits> = {}): Promise<OpenedXlsx> {
  const size = (await stat(path)).size;
  if (size === 0) {
    throw new AppError('HW_IMPORT_EMPTY');
  }
  const book = await openXlsx(path, limits);
  return { rows: () => book.rows(), close: () => book.close() };
}

/**
 * Streams the rows of the first worksheet (as the workbook lists them) of an XLSX file, within the
 * reader's limits: empty rows skipped, each row padded to the header's width.
 */
export async function* xlsxRows(path: string, limits: Partial<XlsxLimits> = {}): AsyncGenerator<TableRow> {
  const book = await openXlsxRows(path, limits);
  try {
    yield* book.rows();
  } finally {
    book.close();
  }
}
