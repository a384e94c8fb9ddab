import { posix } from 'node:path';
import { pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';
import { AppError, msg } from '@healthwatch/core';
import type { MessageKey } from '@healthwatch/core';
import type { SaxesParser, SaxesTagPlain } from 'saxes';
import type { Entry, ZipFile } from 'yauzl';

/**
 * A bounded XLSX reader. An XLSX file is a zip of XML parts; a few megabytes can expand to
 * gigabytes (a zip bomb), and a reader that caches what it reads (ExcelJS's shared strings) takes
 * the server down with it. This one reads the central directory with yauzl (random access, so the
 * parts are read in the order they are needed, whatever the zip order, and nothing is buffered to
 * disk or memory to wait for another part), inflates each part itself counting the bytes that come
 * out of the inflater (the sizes a zip declares are only used to refuse early, never trusted), and
 * parses the XML with saxes as it streams. Every limit below is checked as the data arrives; the
 * first one passed stops reading and destroys the streams, with `HW_IMPORT_LIMIT` naming it.
 */
export interface XlsxLimits {
  /** Bytes inflated across all the parts read (workbook, relationships, styles, shared strings, the sheet). */
  maxExpandedBytes: number;
  /** Entries in the shared-strings table. */
  maxSharedStrings: number;
  /** Characters (UTF-16 code units) of the shared-strings table in all. */
  maxSharedStringChars: number;
  /** Rows of the sheet (every `<row>`, empty or not) and the highest row number. */
  maxRows: number;
  /** The highest column a cell may stand in. */
  maxColumns: number;
  /** Characters of one cell (Excel's own limit is 32,767). */
  maxCellChars: number;
}

/**
 * The defaults. 512 MB expanded is about 1 M rows of 8–10 columns (the largest import the project
 * plans for) and bounds the parse to ~15 s of CPU; 1,048,576 rows is Excel's own sheet limit;
 * 1,000 columns is far beyond any template we read (≤ 30); 32,767 characters is Excel's cell
 * limit; 1 M shared strings / 32 M characters keep the table under ~100 MB (it is stored as UTF-8).
 */
export const DEFAULT_XLSX_LIMITS: Readonly<XlsxLimits> = {
  maxExpandedBytes: 512 * 1024 * 1024,
  maxSharedStrings: 1_000_000,
  maxSharedStringChars: 32_000_000,
  maxRows: 1_048_576,
  maxColumns: 1_000,
  maxCellChars: 32_767,
};

/** One row of a sheet: its row number and its cells as text, padded to the header's width. */
export interface XlsxRow {
  row: number;
  cells: string[];
}

/** A real XLSX has a few dozen parts; a zip with more is not one (and each entry costs memory). */
const MAX_ENTRIES = 10_000;
/** Deeper nesting than any SpreadsheetML part has (saxes keeps a stack of open tags). */
const MAX_DEPTH = 64;
/** Cell formats kept for date detection (Excel allows 64,000; more are read as plain numbers). */
const MAX_STYLES = 65_536;
/**
 * Bytes zlib inflates per call on the thread pool: each call is a round trip to the event loop, so
 * 16 KB (the default) spends more time waiting than inflating on a highly compressed part.
 */
const INFLATE_CHUNK = 256 * 1024;
/** Characters handed to the parser at once (bounds the rows queued between two yields). */
const PIECE_CHARS = 16 * 1024;

type LimitName =
  | 'expandedBytes'
  | 'sharedStrings'
  | 'sharedStringChars'
  | 'rows'
  | 'columns'
  | 'cellChars'
  /** A whole file read at once (a plan document's text). */
  | 'fileBytes';
interface Handlers {
  opentag?: (tag: SaxesTagPlain) => void;
  closetag?: (tag: SaxesTagPlain) => void;
  text?: (text: string) => void;
}
type Where = { row: number; column?: number } | { sharedString: number };

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) {
    return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  }
  return n >= 1024 ? `${Math.round((n / 1024) * 10) / 10} KB` : `${n} B`;
}

/**
 * `HW_IMPORT_LIMIT` with typed parameters: the limit's name and value, and its message with where it
 * was passed as catalogue references (rendered in the reader's language at the edge).
 */
