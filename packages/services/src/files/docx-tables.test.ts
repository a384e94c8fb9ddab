import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, VerticalMergeType } from 'docx';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readDocxSource } from './docx-tables.js';

const dir = mkdtempSync(join(tmpdir(), 'hw-docx-tables-'));
let n = 0;
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A DOCX from the body XML of word/document.xml (and the package's relationships, unless told). */
async function docx(body: string, o: { main?: string; rels?: boolean } = {}): Promise<string> {
  const main = o.main ?? 'word/document.xml';
  const zip = new JSZip();
  if (o.rels !== false) {
    zip.file(
      '_rels/.rels',
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${main}"/></Relationships>`,
    );
  }
  zip.file(main, `<?xml version="1.0"?><w:document ${W}><w:body>${body}</w:body></w:document>`);
  const path = join(dir, `d${n++}.docx`);
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return path;
}

const p = (text: string): string => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;
const tc = (inner: string, pr = ''): string => `<w:tc>${pr ? `<w:tcPr>${pr}</w:tcPr>` : ''}${inner}</w:tc>`;

describe('the tables of a Word document', () => {
  it('keeps merges: a vertical merge continues as `above`, a span repeats its text, gridBefore leaves cells', async () => {
    const path = await docx(
      [
        p('某区卫生健康发展“十四五”规划'),
        p('附件1'),
        p('重大工程项目'),
        '<w:tbl>',
        `<w:tr>${tc(p('领域'))}${tc(p('指标'))}${tc(p('2025年') + p('目标值'))}</w:tr>`,
        `<w:tr>${tc(p('健康水平'), '<w:vMerge w:val="restart"/>')}${tc(p('婴儿死亡率'))}${tc(p('≤3.5'))}</w:tr>`,
        `<w:tr>${tc(p(''), '<w:vMerge/>')}${tc(p('孕产妇死亡率'))}${tc(p('≤10'))}</w:tr>`,
        `<w:tr>${tc(p('二、健康服务'), '<w:gridSpan w:val="3"/>')}</w:tr>`,
        `<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${tc(p('床位<w:br/>数'))}${tc('<w:p><w:r><w:t>6</w:t></w:r><w:r><w:delText>7</w:delText></w:r></w:p>')}</w:tr>`,
        '</w:tbl>',
        p('印发'),
      ].join(''),
    );
    const s = await readDocxSource(path);
    expect(s.format).toBe('docx');
    expect(s.paragraphs).toEqual(['某区卫生健康发展“十四五”规划', '附件1', '重大工程项目', '印发']);
    expect(s.tables).toHaveLength(1);
    expect(s.tables[0]?.caption).toBe('附件1 重大工程项目');
    expect(s.tables[0]?.rows).toEqual([
      { at: 1, cells: [{ text: '领域' }, { text: '指标' }, { text: '2025年\n目标值' }] },
      { at: 2, cells: [{ text: '健康水平' }, { text: '婴儿死亡率' }, { text: '≤3.5' }] },
      { at: 3, cells: [{ text: '', merged: 'above' }, { text: '孕产妇死亡率' }, { text: '≤10' }] },
      {
        at: 4,
        cells: [
          { text: '二、健康服务' },
          { text: '二、健康服务', merged: 'left' },
          { text: '二、健康服务', merged: 'left' },
        ],
      },
      { at: 5, cells: [{ text: '' }, { text: '床位\n数' }, { text: '6' }] },
    ]);
  });

  it('gives a table inside a cell to that cell, reads the content once when an old reader gets a fallback, and finds the main part by the relationships', async () => {
    const path = await docx(
      [
        '<w:tbl>',
        `<w:tr>${tc(p('指标'))}${tc(`${p('说明')}<w:tbl><w:tr>${tc(p('内嵌'))}</w:tr></w:tbl>`)}</w:tr>`,
        '</w:tbl>',
        `<w:p><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:r><w:t>正文</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>正文</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>`,
      ].join(''),
      { main: 'word/document2.xml' },
    );
    const s = await readDocxSource(path);
    expect(s.tables[0]?.rows[0]?.cells).toEqual([{ text: '指标' }, { text: '说明\n内嵌' }]);
    expect(s.paragraphs).toEqual(['正文']);
  });

  it('reads what the docx library writes (the tests’ plan documents)', async () => {
    const table = new Table({
      rows: [
        new TableRow({
          children: ['类别', '指标'].map((t) => new TableCell({ children: [new Paragraph(t)] })),
        }),
        new TableRow({
          children: [
            new TableCell({
              children: [new Paragraph('健康水平')],
              verticalMerge: VerticalMergeType.RESTART,
            }),
            new TableCell({ children: [new Paragraph('婴儿死亡率')] }),
          ],
        }),
        new TableRow({
          children: [
            new TableCell({ children: [new Paragraph('')], verticalMerge: VerticalMergeType.CONTINUE }),
            new TableCell({ children: [new Paragraph('孕产妇死亡率')] }),
          ],
        }),
      ],
    });
    const path = join(dir, 'lib.docx');
    writeFileSync(
      path,
      await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('表1 指标'), table] }] })),
    );
    const s = await readDocxSource(path);
    expect(s.tables[0]?.caption).toBe('表1 指标');
    expect(s.tables[0]?.rows.map((r) => r.cells)).toEqual([
      [{ text: '类别' }, { text: '指标' }],
      [{ text: '健康水平' }, { text: '婴儿死亡率' }],
      [{ text: '', merged: 'above' }, { text: '孕产妇死亡率' }],
    ]);
  });

  it('refuses what is not a Word document, and stops at its limits', async () => {
    const text = join(dir, 'text.docx');
    writeFileSync(text, '类别\t指标');
    await expect(readDocxSource(text)).rejects.toMatchObject({ code: 'HW_PLAN_DOCUMENT' });
    const workbook = new JSZip();
    workbook.file('xl/workbook.xml', '<workbook/>');
    const wb = join(dir, 'book.docx');
    writeFileSync(wb, await workbook.generateAsync({ type: 'nodebuffer' }));
    await expect(readDocxSource(wb)).rejects.toMatchObject({ code: 'HW_PLAN_DOCUMENT', data: 'xlsx' });
    const big = await docx(`<w:tbl><w:tr>${tc(p('很长'.repeat(100)))}</w:tr></w:tbl>`);
    await expect(readDocxSource(big, { maxCellChars: 50 })).rejects.toMatchObject({
      code: 'HW_IMPORT_LIMIT',
      params: { limit: 'cellChars' },
    });
    await expect(readDocxSource(big, { maxExpandedBytes: 100 })).rejects.toMatchObject({
      code: 'HW_IMPORT_LIMIT',
      params: { limit: 'expandedBytes' },
    });
    const rows = await docx(`<w:tbl>${`<w:tr>${tc(p('x'))}</w:tr>`.repeat(5)}</w:tbl>`, { rels: false });
    await expect(readDocxSource(rows, { maxRows: 4 })).rejects.toMatchObject({ params: { limit: 'rows' } });
    expect((await readDocxSource(rows)).tables[0]?.rows).toHaveLength(5);
  });
});
