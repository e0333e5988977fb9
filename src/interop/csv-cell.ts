// CSV cells that a spreadsheet never runs as a formula (OWASP "CSV injection"): a text starting with
// = + - @ tab or CR, after any single quotes, is written with one more leading single quote, and
// reading removes exactly that quote again, so every value round-trips.

const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

/** The text as written to a CSV cell: one single quote added in front of a formula start. */
export function neutraliseCsvText(v: string): string {
  return FORMULA_START.test(v) ? `'${v}` : v;
}

/** The original text of a cell read from CSV: the neutralising quote removed. */
export function restoreCsvText(v: string): string {
  return NEUTRALISED.test(v) ? v.slice(1) : v;
}

/** One RFC 4180 cell: texts neutralised, then quoted when they hold a quote, a separator (, or ;) or a line break. */
export function csvCell(v: string | number): string {
  const s = typeof v === 'number' ? String(v) : neutraliseCsvText(v);
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