export function importLimitError(limit: LimitName, max: number, where?: Where): AppError {
  const shown = limit === 'expandedBytes' || limit === 'fileBytes' ? formatBytes(max) : String(max);
  const at = !where
    ? ''
    : msg('importLimit.where', {
        at:
          'sharedString' in where
            ? msg('importLimit.atSharedString', { index: where.sharedString })
            : where.column === undefined
              ? msg('importLimit.atRow', { row: where.row })
              : msg('importLimit.atCell', { row: where.row, column: columnName(where.column) }),
      });
  return new AppError('HW_IMPORT_LIMIT', {
    limit,
    max,
    what: msg(`importLimit.${limit}` as MessageKey, { max: shown }),
    at,
  });
}

function formatError(reason: string, cause?: unknown): AppError {
  return new AppError(
    'HW_IMPORT_FORMAT',
    { row: '?', reason: msg('reason.notXlsx', { detail: reason }) },
    { cause },
  );
}

/** 1 → A, 27 → AA. */
export function columnName(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) {
    s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  }
  return s;
}

/** The column of a cell reference (`AB12` → 28), or 0 when it has none; stops counting past `cap`. */
function columnOf(ref: string, cap: number): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20; // lower case
    if (c < 97 || c > 122) {
      break;
    }
    col = col * 26 + (c - 96);
    if (col > cap) {
      return cap + 1;
    }
  }
  return col;
}

/** The local part of a possibly prefixed XML name (`x:row` → `row`). */
const local = (name: string): string => name.slice(name.indexOf(':') + 1);
const attr = (tag: SaxesTagPlain, name: string): string | undefined => {
  const v = tag.attributes[name];
  return typeof v === 'string' ? v : undefined;
};
/** A relationship id attribute, whatever prefix the file binds to the relationships namespace. */
const relId = (tag: SaxesTagPlain): string | undefined => {
  for (const [k, v] of Object.entries(tag.attributes)) {
    if (k.endsWith(':id') && typeof v === 'string') {
      return v;
    }
  }
  return undefined;
};

/**
 * The shared-strings table as UTF-8 bytes with end offsets: a copy, so no string keeps a parsed
 * chunk of XML alive (a sliced JS string would), and its memory is ~ its characters.
 */
class StringPool {
  private bytes = Buffer.allocUnsafe(64 * 1024);
  private used = 0;
  private ends = new Uint32Array(1024);
  count = 0;

  add(s: string): void {
    const need = Buffer.byteLength(s);
    if (this.used + need > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + need));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    this.bytes.write(s, this.used);
    this.used += need;
    if (this.count === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.ends[this.count++] = this.used;
  }

  get(i: number): string {
    if (!(i >= 0 && i < this.count)) {
      return '';
    }
    return this.bytes.toString('utf8', i === 0 ? 0 : this.ends[i - 1], this.ends[i]);
  }
}

// Built-in number formats that show a date (en 14–17, 22; zh/ja/ko 27–31, 34–36, 50–58). Time-only
// formats (18–21, 45–47, 32, 33) stay numbers: a time of day is not a date.
const DATE_FORMAT_IDS = new Set([
  14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '');
  return /[yd]/i.test(bare);
}

/** An Excel serial day number as yyyy-mm-dd (the 1900 system, or 1904 when the workbook says so). */
function serialToDate(serial: number, date1904: boolean): string {
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(serial) : d.toISOString().slice(0, 10);
}

interface SheetRef {
  name: string;
  /** The part's path in the zip, e.g. `xl/worksheets/sheet1.xml`. */
  path: string;
}

/** An open workbook: its worksheets (in the order the workbook lists them) and their rows. */
export interface XlsxBook {
  readonly sheets: readonly SheetRef[];
  /** Streams the rows of the named worksheet (the first one when no name is given; none for an unknown name). */
  rows(sheetName?: string): AsyncGenerator<XlsxRow>;
  close(): void;
}

/**
 * Opens an XLSX file: reads the workbook, its relationships, the cell formats (for dates) and the
 * shared strings, within the limits. The caller streams sheets with `rows()` and must `close()`.
 */
