/**
 * A plan document as the draft reader sees it: its paragraphs and its tables, each table a list of
 * rows of cells, whatever the file was (a Word document, a text export, a spreadsheet). The
 * services turn a file into this; everything after it (which table is which, what each column
 * means, what each cell says) is pure and lives in core.
 */
export const PlanSourceFormat = { DOCX: 'docx', TXT: 'txt', XLSX: 'xlsx' } as const;
export type PlanSourceFormat = (typeof PlanSourceFormat)[keyof typeof PlanSourceFormat];

export interface SourceCell {
  text: string;
  /**
   * The cell is covered by a merged cell: `above` a vertical merge (Word's `w:vMerge` continue,
   * the 领域 that spans rows), `left` a horizontal one (`w:gridSpan`, repeated in every column it spans).
   */
  merged?: 'above' | 'left';
}

export interface SourceRow {
  /** Where the row is, as its reader counts: the row of the table (DOCX), the line of the file (TXT), the sheet row (XLSX). */
  at: number;
  cells: SourceCell[];
}

export interface SourceTable {
  /** 1-based, in document order. */
  index: number;
  /** The paragraph(s) just before the table (`专栏2  …主要指标`, `附件1` + its title), or null. */
  caption: string | null;
  rows: SourceRow[];
}

export interface PlanSource {
  format: PlanSourceFormat;
  /** The body paragraphs outside the tables, in order (the first is usually the plan's title). */
  paragraphs: string[];
  tables: SourceTable[];
}

const LABEL = /^(?:专栏|附件|附表|表)\s*[0-9０-９一二三四五六七八九十]+/;

/** A caption from the paragraphs before a table: the last one, with a bare label (`附件1`) before it joined in. */
export function captionOf(before: readonly string[]): string | null {
  const last = before.at(-1)?.trim();
  if (!last) {
    return null;
  }
  const prev = before.at(-2)?.trim();
  return prev && LABEL.test(prev) && prev.replace(LABEL, '').trim() === '' && !LABEL.test(last)
    ? `${prev} ${last}`
    : last;
}

/** The label a caption starts with (`专栏2`, `附件1`), or null. */
export function captionLabel(caption: string | null): string | null {
  return caption ? (LABEL.exec(caption.trim())?.[0].replace(/\s/g, '') ?? null) : null;
}

/**
 * Reads the text layout of a plan exported from Word (the seed text): a table cell is a line that
 * starts with a tab (an empty merged cell is a lone tab), a row ends at a blank line, a cell of
 * several paragraphs goes on in lines without the tab after one blank line, and the table ends
 * at two blank lines or at a paragraph. Everything else is a paragraph.
 */
export function readPlanText(text: string): PlanSource {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const paragraphs: string[] = [];
  const tables: SourceTable[] = [];
  let table: SourceTable | null = null;
  let row: SourceRow | null = null;
  let last: SourceRow | null = null;
  let blanks = 0;
  let before: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.startsWith('\t')) {
      if (!table) {
        table = { index: tables.length + 1, caption: captionOf(before), rows: [] };
        tables.push(table);
        before = [];
      }
      if (!row) {
        row = { at: i + 1, cells: [] };
        table.rows.push(row);
      }
      row.cells.push({ text: line.slice(1) });
      blanks = 0;
      continue;
    }
    if (line.trim() === '') {
      blanks++;
      if (row) {
        last = row;
        row = null;
      }
      if (blanks >= 2) {
        table = null;
        last = null;
      }
      continue;
    }
    const open: SourceRow | null = last;
    if (table && open && blanks <= 1) {
      // A further paragraph of the last cell (`2025年` ⏎ ⏎ `目标值`); the row goes on after it.
      const cell = open.cells.at(-1);
      if (cell) {
        cell.text = `${cell.text}\n${line}`;
      }
      row = open;
      blanks = 0;
      continue;
    }
    table = null;
    last = null;
    paragraphs.push(line.trim());
    before = [...before.slice(-1), line.trim()];
    blanks = 0;
  }
  return { format: 'txt', paragraphs, tables };
}
