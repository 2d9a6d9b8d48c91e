// Fixed counting windows, aligned on Beijing midnight (so a one-day window is the reference's
// calendar day in China) and keyed by their start, so every node sharing a store counts into the
// same row without coordinating.

import type { Limit } from '../domain/policy.js';
import type { CounterTake } from '../store/types.js';
import { BEIJING_OFFSET_MS } from './quiet-hours.js';

export function windowStart(now: number, windowS: number): number {
  const ms = windowS * 1000;
  return Math.floor((now + BEIJING_OFFSET_MS) / ms) * ms - BEIJING_OFFSET_MS;
}

/** One counter for `key` under `limit` at `now`; the window length is part of the scope so changing it starts afresh. */
export function takeFor(what: string, key: string, limit: Limit, now: number): CounterTake {
  const start = windowStart(now, limit.windowS);
  return { scope: `${what}:${limit.windowS}`, key, windowStart: start, expiresAt: start + limit.windowS * 1000, max: limit.max };
}