export async function openXlsx(path: string, options: Partial<XlsxLimits> = {}): Promise<XlsxBook> {
  const limits: XlsxLimits = { ...DEFAULT_XLSX_LIMITS, ...options };
  // The zip and XML parsers are loaded on the first XLSX read, not with the services.
  const [{ default: yauzl }, { SaxesParser: Saxes }] = await Promise.all([import('yauzl'), import('saxes')]);
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, {
      autoClose: false,
      lazyEntries: true,
      decodeStrings: true,
      validateEntrySizes: false,
    });
  } catch (e) {
    throw formatError((e as Error).message, e);
  }
  const book = new Book(zip, limits, Saxes);
  try {
    await book.load();
    return book;
  } catch (e) {
    book.close();
    throw e instanceof AppError ? e : formatError((e as Error).message, e);
  }
}

class Book implements XlsxBook {
  sheets: SheetRef[] = [];
  private readonly entries = new Map<string, Entry>();
  private inflated = 0;
  private declared = 0;
  private readonly strings = new StringPool();
  private sharedChars = 0;
  private dateStyles: boolean[] = [];
  private date1904 = false;
  private closed = false;

  constructor(
    private readonly zip: ZipFile,
    private readonly limits: XlsxLimits,
    private readonly Saxes: typeof SaxesParser,
  ) {}

  close(): void {
    if (!this.closed) {
      this.closed = true;
      this.zip.close();
    }
  }

  async load(): Promise<void> {
    for await (const entry of this.zip.eachEntry()) {
      if (this.entries.size >= MAX_ENTRIES) {
        throw formatError(`压缩包条目超过 ${MAX_ENTRIES} 个（too many zip entries）`);
      }
      this.entries.set(entry.fileName, entry);
    }
    // The package's root relationships name the workbook part; xl/workbook.xml when they do not.
    let workbookPath = 'xl/workbook.xml';
    await this.parse('_rels/.rels', (tag) => {
      if (local(tag.name) === 'Relationship' && attr(tag, 'Type')?.endsWith('/officeDocument')) {
        workbookPath = resolveTarget('', attr(tag, 'Target') ?? workbookPath);
      }
    });
    if (!this.entries.has(workbookPath)) {
      throw formatError(`缺少 ${workbookPath}（no workbook part）`);
    }
    const dir = posix.dirname(workbookPath);
    const rels = new Map<string, { type: string; target: string }>();
    await this.parse(posix.join(dir, '_rels', `${posix.basename(workbookPath)}.rels`), (tag) => {
      const id = attr(tag, 'Id');
      if (local(tag.name) === 'Relationship' && id !== undefined && rels.size < MAX_ENTRIES) {
        rels.set(id, {
          type: attr(tag, 'Type') ?? '',
          target: resolveTarget(dir, attr(tag, 'Target') ?? ''),
        });
      }
    });
    await this.parse(workbookPath, (tag) => {
      const name = local(tag.name);
      if (name === 'workbookPr') {
        const v = attr(tag, 'date1904');
        this.date1904 = v === '1' || v === 'true';
      } else if (name === 'sheet' && this.sheets.length < MAX_ENTRIES) {
        const rel = rels.get(relId(tag) ?? '');
        // Chart sheets and dialog sheets hold no cells: the first *worksheet* is the data.
        if (rel?.type.endsWith('/worksheet')) {
          this.sheets.push({ name: attr(tag, 'name') ?? '', path: rel.target });
        }
      }
    });
    const relOf = (kind: string): string | undefined =>
      [...rels.values()].find((r) => r.type.endsWith(`/${kind}`))?.target;
    await this.readStyles(relOf('styles') ?? posix.join(dir, 'styles.xml'));
    await this.readSharedStrings(relOf('sharedStrings') ?? posix.join(dir, 'sharedStrings.xml'));
  }

  /** Refuses at once when what the zip says a part expands to already passes the limit. */
  private declare(entry: Entry): void {
    this.declared += entry.uncompressedSize;
    if (this.declared > this.limits.maxExpandedBytes) {
      throw importLimitError('expandedBytes', this.limits.maxExpandedBytes);
    }
  }

