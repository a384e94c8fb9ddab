import { posix } from 'node:path';
import { pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';
import { AppError, captionOf, msg } from '@healthwatch/core';
import type { PlanSource, SourceCell, SourceRow, SourceTable } from '@healthwatch/core';
import type { SaxesParser as Saxes, SaxesTagPlain } from 'saxes';
import type { Entry, ZipFile } from 'yauzl';
import { importLimitError } from './xlsx-reader.js';

/**
 * The paragraphs and tables of a Word document (DOCX), read the way the XLSX reader reads a
 * workbook: the zip's central directory with yauzl, the main part (`word/document.xml`, or where
 * the package's relationships point) inflated by us counting every byte that comes out, the XML
 * parsed by saxes as it streams, every limit checked as the data arrives. Cells keep their merges:
 * a `w:vMerge` continuation is a cell `merged: 'above'`, a `w:gridSpan` of n repeats the cell's
 * text in the n grid columns it covers (`merged: 'left'` after the first), `w:gridBefore` leaves
 * empty cells. A table inside a cell gives its text to that cell.
 */
export interface DocxLimits {
  /** Bytes inflated from the document part. */
  maxExpandedBytes: number;
  /** Rows of all tables together. */
  maxRows: number;
  /** Characters of one cell or paragraph. */
  maxCellChars: number;
}

export const DEFAULT_DOCX_LIMITS: Readonly<DocxLimits> = {
  maxExpandedBytes: 128 * 1024 * 1024,
  maxRows: 200_000,
  maxCellChars: 32_767,
};

const MAX_ENTRIES = 10_000;
const MAX_DEPTH = 256;
const CHUNK = 256 * 1024;

function notDocx(detail: string, cause?: unknown): AppError {
  return new AppError('HW_PLAN_DOCUMENT', { reason: msg('reason.notDocx', { detail }) }, { cause });
}

const local = (name: string): string => name.slice(name.indexOf(':') + 1);
const attr = (tag: SaxesTagPlain, name: string): string | undefined => {
  for (const [k, v] of Object.entries(tag.attributes)) {
    if (local(k) === name && typeof v === 'string') {
      return v;
    }
  }
  return undefined;
};

/** The text of a part, inflated within the limit; leaving the loop destroys the streams. */
async function* partText(zip: ZipFile, entry: Entry, max: number): AsyncGenerator<string> {
  if (entry.isEncrypted()) {
    throw notDocx(`${entry.fileName} encrypted`);
  }
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw notDocx(`${entry.fileName} compression ${entry.compressionMethod}`);
  }
  if (entry.uncompressedSize > max) {
    throw importLimitError('expandedBytes', max);
  }
  const raw = await zip.openReadStreamPromise(entry, { decodeFileData: false });
  const out: Readable =
    entry.compressionMethod === 8
      ? pipeline(raw, createInflateRaw({ chunkSize: CHUNK }), () => undefined)
      : raw;
  const decoder = new StringDecoder('utf8');
  let inflated = 0;
  try {
    for await (const chunk of out as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > max) {
        throw importLimitError('expandedBytes', max);
      }
      yield decoder.write(chunk);
    }
    yield decoder.end();
  } finally {
    out.destroy();
    raw.destroy();
  }
}

interface CellState {
  paragraphs: string[];
  text: string[];
  span: number;
  continues: boolean;
}

/** Reads the body of a DOCX into paragraphs and tables (see {@link DocxLimits}). */
export async function readDocxSource(path: string, options: Partial<DocxLimits> = {}): Promise<PlanSource> {
  const limits = { ...DEFAULT_DOCX_LIMITS, ...options };
  const [{ default: yauzl }, { SaxesParser }] = await Promise.all([import('yauzl'), import('saxes')]);
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { autoClose: false, lazyEntries: true, validateEntrySizes: false });
  } catch (e) {
    throw notDocx((e as Error).message, e);
  }
  try {
    const entries = new Map<string, Entry>();
    for await (const entry of zip.eachEntry()) {
      if (entries.size >= MAX_ENTRIES) {
        throw notDocx(`more than ${MAX_ENTRIES} zip entries`);
      }
      entries.set(entry.fileName, entry);
    }
    let main = 'word/document.xml';
    const rels = entries.get('_rels/.rels');
    if (rels) {
      const sax = new SaxesParser();
      sax.on('opentag', (tag) => {
        const t = tag;
        if (local(t.name) === 'Relationship' && attr(t, 'Type')?.endsWith('/officeDocument')) {
          const target = attr(t, 'Target') ?? main;
          main = posix.normalize(target.startsWith('/') ? target.slice(1) : target);
        }
      });
      for await (const piece of partText(zip, rels, 1024 * 1024)) {
        sax.write(piece);
      }
      sax.close();
    }
    const doc = entries.get(main);
    if (!doc) {
      // `data: 'xlsx'` tells a caller that did not know the format to read it as a workbook.
      throw entries.has('xl/workbook.xml')
        ? new AppError(
            'HW_PLAN_DOCUMENT',
            { reason: msg('reason.notDocx', { detail: 'XLSX' }) },
            { data: 'xlsx' },
          )
        : notDocx(`no ${main}`);
    }
    return await readBody(zip, doc, limits, new SaxesParser());
  } catch (e) {
    throw e instanceof AppError ? e : notDocx((e as Error).message, e);
  } finally {
    zip.close();
  }
}

