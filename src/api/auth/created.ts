// The X-AKSK `Created` time. The reference says Beijing time (UTC+8) for the call APIs and UTC
// for the recording download, and writes a trailing `Z` in both; real clients send either. So a
// Created is read twice, as UTC and as Beijing time, and accepted when either reading is within
// the tolerance of now.

const BEIJING_OFFSET_MS = 8 * 3600_000;

// yyyy-MM-ddTHH:mm:ss, optional fraction (toISOString without the cut), then `Z`, `UTC` (Python's
// %Z on an aware datetime) or nothing (%Z on a naive one, table 4-2). The zone text is ignored on
// purpose: both readings are tried whatever it says.
const CREATED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|UTC)?$/;

/** The instant the text names when read as UTC (ms), or undefined when it is not a valid time. */
export function parseCreated(text: string): number | undefined {
  const m = CREATED.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 2026-02-30 over to March; a round trip catches impossible dates.
  if (new Date(ms).getUTCDate() !== d) return undefined;
  return ms;
}

export interface CreatedVerdict {
  /** Whether one of the two readings is within the tolerance of now. */
  fresh: boolean;
  /**
   * Until when the nonce must be remembered: the later reading (UTC) plus the tolerance. A nonce
   * first accepted under the Beijing reading could otherwise be replayed under the UTC reading,
   * which is 8 hours later.
   */
  retainUntil: number;
}

export function judgeCreated(asUtc: number, now: number, toleranceMs: number): CreatedVerdict {
  const asBeijing = asUtc - BEIJING_OFFSET_MS;
  const fresh = Math.abs(now - asUtc) <= toleranceMs || Math.abs(now - asBeijing) <= toleranceMs;
  return { fresh, retainUntil: asUtc + toleranceMs };
}
