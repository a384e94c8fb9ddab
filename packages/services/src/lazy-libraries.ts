import type ExcelJS from 'exceljs';
import type * as Playwright from 'playwright-core';
import type YAML from 'yaml';

/**
 * The large third-party libraries, loaded on first use rather than when the services are
 * imported: every CLI command imports `@healthwatch/services`, and loading exceljs and
 * playwright-core up front cost each call about a second of CPU although only a few commands
 * write spreadsheets or print PDFs. Each loader starts the import once and hands every caller the
 * same promise.
 */
let exceljs: Promise<typeof ExcelJS> | undefined;
let playwright: Promise<typeof Playwright> | undefined;
let yaml: Promise<typeof YAML> | undefined;

/** exceljs (XLSX writing): the default export, as `import ExcelJS from 'exceljs'` gives it. */
export function loadExcelJS(): Promise<typeof ExcelJS> {
  return (exceljs ??= import('exceljs').then((m) => m.default));
}

/** playwright-core (the PDF printer's browser driver). */
export function loadPlaywright(): Promise<typeof Playwright> {
  return (playwright ??= import('playwright-core'));
}

/** yaml (plan files in YAML). */
export function loadYaml(): Promise<typeof YAML> {
  return (yaml ??= import('yaml').then((m) => m.default));
}
