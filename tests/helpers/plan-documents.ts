import { readFileSync } from 'node:fs';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, VerticalMergeType } from 'docx';
import ExcelJS from 'exceljs';

/**
 * Plan documents for the draft tests, built from the tables of the Jiangjin 14th plan
 * (tests/fixtures/plan-documents, see its README): a Word document made with the project's own
 * `docx` library, with the 类别 that spans rows as a real vertical merge, and a workbook made with
 * ExcelJS, with the same merge as merged cells.
 */
export interface FixtureTable {
  caption: string[];
  rows: string[][];
}
export interface PlanFixture {
  title: string;
  closing: string;
  tables: FixtureTable[];
}

const dir = new URL('../fixtures/plan-documents/', import.meta.url);
export const PLAN_TEXT = new URL('jiangjin-14th-tables.txt', dir).pathname;
export const STANDARD_LIBRARY = new URL('../../packs/standard-library/metadata.json', import.meta.url)
  .pathname;

export function planFixture(): PlanFixture {
  return JSON.parse(readFileSync(new URL('jiangjin-14th-tables.json', dir), 'utf8')) as PlanFixture;
}

/** A cell as Word has it: one paragraph per line; `merge` continues the cell above (w:vMerge). */
export interface DocxCell {
  text: string;
  merge?: 'restart' | 'continue';
  span?: number;
}

export function docxTable(rows: DocxCell[][]): Table {
  return new Table({
    rows: rows.map(
      (cells) =>
        new TableRow({
          children: cells.map(
            (c) =>
              new TableCell({
                children: c.text.split('\n').map((line) => new Paragraph(line)),
                ...(c.merge
                  ? {
                      verticalMerge:
                        c.merge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE,
                    }
                  : {}),
                ...(c.span ? { columnSpan: c.span } : {}),
              }),
          ),
        }),
    ),
  });
}

/** The first column merged down over the empty cells under a filled one (the 类别 of a plan table). */
export function mergeFirstColumn(rows: string[][]): DocxCell[][] {
  return rows.map((cells, r) =>
    cells.map((text, i): DocxCell => {
      if (i !== 0 || r === 0) {
        return { text };
      }
      const next = rows[r + 1]?.[0];
      if (text === '') {
        return { text, merge: 'continue' };
      }
      return next === '' ? { text, merge: 'restart' } : { text };
    }),
  );
}

/** A DOCX of paragraphs and tables, in order. */
export async function docxOf(children: (string | Table)[]): Promise<Buffer> {
  const doc = new Document({
    sections: [{ children: children.map((c) => (typeof c === 'string' ? new Paragraph(c) : c)) }],
  });
  return Packer.toBuffer(doc);
}

/** The fixture's plan as a Word document: title, each table after its caption, the issuing line. */
export async function planDocx(f: PlanFixture = planFixture(), only?: number[]): Promise<Buffer> {
  const parts: (string | Table)[] = [f.title, '“十四五”时期是……（正文从略）'];
  f.tables.forEach((t, i) => {
    if (!only || only.includes(i + 1)) {
      parts.push(...t.caption, docxTable(mergeFirstColumn(t.rows)), '……');
    }
  });
  parts.push(f.closing);
  return docxOf(parts);
}

/**
 * The fixture's 专栏2 on the first sheet (header on row 1, the 类别 as merged cells), then after two
 * empty rows the caption and the project annex.
 */
export async function planXlsx(f: PlanFixture = planFixture()): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('主要指标');
  const [, indicators, projects] = f.tables;
  if (!indicators || !projects) {
    throw new Error('the fixture has three tables');
  }
  indicators.rows.forEach((cells) => ws.addRow(cells));
  // Each 类别 merged down over the rows of its group (sheet rows are 1-based, the header is row 1).
  for (let r = 1; r < indicators.rows.length; r++) {
    if (indicators.rows[r]?.[0] === '') {
      continue;
    }
    let end = r;
    while (indicators.rows[end + 1]?.[0] === '') {
      end++;
    }
    if (end > r) {
      ws.mergeCells(r + 1, 1, end + 1, 1);
    }
  }
  const top = indicators.rows.length + 3;
  ws.getCell(top, 1).value = projects.caption.join(' ');
  projects.rows.forEach((cells, i) => {
    ws.getRow(top + 1 + i).values = cells;
  });
  wb.addWorksheet('说明').addRow(['此表不读']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