  /**
   * The text of one part, in pieces of at most PIECE_CHARS, counting every byte that comes out of
   * the inflater against the limit. Leaving the loop (a limit, an error, the caller stopping)
   * destroys the file and inflate streams, so nothing more is inflated.
   */
  private async *text(entry: Entry): AsyncGenerator<string> {
    if (entry.isEncrypted()) {
      throw formatError(`${entry.fileName} 已加密（encrypted）`);
    }
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      throw formatError(
        `${entry.fileName} 的压缩方式 ${entry.compressionMethod} 不受支持（unsupported compression）`,
      );
    }
    this.declare(entry);
    const raw = await this.zip.openReadStreamPromise(entry, { decodeFileData: false });
    let out: Readable = raw;
    if (entry.compressionMethod === 8) {
      // pipeline destroys both streams when either fails or the inflater is destroyed.
      out = pipeline(raw, createInflateRaw({ chunkSize: INFLATE_CHUNK }), () => undefined);
    }
    const decoder = new StringDecoder('utf8');
    try {
      for await (const chunk of out as AsyncIterable<Buffer>) {
        this.inflated += chunk.length;
        if (this.inflated > this.limits.maxExpandedBytes) {
          throw importLimitError('expandedBytes', this.limits.maxExpandedBytes);
        }
        yield* pieces(decoder.write(chunk));
      }
      yield* pieces(decoder.end());
    } finally {
      out.destroy();
      raw.destroy();
    }
  }

  /**
   * A SAX parser calling `h`, that refuses more than `maxStretch` characters without an event (a
   * text node, a tag, an attribute value, a comment, a DOCTYPE: saxes holds each whole until it
   * ends) and nesting deeper than MAX_DEPTH. `where` names the place for the
   * error. (saxes keeps one handler per event, so ours and the caller's are composed here.)
   */
  private parser(
    where: () => Where | undefined,
    h: Handlers = {},
  ): {
    on: <K extends keyof Handlers>(event: K, fn: NonNullable<Handlers[K]>) => void;
    write: (piece: string) => void;
    close: () => void;
  } {
    const sax = new this.Saxes({ position: true });
    // Raw XML of one cell can be several times its characters (`&amp;` is 5 for 1).
    const maxStretch = Math.max(1024 * 1024, this.limits.maxCellChars * 8);
    let lastEvent = 0;
    let depth = 0;
    const seen = (): void => {
      lastEvent = sax.position;
    };
    sax.on('opentag', (tag) => {
      seen();
      if (++depth > MAX_DEPTH) {
        throw formatError(`XML 嵌套超过 ${MAX_DEPTH} 层（nested too deep）`);
      }
      h.opentag?.(tag as SaxesTagPlain);
    });
    sax.on('closetag', (tag) => {
      seen();
      depth--;
      h.closetag?.(tag as SaxesTagPlain);
    });
    sax.on('text', (text) => {
      seen();
      h.text?.(text);
    });
    sax.on('comment', seen);
    sax.on('cdata', (text) => {
      seen();
      h.text?.(text);
    });
    sax.on('processinginstruction', seen);
    // No 'xmldecl' or 'doctype' handler: either makes saxes 5× slower. A DOCTYPE needs none: saxes
    // never defines the entities of an internal subset (no "billion laughs"; using one is an error),
    // and a long one is caught by the stretch check.
    return {
      on: (event, fn) => {
        h[event] = fn;
      },
      write: (piece) => {
        sax.write(piece);
        if (sax.position - lastEvent > maxStretch) {
          const at = where();
          throw at
            ? importLimitError('cellChars', this.limits.maxCellChars, at)
            : formatError(`XML 中一段内容超过 ${maxStretch} 个字符（an XML text, tag or comment too long）`);
        }
      },
      close: () => {
        sax.close();
      },
    };
  }

  /** Parses a small part for its open tags (a part that is absent is skipped). */
  private async parse(path: string, onOpen: (tag: SaxesTagPlain) => void): Promise<void> {
    const entry = this.entries.get(path);
    if (!entry) {
      return;
    }
    const p = this.parser(() => undefined, { opentag: onOpen });
    for await (const piece of this.text(entry)) {
      p.write(piece);
    }
    p.close();
  }

  private async readStyles(path: string): Promise<void> {
    const formats = new Map<number, string>();
    const xfFormats: number[] = [];
    let inCellXfs = false;
    const entry = this.entries.get(path);
    if (!entry) {
      return;
    }
    const p = this.parser(() => undefined);
    p.on('opentag', (tag) => {
      const name = local(tag.name);
      if (name === 'numFmt' && formats.size < MAX_STYLES) {
        formats.set(Number(attr(tag, 'numFmtId')), attr(tag, 'formatCode') ?? '');
      } else if (name === 'cellXfs') {
        inCellXfs = true;
      } else if (name === 'xf' && inCellXfs && xfFormats.length < MAX_STYLES) {
        xfFormats.push(Number(attr(tag, 'numFmtId') ?? 0));
      }
    });
    p.on('closetag', (tag) => {
      if (local(tag.name) === 'cellXfs') {
        inCellXfs = false;
      }
    });
    for await (const piece of this.text(entry)) {
      p.write(piece);
    }
    p.close();
    this.dateStyles = xfFormats.map((id) => {
      const custom = formats.get(id);
      return custom !== undefined ? isDateFormatCode(custom) : DATE_FORMAT_IDS.has(id);
    });
  }

  private async readSharedStrings(path: string): Promise<void> {
    const entry = this.entries.get(path);
    if (!entry) {
      return;
    }
    const { maxSharedStrings, maxSharedStringChars, maxCellChars } = this.limits;
    let inSi = false;
    let inText = false;
    let phonetic = 0;
    let parts: string[] = [];
    let length = 0;
    const p = this.parser(() => (inSi ? { sharedString: this.strings.count + 1 } : undefined));
    p.on('opentag', (tag) => {
      const name = local(tag.name);
      if (name === 'si') {
        inSi = true;
        parts = [];
        length = 0;
      } else if (name === 'rPh') {
        phonetic++; // a phonetic guide (furigana) is not part of the cell's text
      } else if (name === 't' && inSi && phonetic === 0) {
        inText = !tag.isSelfClosing;
      }
    });
    p.on('text', (text) => {
      if (inText) {
        length += text.length;
        this.sharedChars += text.length;
        if (length > maxCellChars) {
          throw importLimitError('cellChars', maxCellChars, { sharedString: this.strings.count + 1 });
        }
        if (this.sharedChars > maxSharedStringChars) {
          throw importLimitError('sharedStringChars', maxSharedStringChars);
        }
        parts.push(text);
      }
    });
    p.on('closetag', (tag) => {
      const name = local(tag.name);
      if (name === 't') {
        inText = false;
      } else if (name === 'rPh') {
        phonetic--;
      } else if (name === 'si' && inSi) {
        inSi = false;
        if (this.strings.count >= maxSharedStrings) {
          throw importLimitError('sharedStrings', maxSharedStrings);
        }
        this.strings.add(parts.join(''));
        parts = [];
      }
    });
    for await (const piece of this.text(entry)) {
      p.write(piece);
    }
    p.close();
  }

  async *rows(sheetName?: string): AsyncGenerator<XlsxRow> {
    const sheet = sheetName === undefined ? this.sheets[0] : this.sheets.find((s) => s.name === sheetName);
    const entry = sheet && this.entries.get(sheet.path);
    if (!entry) {
      return;
    }
    const { maxRows, maxColumns, maxCellChars } = this.limits;
    const queue: XlsxRow[] = [];
    let rowCount = 0;
    let rowNumber = 0;
    let cells: (string | undefined)[] | null = null;
    let nextColumn = 1;
    let width = 0;
    // The cell being read.
    let column = 0;
    let type = '';
    let style = 0;
    let hasValue = false;
    let collecting = false;
    let inInline = false;
    let phonetic = 0;
    let parts: string[] = [];
    let length = 0;
    let inSheetData = false;

    const value = (): string => {
      const text = parts.join('');
      switch (type) {
        case 's':
          return this.strings.get(Number.parseInt(text, 10));
        case 'inlineStr':
        case 'str':
        case 'e':
          return text;
        case 'b':
          return String(Number.parseInt(text, 10) !== 0);
        case 'd':
          return text.slice(0, 10);
        default: {
          const n = Number.parseFloat(text);
          if (!Number.isFinite(n)) {
            return text;
          }
          return this.dateStyles[style] ? serialToDate(n, this.date1904) : String(n);
        }
      }
    };

    const p = this.parser(() => (cells && column > 0 ? { row: rowNumber, column } : undefined));
    p.on('opentag', (tag) => {
      const name = local(tag.name);
      if (name === 'sheetData') {
        inSheetData = true;
      } else if (!inSheetData) {
        return;
      } else if (name === 'row') {
        const r = attr(tag, 'r');
        rowNumber = r === undefined ? rowNumber + 1 : Number.parseInt(r, 10);
        if (++rowCount > maxRows || !(rowNumber <= maxRows)) {
          throw importLimitError('rows', maxRows);
        }
        cells = [];
        nextColumn = 1;
      } else if (!cells) {
        return;
      } else if (name === 'c') {
        const ref = attr(tag, 'r');
        column = ref === undefined ? nextColumn : columnOf(ref, maxColumns) || nextColumn;
        if (column > maxColumns) {
          throw importLimitError('columns', maxColumns, { row: rowNumber });
        }
        nextColumn = column + 1;
        type = attr(tag, 't') ?? 'n';
        style = Number(attr(tag, 's') ?? 0);
        hasValue = false;
        inInline = false;
        parts = [];
        length = 0;
      } else if (column === 0) {
        return;
      } else if (name === 'v') {
        hasValue = true;
        collecting = !tag.isSelfClosing;
      } else if (name === 'is') {
        inInline = true;
        hasValue = true;
      } else if (name === 'rPh') {
        phonetic++;
      } else if (name === 't' && inInline && phonetic === 0) {
        collecting = !tag.isSelfClosing;
      }
    });
    p.on('text', (text) => {
      if (collecting) {
        length += text.length;
        if (length > maxCellChars) {
          throw importLimitError('cellChars', maxCellChars, { row: rowNumber, column });
        }
        parts.push(text);
      }
    });
    p.on('closetag', (tag) => {
      const name = local(tag.name);
      if (name === 'sheetData') {
        inSheetData = false;
      } else if (!cells) {
        return;
      } else if (name === 'v' || name === 't') {
        collecting = false;
      } else if (name === 'rPh') {
        phonetic--;
      } else if (name === 'c') {
        if (hasValue && column > 0) {
          // A formula with no cached result has no value to import (its text would be the formula).
          cells[column - 1] = value();
        }
        column = 0;
      } else if (name === 'row') {
        const values = Array.from(cells, (c) => c ?? '');
        cells = null;
        if (values.every((c) => c.trim() === '')) {
          return;
        }
        // A sheet stores no trailing empty cells: a row that stops early is padded to the header's width.
        if (width === 0) {
          width = values.length;
        }
        while (values.length < width) {
          values.push('');
        }
        queue.push({ row: rowNumber, cells: values });
      }
    });
    try {
      for await (const piece of this.text(entry)) {
        p.write(piece);
        if (queue.length > 0) {
          yield* queue.splice(0);
        }
      }
      p.close();
      yield* queue.splice(0);
    } catch (e) {
      throw e instanceof AppError ? e : formatError((e as Error).message, e);
    }
  }
}

function* pieces(s: string): Generator<string> {
  let i = 0;
  while (i < s.length) {
    let end = Math.min(i + PIECE_CHARS, s.length);
    // Never cut between the two halves of a surrogate pair.
    if (end < s.length && (s.charCodeAt(end - 1) & 0xfc00) === 0xd800) {
      end--;
    }
    yield s.slice(i, end);
    i = end;
  }
}

/** A relationship target as a zip path: absolute (`/xl/x.xml`) or relative to the source's folder. */
function resolveTarget(dir: string, target: string): string {
  return target.startsWith('/') ? posix.normalize(target.slice(1)) : posix.normalize(posix.join(dir, target));
}
