// Blocks an IP after repeated authentication failures (result code 1020176: "IP blocked after too
// many authentication failures, try again in 30 minutes"). Failures are counted in a sliding
// window; at the threshold the IP is blocked for blockMs, and while blocked every request from it
// is refused before its credentials are even read, correct ones included, so a guesser learns
// nothing more. Memory is bounded: idle entries are pruned and, past maxTracked, the least
// recently active ones are dropped (unblocked ones first).
//
// Operators see and lift blocks (list, clear: GET/DELETE /v1/lockouts, `voxcall lockouts`), and a
// listener hears each block start and end (the platform logs them): when a listener is given, a
// timer per block tells it the moment the block expires.

import type { Clock, Timer } from '../../lib/clock.js';

/** A block starts, or ends: its time ran out, an operator cleared it, or memory pressure evicted it. */
export type LockoutEvent =
  | { type: 'started'; ip: string; failures: number; blockedUntil: number }
  | { type: 'ended'; ip: string; how: 'expired' | 'cleared' | 'evicted' };

/** One tracked IP as operators see it. */
export interface LockoutView {
  ip: string;
  /** Failures that caused the block (blocked), else the failures still inside the window. */
  failures: number;
  /** Set while the IP is blocked. */
  blockedUntil?: number;
  lastFailureAt?: number;
}

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
  /** Told when a block starts and when it ends. */
  onLockout?: (event: LockoutEvent) => void;
}

interface Entry {
  /** Times of the failures still inside the window, oldest first. */
  failures: number[];
  blockedUntil: number;
  /** The failures that caused the current block. */
  struck: number;
  lastFailureAt: number;
}

export class IpGuard {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly blockMs: number;
  readonly maxTracked: number;
  readonly #clock: Clock;
  // Map order is last-activity order: an entry is re-inserted whenever it changes.
  readonly #entries = new Map<string, Entry>();
  readonly #onLockout: ((event: LockoutEvent) => void) | undefined;
  /** The expiry timer of each block, only when someone listens. */
  readonly #timers = new Map<string, Timer>();

  constructor(opts: IpGuardOptions) {
    this.#clock = opts.clock;
    this.maxFailures = positive('maxFailures', opts.maxFailures ?? 10);
    this.windowMs = positive('windowMs', opts.windowMs ?? 5 * 60_000);
    this.blockMs = positive('blockMs', opts.blockMs ?? 30 * 60_000);
    this.maxTracked = positive('maxTracked', opts.maxTracked ?? 100_000);
    this.#onLockout = opts.onLockout;
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
    const e = this.#entries.get(key) ?? { failures: [], blockedUntil: 0, struck: 0, lastFailureAt: 0 };
    this.#entries.delete(key);
    const since = now - this.windowMs;
    while (e.failures.length > 0 && e.failures[0]! <= since) e.failures.shift();
    e.failures.push(now);
    e.lastFailureAt = now;
    let blocked = false;
    if (e.failures.length >= this.maxFailures) {
      e.blockedUntil = now + this.blockMs;
      e.struck = e.failures.length;
      e.failures = [];
      blocked = true;
    }
    this.#entries.set(key, e);
    if (blocked) this.#started(key, e);
    if (this.#entries.size > this.maxTracked) this.prune();
    return blocked;
  }

  #started(key: string, e: Entry): void {
    if (!this.#onLockout) return;
    this.#timers.get(key)?.cancel();
    const until = e.blockedUntil;
    this.#timers.set(key, this.#clock.setTimer(until - this.#clock.now(), () => {
      this.#timers.delete(key);
      // A block cleared, evicted or renewed since has told (or will tell) its own end.
      if (this.#entries.get(key)?.blockedUntil !== until) return;
      this.#entries.delete(key);
      this.#onLockout?.({ type: 'ended', ip: key, how: 'expired' });
    }));
    this.#onLockout({ type: 'started', ip: key, failures: e.struck, blockedUntil: until });
  }

  /** Forgets an entry; tells the listener when that lifted a block. */
  #drop(key: string, how: 'cleared' | 'evicted', now: number): void {
    const e = this.#entries.get(key);
    this.#entries.delete(key);
    this.#timers.get(key)?.cancel();
    this.#timers.delete(key);
    if (e && e.blockedUntil > now) this.#onLockout?.({ type: 'ended', ip: key, how });
  }

  /** Lifts a block and forgets the failures (the administrator "releasing the IP"); false when the IP was not tracked. */
  release(ip: string): boolean {
    const key = normalizeIp(ip);
    if (!this.#entries.has(key)) return false;
    this.#drop(key, 'cleared', this.#clock.now());
    return true;
  }

  /** Lifts every block and forgets every failure; returns how many IPs were tracked. */
  releaseAll(): number {
    const now = this.#clock.now();
    const n = this.#entries.size;
    for (const key of [...this.#entries.keys()]) this.#drop(key, 'cleared', now);
    return n;
  }

  /**
   * The IPs that matter now: blocked ones (latest block first), then those with failures inside
   * the window (most failures first), at most `limit`.
   */
  list(limit = Infinity): { lockouts: LockoutView[]; total: number } {
    const now = this.#clock.now();
    const since = now - this.windowMs;
    const all: LockoutView[] = [];
    for (const [ip, e] of this.#entries) {
      if (e.blockedUntil > now) all.push({ ip, failures: e.struck, blockedUntil: e.blockedUntil, lastFailureAt: e.lastFailureAt });
      else {
        const failures = e.failures.filter((t) => t > since).length;
        if (failures > 0) all.push({ ip, failures, lastFailureAt: e.lastFailureAt });
      }
    }
    all.sort((a, b) => (b.blockedUntil ?? 0) - (a.blockedUntil ?? 0) || b.failures - a.failures || a.ip.localeCompare(b.ip));
    return { lockouts: all.slice(0, limit), total: all.length };
  }

  /** Cancels the expiry timers (the platform closes). */
  close(): void {
    for (const t of this.#timers.values()) t.cancel();
    this.#timers.clear();
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
      if (e.blockedUntil <= now && lastFailure <= now - this.windowMs) this.#drop(ip, 'evicted', now);
    }
    const target = Math.max(1, Math.floor(this.maxTracked * 0.9));
    for (const evictBlocked of [false, true]) {
      for (const [ip, e] of this.#entries) {
        if (this.#entries.size <= target) break;
        if (evictBlocked || e.blockedUntil <= now) this.#drop(ip, 'evicted', now);
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
