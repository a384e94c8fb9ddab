import { csvField } from '../files/csv-cell.js';
import { loadExcelJS } from '../lazy-libraries.js';

/** A table (analytics results, import templates) as a spreadsheet or CSV (with a BOM so Excel reads the Chinese names). */
export async function tableFile(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  format: 'csv' | 'xlsx',
  options: { sheetName?: string; numberColumns?: readonly number[] } = {},
): Promise<Buffer> {
  if (format === 'csv') {
    return Buffer.from(
      '\uFEFF' + [headers, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n',
      'utf8',
    );
  }
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(options.sheetName ?? 'analytics');
  const last = headers.length - 1;
  // By default the last column (an analytics value) is a number, so the sheet can sum and chart it.
  const numeric = new Set(options.numberColumns ?? [last]);
  ws.addRow([...headers]).font = { bold: true };
  for (const r of rows) {
    ws.addRow(
      r.map((cell, i) =>
        numeric.has(i) && cell !== '' && Number.isFinite(Number(cell)) ? Number(cell) : cell,
      ),
    );
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
