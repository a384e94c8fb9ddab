/**
 * CSV cells as spreadsheets read them. Excel, WPS and LibreOffice run a cell that starts with
 * `=`, `+`, `-`, `@` (or a tab or carriage return before one) as a formula, so a comment or a name
 * typed by one user could run on the machine of whoever opens the export. Such text is written
 * with a leading apostrophe (the spreadsheets' own "this is text" mark); numbers (`-5`, `+3.2`)
 * stay numbers. Importers undo the mark with {@link unneutralizeCsvText}.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function neutralizeFormula(s: string): string {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

/** The inverse of {@link neutralizeFormula} for text read back from our own CSV. */
export function unneutralizeCsvText(s: string): string {
  return s.startsWith("'") && FORMULA_START.test(s.slice(1)) && !PLAIN_NUMBER.test(s.slice(1))
    ? s.slice(1)
    : s;
}

/**
 * One RFC 4180 field, formula-neutralized. Minimal quoting: writing CSV needs no parser, and this
 * keeps a million-row export allocation-light.
 */
export function csvField(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) {
    return '';
  }
  const s = typeof v === 'string' ? neutralizeFormula(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
