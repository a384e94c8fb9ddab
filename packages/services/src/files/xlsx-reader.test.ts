import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { xlsxRows } from './table-rows.js';
import { openXlsx } from './xlsx-reader.js';
import type { XlsxLimits } from './xlsx-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'hw-xlsx-reader-'));
let n = 0;

const NS =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * Writes an XLSX from raw XML parts: sheets (name and sheetData content, in the workbook's order),
 * optional shared strings and styles; `zipOrder` lists the sheets' parts in the order the zip holds them.
 */
async function workbook(o: {
  sheets: { name: string; data: string }[];
  sst?: string;
  styles?: string;
  zipOrder?: number[];
  workbookPr?: string;
}): Promise<string> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
  );
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  const rels = o.sheets.map(
    (_, i) =>
      `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  );
  if (o.sst !== undefined) {
    rels.push(`<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  }
  if (o.styles !== undefined) {
    rels.push(`<Relationship Id="rIdT" Type="${REL}/styles" Target="/xl/styles.xml"/>`);
  }
  zip.file(
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
  );
  zip.file(
    'xl/workbook.xml',
    `<?xml version="1.0"?><workbook ${NS}>${o.workbookPr ?? ''}<sheets>${o.sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
  );
  for (const i of o.zipOrder ?? o.sheets.map((_, k) => k)) {
    zip.file(
      `xl/worksheets/sheet${i + 1}.xml`,
      `<?xml version="1.0"?><worksheet ${NS}><sheetData>${o.sheets[i]?.data ?? ''}</sheetData></worksheet>`,
    );
  }
  if (o.sst !== undefined) {
    zip.file('xl/sharedStrings.xml', `<?xml version="1.0"?><sst ${NS}>${o.sst}</sst>`);
  }
  if (o.styles !== undefined) {
    zip.file('xl/styles.xml', `<?xml version="1.0"?><styleSheet ${NS}>${o.styles}</styleSheet>`);
  }
  const path = join(dir, `w${n++}.xlsx`);
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return path;
}

async function rows(
  path: string,
  limits: Partial<XlsxLimits> = {},
): Promise<{ row: number; cells: string[] }[]> {
  const out = [];
  for await (const r of xlsxRows(path, limits)) {
    out.push(r);
  }
  return out;
}

const cellsOf = (data: string): string =>
  `<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row>${data}`;

describe('the bounded XLSX reader', () => {
  it('reads what ExcelJS writes as the same text as before: numbers, booleans, dates, formulas, rich text, padding', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.addRow(['数据元', '期间', '机构', '分类', '数值', '备注']);
    ws.addRow([
      new Date('2024-03-05T00:00:00Z'),
      1.5,
      true,
      { formula: 'B2*2', result: 3 },
      { richText: [{ text: '白沙' }, { text: '镇', font: { bold: true } }] },
      'x&<y>"',
    ]);
    ws.addRow([null, '只有 B 列']);
    ws.addRow([]);
    ws.addRow(['门诊人次', 202409, { formula: 'A1' }, { error: '#N/A' }, 0.1, false]);
    const path = join(dir, 'exceljs.xlsx');
    await wb.xlsx.writeFile(path);
    expect(await rows(path)).toEqual([
      { row: 1, cells: ['数据元', '期间', '机构', '分类', '数值', '备注'] },
      { row: 2, cells: ['2024-03-05', '1.5', 'true', '3', '白沙镇', 'x&<y>"'] },
      { row: 3, cells: ['', '只有 B 列', '', '', '', ''] },
      // a formula with no cached result has no value (it used to be the JSON of the formula)
      { row: 5, cells: ['门诊人次', '202409', '', '#N/A', '0.1', 'false'] },
    ]);
  });

  it('reads the first worksheet as the workbook lists it, not as the zip orders it, and others by name', async () => {
    const path = await workbook({
      sheets: [
        { name: '说明', data: '<row r="1"><c t="inlineStr"><is><t>first</t></is></c></row>' },
        { name: '数据', data: '<row r="1"><c t="inlineStr"><is><t>second</t></is></c></row>' },
      ],
      zipOrder: [1, 0],
    });
    expect(await rows(path)).toEqual([{ row: 1, cells: ['first'] }]);
    const book = await openXlsx(path);
    try {
      expect(book.sheets.map((s) => s.name)).toEqual(['说明', '数据']);
      const second = [];
      for await (const r of book.rows('数据')) {
        second.push(r.cells);
      }
      expect(second).toEqual([['second']]);
      const none = [];
      for await (const r of book.rows('没有')) {
        none.push(r);
      }
      expect(none).toEqual([]);
    } finally {
      book.close();
    }
  });

  it('reads shared strings (rich runs, no phonetic guide), inline strings, str/e/b/d cells, date styles and the 1904 system', async () => {
    const path = await workbook({
      sheets: [
        {
          name: 'S',
          data: [
            '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v></c><c r="D2" t="s"><v>9</v></c></row>',
            '<row r="3"><c r="A3" t="inlineStr"><is><r><t>a</t></r><r><t xml:space="preserve"> b</t></r></is></c><c r="B3" t="str"><f>X</f><v>公式</v></c><c r="C3" t="e"><v>#DIV/0!</v></c><c r="D3" t="b"><v>0</v></c></row>',
            '<row r="4"><c r="A4" s="1"><v>45292</v></c><c r="B4" s="2"><v>45292.75</v></c><c r="C4" s="3"><v>0.5</v></c><c r="D4" t="d"><v>2024-06-30T00:00:00Z</v></c></row>',
            '<row r="5"><c r="C5"><v>1E3</v></c><c r="B5"><v>7</v></c></row>',
          ].join(''),
        },
      ],
      sst: '<si><t>门诊人次</t></si><si><r><rPr><b/></rPr><t>白沙</t></r><r><t>镇</t></r></si><si><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh></si>',
      styles:
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="20"/></cellXfs>',
    });
    expect(await rows(path)).toEqual([
      { row: 2, cells: ['门诊人次', '白沙镇', '漢字', ''] },
      { row: 3, cells: ['a b', '公式', '#DIV/0!', 'false'] },
      // a time-only format (id 20) stays a number
      { row: 4, cells: ['2024-01-01', '2024-01-01', '0.5', '2024-06-30'] },
      { row: 5, cells: ['', '7', '1000', ''] },
    ]);
    const in1904 = await workbook({
      sheets: [{ name: 'S', data: '<row r="1"><c r="A1" s="1"><v>0</v></c></row>' }],
      styles: '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>',
      workbookPr: '<workbookPr date1904="1"/>',
    });
    expect(await rows(in1904)).toEqual([{ row: 1, cells: ['1904-01-01'] }]);
  });

  it('refuses each limit with HW_IMPORT_LIMIT naming the limit, its value and the place', async () => {
    const manyRows = await workbook({
      sheets: [
        {
          name: 'S',
          data: cellsOf(
            Array.from(
              { length: 20 },
              (_, i) => `<row r="${i + 2}"><c r="A${i + 2}"><v>${i}</v></c></row>`,
            ).join(''),
          ),
        },
      ],
    });
    expect((await rows(manyRows)).length).toBe(21);
    await expect(rows(manyRows, { maxRows: 10 })).rejects.toMatchObject({
      code: 'HW_IMPORT_LIMIT',
      status: 413,
      message: '文件超出导入上限：行数超过 10 行，未导入任何数据',
    });
    const farRow = await workbook({
      sheets: [{ name: 'S', data: cellsOf('<row r="1048577"><c><v>1</v></c></row>') }],
    });
    await expect(rows(farRow)).rejects.toMatchObject({
      code: 'HW_IMPORT_LIMIT',
      message: expect.stringContaining('行数超过 1048576 行') as unknown,
    });

    const wide = await workbook({
      sheets: [{ name: 'S', data: cellsOf('<row r="2"><c r="K2"><v>1</v></c></row>') }],
    });
    await expect(rows(wide, { maxColumns: 10 })).rejects.toMatchObject({
      message: '文件超出导入上限：列数超过 10 列（第 2 行），未导入任何数据',
    });
    const farColumn = await workbook({
      sheets: [{ name: 'S', data: cellsOf('<row r="2"><c r="XFD2"><v>1</v></c></row>') }],
    });
    await expect(rows(farColumn)).rejects.toMatchObject({
      message: expect.stringContaining('列数超过 1000 列（第 2 行）') as unknown,
    });

    const long = await workbook({
      sheets: [
        {
          name: 'S',
          data: cellsOf(`<row r="3"><c r="B3" t="inlineStr"><is><t>${'长'.repeat(101)}</t></is></c></row>`),
        },
      ],
    });
    const e = await rows(long, { maxCellChars: 100 }).catch((x: unknown) => x);
    expect(e).toMatchObject({
      code: 'HW_IMPORT_LIMIT',
      message: '文件超出导入上限：单元格内容超过 100 个字符（第 3 行 B 列），未导入任何数据',
    });
    expect((e as { localizedMessage: (l: 'en') => string }).localizedMessage('en')).toBe(
      'The file exceeds an import limit: a cell longer than 100 characters (row 3, column B); nothing was imported',
    );
    expect((await rows(long, { maxCellChars: 101 }))[1]?.cells[1]).toBe('长'.repeat(101));

    const sst = Array.from({ length: 11 }, (_, i) => `<si><t>字符串${i}</t></si>`).join('');
    const strings = await workbook({
      sheets: [{ name: 'S', data: '<row r="1"><c t="s"><v>10</v></c></row>' }],
      sst,
    });
    expect(await rows(strings, { maxSharedStrings: 11 })).toEqual([{ row: 1, cells: ['字符串10'] }]);
    await expect(rows(strings, { maxSharedStrings: 10 })).rejects.toMatchObject({
      message: '文件超出导入上限：共享字符串超过 10 个，未导入任何数据',
    });
    await expect(rows(strings, { maxSharedStringChars: 40 })).rejects.toMatchObject({
      message: '文件超出导入上限：共享字符串总长度超过 40 个字符，未导入任何数据',
    });
    await expect(rows(strings, { maxCellChars: 4 })).rejects.toMatchObject({
      message: expect.stringContaining('单元格内容超过 4 个字符（第 11 个共享字符串）') as unknown,
    });

    // The declared sizes already pass the limit: refused before inflating anything.
    const big = await workbook({
      sheets: [{ name: 'S', data: cellsOf('<row r="2"><c><v>1</v></c></row>'.repeat(5000)) }],
    });
    await expect(rows(big, { maxExpandedBytes: 64 * 1024 })).rejects.toMatchObject({
      message: '文件超出导入上限：解压后超过 64 KB，未导入任何数据',
    });
    expect((await rows(big)).length).toBe(5001);
  });

  it('bounds what the XML parser holds: a long stretch without a tag, no entity expansion, deep nesting', async () => {
    const unbroken = await workbook({
      sheets: [
        {
          name: 'S',
          data: `<row r="1"><c r="A1" t="inlineStr"><is><t>${'x'.repeat(2 * 1024 * 1024)}</t></is></c></row>`,
        },
      ],
    });
    await expect(rows(unbroken)).rejects.toMatchObject({
      code: 'HW_IMPORT_LIMIT',
      message: expect.stringContaining('单元格内容超过 32767 个字符（第 1 行 A 列）') as unknown,
    });
    const attribute = await workbook({
      sheets: [{ name: 'S', data: `<row r="1" x="${'y'.repeat(2 * 1024 * 1024)}"></row>` }],
    });
    await expect(rows(attribute)).rejects.toMatchObject({
      code: 'HW_IMPORT_FORMAT',
      message: expect.stringContaining('XML 中一段内容超过 1048576 个字符') as unknown,
    });
    const gap = await workbook({
      sheets: [
        { name: 'S', data: `<row r="1"><c><v>1</v></c></row>${' '.repeat(2 * 1024 * 1024)}<row r="2"/>` },
      ],
    });
    await expect(rows(gap)).rejects.toMatchObject({ code: 'HW_IMPORT_FORMAT' });
    // Under the bound, padding is only padding.
    const padded = await workbook({
      sheets: [
        {
          name: 'S',
          data: `<row r="1"><c><v>1</v></c></row>${' '.repeat(512 * 1024)}<row r="2"><c><v>2</v></c></row>`,
        },
      ],
    });
    expect((await rows(padded)).map((r) => r.cells)).toEqual([['1'], ['2']]);

    const zip = new JSZip();
    zip.file(
      'xl/workbook.xml',
      '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><workbook>&lol2;</workbook>',
    );
    const doctype = join(dir, 'doctype.xlsx');
    writeFileSync(doctype, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    // saxes defines no entity of an internal subset: using one is an error, never an expansion.
    await expect(rows(doctype)).rejects.toMatchObject({
      code: 'HW_IMPORT_FORMAT',
      message: expect.stringContaining('undefined entity') as unknown,
    });

    const deep = await workbook({
      sheets: [{ name: 'S', data: `<row r="1">${'<x>'.repeat(100)}${'</x>'.repeat(100)}</row>` }],
    });
    await expect(rows(deep)).rejects.toMatchObject({
      code: 'HW_IMPORT_FORMAT',
      message: expect.stringContaining('嵌套') as unknown,
    });
  });

  it('answers HW_IMPORT_FORMAT for what is not an XLSX, and HW_IMPORT_EMPTY for an empty file', async () => {
    const text = join(dir, 'text.xlsx');
    writeFileSync(text, 'not a zip at all');
    await expect(rows(text)).rejects.toMatchObject({
      code: 'HW_IMPORT_FORMAT',
      message: expect.stringContaining('不是有效的 XLSX 文件') as unknown,
    });
    const empty = join(dir, 'empty.xlsx');
    writeFileSync(empty, '');
    await expect(rows(empty)).rejects.toMatchObject({ code: 'HW_IMPORT_EMPTY' });
    const broken = await workbook({ sheets: [{ name: 'S', data: '<row r="1"><c><v>1</v></row>' }] });
    await expect(rows(broken)).rejects.toMatchObject({ code: 'HW_IMPORT_FORMAT' });
  });
});
