// Wall-clock arithmetic in IANA time zones, with Intl only (no time-zone library): an instant's
// local time, and the first instant at or after a local time (DST gaps and overlaps included).
//
// "Local ms" is a wall time written as if it were UTC: Date.UTC(year, month, day, hour, minute).

const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    if (formatters.size > 500) formatters.clear();
    formatters.set(zone, f);
  }
  return f;
}

/** Whether Intl knows the zone (an IANA name such as "Asia/Shanghai", or "UTC"). */
export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at the instant (ms; east positive). Zone offsets are whole minutes. */
export function offsetAt(zone: string, at: number): number {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(at / 1000) * 1000;
}

/** The instant's local time as local ms. */
export const localOf = (zone: string, at: number): number => at + offsetAt(zone, at);

/**
 * The first instant whose local time is at or after `local`: where the wall time happens twice
 * (clocks go back) the first occurrence; where it never happens (clocks go forward) the instant
 * the gap ends, when the clock jumps past it.
 */
export function instantOf(zone: string, local: number): number {
  // At most one transition within a day either side: the offsets before and after it bound the answer.
  const early = local - Math.max(offsetAt(zone, local - DAY), offsetAt(zone, local + DAY));
  const late = local - Math.min(offsetAt(zone, local - DAY), offsetAt(zone, local + DAY));
  for (const t of early === late ? [early] : [early, late]) if (localOf(zone, t) === local) return t;
  // In a gap: the first instant in [early, late] whose local time reaches `local` (local time
  // only grows there, by a jump at the transition); offsets are whole minutes.
  let lo = early;
  let hi = late;
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (localOf(zone, mid) >= local) hi = mid;
    else lo = mid;
  }
  return localOf(zone, lo) >= local ? lo : hi;
}

/** The local date of local ms as days since 1970-01-01. */
export const dayOf = (local: number): number => Math.floor(local / DAY);

/** ISO weekday (1 = Monday ... 7 = Sunday) of a day number (1970-01-01 was a Thursday). */
export const weekdayOf = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

/** "YYYY-MM-DD" of a day number. */
export const isoDateOf = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);

export { DAY };
