import { csvField } from '../files/csv-cell.js';
import { loadExcelJS } from '../lazy-libraries.js';

/** A table (analytics results, import templates) as a spreadsheet or CSV (with a BOM so Excel reads the Chinese names). */
export async function tableFile(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  format: 'csv' | 'xlsx',
): Promise<Buffer> {
  if (format === 'csv') {
    return Buffer.from(
      '\uFEFF' + [headers, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n',
      'utf8',
    );
  }
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('analytics');
  ws.addRow([...headers]).font = { bold: true };
  for (const r of rows) {
    // The last column as a number when it is one, so the sheet can sum and chart it.
    ws.addRow(
      r.map((cell, i) =>
        i === r.length - 1 && cell !== '' && Number.isFinite(Number(cell)) ? Number(cell) : cell,
      ),
    );
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
