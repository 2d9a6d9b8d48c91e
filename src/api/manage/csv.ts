// RFC 4180 CSV, written by hand: quoting is the whole of it (a field with a comma, a quote or a
// line break is quoted, its quotes doubled; lines end in CRLF), which is shorter than a dependency
// and its review. Nothing here parses CSV.
//
// Cells are also neutralised against CSV injection (OWASP, "CSV Injection"): a spreadsheet runs a
// cell that begins with `=`, `+`, `-` or `@` as a formula (tab and carriage return are listed too,
// as some applications skip them before looking), and exported cells carry text that callers and
// receivers chose (lastError, app keys). Such a cell gets a leading `'`, which spreadsheets show as
// text; docs/delivery.md says how a program reading the file undoes it.

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(fields: string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
