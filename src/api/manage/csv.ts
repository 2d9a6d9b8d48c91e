// RFC 4180 CSV, written by hand: quoting is the whole of it (a field with a comma, a quote or a
// line break is quoted, its quotes doubled; lines end in CRLF), which is shorter than a dependency
// and its review. Nothing here parses CSV.

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(fields: string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
