// How the CLI prints: JSON for scripts (--json), else short aligned text for people.

export interface Out {
  json: boolean;
}

const line = (s: string): void => {
  process.stdout.write(s + '\n');
};

/** Prints a record as "key: value" lines (or its JSON). */
export function printRecord(out: Out, value: Record<string, unknown>, note?: string): void {
  if (out.json) return line(JSON.stringify(value, null, 2));
  const width = Math.max(...Object.keys(value).map((k) => k.length));
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    line(`${k.padEnd(width)}  ${Array.isArray(v) ? v.join(', ') || '-' : String(v)}`);
  }
  if (note) line(note);
}

/** Prints rows as an aligned table of the given columns (or the JSON of the whole answer). */
export function printTable(out: Out, answer: unknown, rows: Array<Record<string, unknown>>, columns: string[]): void {
  if (out.json) return line(JSON.stringify(answer, null, 2));
  if (rows.length === 0) return line('(none)');
  const cell = (v: unknown) => (v === undefined ? '-' : Array.isArray(v) ? v.join(',') || '-' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  line(fmt(columns));
  for (const r of rows) line(fmt(columns.map((c) => cell(r[c]))));
}

/** A one-line confirmation (or the JSON answer). */
export function printDone(out: Out, answer: unknown, text: string): void {
  line(out.json ? JSON.stringify(answer ?? {}, null, 2) : text);
}

/** The record with its epoch-ms times (fields ending in "At") as ISO 8601, as the other commands print them. */
export function isoTimes(value: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) copy[k] = k.endsWith('At') && typeof v === 'number' ? new Date(v).toISOString() : v;
  return copy;
}
