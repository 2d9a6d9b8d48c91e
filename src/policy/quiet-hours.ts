// Quiet hours (1013121): no call is placed between start and end, Beijing time (UTC+8, no DST),
// which is the reference's time zone whatever the server's own.

import type { QuietHours } from '../domain/policy.js';
import { refuse, type Refusal } from './refusal.js';

export const BEIJING_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** Minutes since midnight of an "HH:MM" (00:00 to 24:00), or undefined when malformed. */
export function parseClockTime(hhmm: string): number | undefined {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm);
  if (!m) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 24 * 60 ? minutes : undefined;
}

/** Minutes since Beijing midnight at `now`. */
export function beijingMinutes(now: number): number {
  return Math.floor((((now + BEIJING_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS / 60_000);
}

/** start < end: [start, end) of one day; start > end: from start to midnight and from midnight to end; equal: never. */
export function inQuietHours(q: QuietHours, now: number): boolean {
  const start = parseClockTime(q.start);
  const end = parseClockTime(q.end);
  if (start === undefined || end === undefined || start === end) return false;
  const t = beijingMinutes(now);
  return start < end ? t >= start && t < end : t >= start || t < end;
}

export function checkQuietHours(q: QuietHours | undefined, now: number): Refusal | undefined {
  if (q && inQuietHours(q, now)) return refuse('callTimeForbidden', `no calls from ${q.start} to ${q.end} Beijing time`);
  return undefined;
}
