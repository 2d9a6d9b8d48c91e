// Blocks an IP after repeated authentication failures (result code 1020176: "IP blocked after too
// many authentication failures, try again in 30 minutes"). Failures are counted in a sliding
// window; at the threshold the IP is blocked for blockMs, and while blocked every request from it
// is refused before its credentials are even read, correct ones included, so a guesser learns
// nothing more. Memory is bounded: idle entries are pruned and, past maxTracked, the least
// recently active ones are dropped (unblocked ones first).

import type { Clock } from '../../lib/clock.js';

export interface IpGuardOptions {
  clock: Clock;
  /** Failures within windowMs that block the IP. Default 10. */
  maxFailures?: number;
  /** Sliding window the failures are counted in. Default 5 minutes. */
  windowMs?: number;
  /** How long a block lasts. Default 30 minutes, as the reference tells clients. */
  blockMs?: number;
  /** IPs tracked at most. Default 100 000 (a few MB). */
  maxTracked?: number;
}

interface Entry {
  /** Times of the failures still inside the window, oldest first. */
  failures: number[];
  blockedUntil: number;
}

export class IpGuard {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly blockMs: number;
  readonly maxTracked: number;
  readonly #clock: Clock;
  // Map order is last-activity order: an entry is re-inserted whenever it changes.
  readonly #entries = new Map<string, Entry>();

  constructor(opts: IpGuardOptions) {
    this.#clock = opts.clock;
    this.maxFailures = positive('maxFailures', opts.maxFailures ?? 10);
    this.windowMs = positive('windowMs', opts.windowMs ?? 5 * 60_000);
    this.blockMs = positive('blockMs', opts.blockMs ?? 30 * 60_000);
    this.maxTracked = positive('maxTracked', opts.maxTracked ?? 100_000);
  }

  /** Until when the IP is blocked, or undefined when it is not. */
  blockedUntil(ip: string): number | undefined {
    const e = this.#entries.get(normalizeIp(ip));
    return e && e.blockedUntil > this.#clock.now() ? e.blockedUntil : undefined;
  }

  isBlocked(ip: string): boolean {
    return this.blockedUntil(ip) !== undefined;
  }

  /** Counts an authentication failure; returns true when it made the IP blocked. */
  recordFailure(ip: string): boolean {
    const key = normalizeIp(ip);
    const now = this.#clock.now();
    const e = this.#entries.get(key) ?? { failures: [], blockedUntil: 0 };
    this.#entries.delete(key);
    const since = now - this.windowMs;
    while (e.failures.length > 0 && e.failures[0]! <= since) e.failures.shift();
    e.failures.push(now);
    let blocked = false;
    if (e.failures.length >= this.maxFailures) {
      e.blockedUntil = now + this.blockMs;
      e.failures = [];
      blocked = true;
    }
    this.#entries.set(key, e);
    if (this.#entries.size > this.maxTracked) this.prune();
    return blocked;
  }

  /** Lifts a block and forgets the failures (the administrator "releasing the IP"). */
  release(ip: string): void {
    this.#entries.delete(normalizeIp(ip));
  }

  /** IPs currently tracked. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Drops entries that no longer matter (not blocked, no failure inside the window); then, while
   * still over maxTracked, the least recently active, unblocked ones before blocked ones. Evicts
   * down to 90% so a flood does not sweep on every request.
   */
  prune(): number {
    const now = this.#clock.now();
    const before = this.#entries.size;
    for (const [ip, e] of this.#entries) {
      const lastFailure = e.failures[e.failures.length - 1] ?? 0;
      if (e.blockedUntil <= now && lastFailure <= now - this.windowMs) this.#entries.delete(ip);
    }
    const target = Math.max(1, Math.floor(this.maxTracked * 0.9));
    for (const evictBlocked of [false, true]) {
      for (const [ip, e] of this.#entries) {
        if (this.#entries.size <= target) break;
        if (evictBlocked || e.blockedUntil <= now) this.#entries.delete(ip);
      }
    }
    return before - this.#entries.size;
  }
}

/** `::ffff:192.0.2.1` (IPv4 on a dual-stack socket) and `192.0.2.1` are the same client. */
export function normalizeIp(ip: string): string {
  const v = ip.trim().toLowerCase();
  return v.startsWith('::ffff:') && v.includes('.') ? v.slice(7) : v;
}

function positive(name: string, n: number): number {
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`${name} must be a positive number, got ${n}`);
  return n;
}