async function readBody(zip: ZipFile, doc: Entry, limits: DocxLimits, sax: Saxes): Promise<PlanSource> {
  const paragraphs: string[] = [];
  const tables: SourceTable[] = [];
  let before: string[] = [];
  let depth = 0;
  let tblDepth = 0;
  let fallback = 0;
  let inText = false;
  let para: string[] | null = null;
  let rows: SourceRow[] = [];
  let row: SourceCell[] | null = null;
  let cell: CellState | null = null;
  let rowCount = 0;
  const tooLong = (n: number): void => {
    if (n > limits.maxCellChars) {
      throw importLimitError('cellChars', limits.maxCellChars, { row: rows.length + 1 });
    }
  };
  sax.on('opentag', (tag) => {
    const t = tag;
    if (++depth > MAX_DEPTH) {
      throw notDocx(`XML nested deeper than ${MAX_DEPTH}`);
    }
    const name = local(t.name);
    if (name === 'Fallback') {
      fallback++; // the same content again, for old readers: read it once
    } else if (fallback > 0) {
      return;
    } else if (name === 'tbl') {
      if (++tblDepth === 1) {
        rows = [];
      }
    } else if (tblDepth === 1 && name === 'tr') {
      row = [];
      if (++rowCount > limits.maxRows) {
        throw importLimitError('rows', limits.maxRows);
      }
    } else if (tblDepth === 1 && name === 'gridBefore' && row) {
      const n = Math.min(Number(attr(t, 'val') ?? 0) || 0, 1000);
      for (let i = 0; i < n; i++) {
        row.push({ text: '' });
      }
    } else if (tblDepth === 1 && name === 'tc') {
      cell = { paragraphs: [], text: [], span: 1, continues: false };
    } else if (cell && tblDepth === 1 && name === 'gridSpan') {
      cell.span = Math.max(1, Math.min(Number(attr(t, 'val') ?? 1) || 1, 1000));
    } else if (cell && tblDepth === 1 && name === 'vMerge') {
      cell.continues = (attr(t, 'val') ?? 'continue') === 'continue';
    } else if (name === 'p') {
      para = [];
    } else if (name === 't') {
      inText = !t.isSelfClosing;
    } else if ((name === 'tab' || name === 'br' || name === 'cr') && para) {
      para.push(name === 'tab' ? ' ' : '\n');
    }
  });
  sax.on('text', (text) => {
    if (inText && para && fallback === 0) {
      para.push(text);
      tooLong(para.reduce((n, s) => n + s.length, 0));
    }
  });
  sax.on('closetag', (tag) => {
    depth--;
    const name = local(tag.name);
    if (name === 'Fallback') {
      fallback--;
      return;
    }
    if (fallback > 0) {
      return;
    }
    if (name === 't') {
      inText = false;
    } else if (name === 'p' && para) {
      const text = para.join('');
      para = null;
      if (cell) {
        cell.paragraphs.push(text);
        tooLong(cell.paragraphs.reduce((n, s) => n + s.length, 0));
      } else if (tblDepth === 0 && text.trim() !== '') {
        paragraphs.push(text.trim());
        before = [...before.slice(-1), text.trim()];
      }
    } else if (tblDepth === 1 && name === 'tc' && cell && row) {
      const text = cell.paragraphs.join('\n');
      row.push(cell.continues ? { text: '', merged: 'above' } : { text });
      for (let i = 1; i < cell.span; i++) {
        row.push({ text: cell.continues ? '' : text, merged: cell.continues ? 'above' : 'left' });
      }
      cell = null;
    } else if (tblDepth === 1 && name === 'tr' && row) {
      rows.push({ at: rows.length + 1, cells: row });
      row = null;
    } else if (name === 'tbl') {
      if (--tblDepth === 0) {
        tables.push({ index: tables.length + 1, caption: captionOf(before), rows });
        before = [];
      }
    }
  });
  for await (const piece of partText(zip, doc, limits.maxExpandedBytes)) {
    sax.write(piece);
  }
  sax.close();
  return { format: 'docx', paragraphs, tables };
}
