// Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Honoured on 429 and 503 only,
// and clamped by the caller to the push's own schedule, so a receiver can neither stall a push
// beyond its documented schedule nor make it retry faster than the schedule allows.

/** The delay the header asks for in ms, or undefined when it is absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // An HTTP-date always names its month; Date.parse would also read "-5" as a year.
  if (!/[A-Za-z]{3}/.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The schedule's delay bounds applied to a receiver's wish. */
export function clampToSchedule(ms: number, schedule: number[]): number {
  if (schedule.length === 0) return ms;
  return Math.min(Math.max(ms, Math.min(...schedule)), Math.max(...schedule));
}
