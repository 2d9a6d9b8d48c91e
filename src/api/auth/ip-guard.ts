// Blocks an IP after repeated authentication failures (result code 1020176: "IP blocked after too
// many authentication failures, try again in 30 minutes"). Failures are counted in a sliding
// window; at the threshold the IP is blocked for blockMs, and while blocked every request from it
// is refused before its credentials are even read, correct ones included, so a guesser learns
// nothing more.
//
// The failures and blocks live in the store (LockoutRepo), shared by every node: the failures of
// one IP are counted together wherever they arrive, and exactly one of them starts the block. The
// request path never asks the store: it reads `#view`, this node's copy of the blocked IPs, updated
// at once by this node's own failures and releases and re-read from the store every refreshMs
// (default 1 s). So a block another node made is honoured here within refreshMs: until then that
// node answers the IP 1020176 and this one still checks its credentials, each further failure
// here reaching the store, which reports the block (and this node then honours it at once).
//
// Operators see and lift blocks (list, clear: GET/DELETE /v1/lockouts, `voxcall lockouts`), and a
// listener hears each block start and end (the platform logs them) on the node where it happened:
// a block starts on the node whose failure reached the max, which also tells its expiry (a timer
// at blockedUntil); a block ends as 'cleared' on the node that released it.

import type { Clock, Timer } from '../../lib/clock.js';
import { every } from '../../lib/every.js';
import type { Lockout, LockoutRepo } from '../../store/types.js';

/** A block starts, or ends: its time ran out, or an operator cleared it. */
export type LockoutEvent =
  | { type: 'started'; ip: string; failures: number; blockedUntil: number }
  | { type: 'ended'; ip: string; how: 'expired' | 'cleared' };

/** One tracked IP as operators see it. */
export type LockoutView = Lockout;

export interface IpGuardOptions {
  clock: Clock;
  /** Where failures and blocks are kept: the store's, shared by every node. */
  repo: LockoutRepo;
  /** Failures within windowMs that block the IP. Default 10. */
  maxFailures?: number;
  /** Sliding window the failures are counted in. Default 5 minutes. */
  windowMs?: number;
  /** How long a block lasts. Default 30 minutes, as the reference tells clients. */
  blockMs?: number;
  /** How often the blocked IPs are re-read from the store (blocks made by other nodes). Default 1 s. */
  refreshMs?: number;
  /** How often failures out of the window are deleted from the store. Default 1 minute. */
  pruneMs?: number;
  /** Told when a block starts and when it ends. */
  onLockout?: (event: LockoutEvent) => void;
  /** Told when the store fails (a failure then goes uncounted; the refresh tries again). */
  onError?: (err: unknown) => void;
}

export class IpGuard {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly blockMs: number;
  readonly refreshMs: number;
  readonly #clock: Clock;
  readonly #repo: LockoutRepo;
  /** Blocked IPs as this node knows them: ip -> blockedUntil. */
  #view = new Map<string, number>();
  /** Bumped by each change this node makes to #view; a refresh keeps changes newer than its read. */
  #seq = 0;
  readonly #changedAt = new Map<string, number>();
  readonly #onLockout: ((event: LockoutEvent) => void) | undefined;
  readonly #onError: ((err: unknown) => void) | undefined;
  /** Blocks started on this node, with the timer that tells their expiry (only when someone listens). */
  readonly #timers = new Map<string, { until: number; timer: Timer }>();
  readonly #schedules: Array<{ stop(): void }>;

  constructor(opts: IpGuardOptions) {
    this.#clock = opts.clock;
    this.#repo = opts.repo;
    this.maxFailures = positive('maxFailures', opts.maxFailures ?? 10);
    this.windowMs = positive('windowMs', opts.windowMs ?? 5 * 60_000);
    this.blockMs = positive('blockMs', opts.blockMs ?? 30 * 60_000);
    this.refreshMs = positive('refreshMs', opts.refreshMs ?? 1000);
    const pruneMs = positive('pruneMs', opts.pruneMs ?? 60_000);
    this.#onLockout = opts.onLockout;
    this.#onError = opts.onError;
    this.#schedules = [
      every(this.#clock, this.refreshMs, () => this.refresh(), this.#onError),
      every(this.#clock, pruneMs, () => this.prune(), this.#onError),
    ];
  }

  /** Until when the IP is blocked, or undefined when it is not (as this node knows: no store read). */
  blockedUntil(ip: string): number | undefined {
    const until = this.#view.get(normalizeIp(ip));
    return until !== undefined && until > this.#clock.now() ? until : undefined;
  }

  isBlocked(ip: string): boolean {
    return this.blockedUntil(ip) !== undefined;
  }

  /**
   * Counts an authentication failure; resolves true when it made the IP blocked. Never rejects:
   * a failing store is reported to onError and the failure goes uncounted.
   */
  async recordFailure(ip: string): Promise<boolean> {
    const key = normalizeIp(ip);
    const now = this.#clock.now();
    try {
      const out = await this.#repo.recordFailure(key, now, this.windowMs, this.maxFailures, this.blockMs);
      if (out.blockedUntil !== undefined && this.#view.get(key) !== out.blockedUntil) this.#set(key, out.blockedUntil);
      if (out.started) this.#started(key, out.failures, out.blockedUntil!);
      return out.started;
    } catch (err) {
      this.#onError?.(err);
      return false;
    }
  }

  #set(key: string, until: number | undefined): void {
    if (until === undefined) this.#view.delete(key);
    else this.#view.set(key, until);
    this.#changedAt.set(key, ++this.#seq);
  }

  #started(key: string, failures: number, until: number): void {
    if (!this.#onLockout) return;
    this.#cancelTimer(key);
    this.#timers.set(key, {
      until,
      timer: this.#clock.setTimer(until - this.#clock.now(), () => {
        // A block cleared since (here or on another node, see refresh) told its own end.
        if (this.#timers.get(key)?.until !== until) return;
        this.#timers.delete(key);
        if (this.#view.get(key) === until) this.#set(key, undefined);
        this.#onLockout?.({ type: 'ended', ip: key, how: 'expired' });
      }),
    });
    this.#onLockout({ type: 'started', ip: key, failures, blockedUntil: until });
  }

  #cancelTimer(key: string): void {
    this.#timers.get(key)?.timer.cancel();
    this.#timers.delete(key);
  }

  /** Forgets an IP here once the store forgot it; tells the listener when that lifted a block. */
  #forgotten(key: string, lifted: boolean): void {
    this.#set(key, undefined);
    this.#cancelTimer(key);
    if (lifted) this.#onLockout?.({ type: 'ended', ip: key, how: 'cleared' });
  }

  /** Lifts a block and forgets the failures (the administrator "releasing the IP"); false when the IP was not tracked. */
  async release(ip: string): Promise<boolean> {
    const key = normalizeIp(ip);
    const out = await this.#repo.release(key, this.#clock.now());
    if (!out) return false;
    this.#forgotten(key, out.lifted);
    return true;
  }

  /** Lifts every block and forgets every failure; resolves how many IPs were tracked. */
  async releaseAll(): Promise<number> {
    const { forgotten, lifted } = await this.#repo.releaseAll(this.#clock.now());
    const wasBlocked = new Set(lifted);
    for (const key of new Set([...this.#view.keys(), ...this.#timers.keys(), ...lifted])) this.#forgotten(key, wasBlocked.has(key));
    return forgotten;
  }

  /**
   * The IPs that matter now: blocked ones (latest block first), then those with failures inside
   * the window (most failures first), at most `limit`.
   */
  list(limit = Infinity): Promise<{ lockouts: LockoutView[]; total: number }> {
    return this.#repo.list(this.#clock.now(), this.windowMs, limit);
  }

  /**
   * Re-reads the blocked IPs from the store (blocks other nodes made or released). A change this
   * node made while the read was under way is newer than what the read saw, so it is kept.
   */
  async refresh(): Promise<void> {
    const start = this.#seq;
    const now = this.#clock.now();
    const next = new Map((await this.#repo.blocked(now)).map((r) => [r.ip, r.blockedUntil]));
    for (const [key, at] of this.#changedAt) {
      if (at <= start) continue;
      const local = this.#view.get(key);
      if (local === undefined) next.delete(key);
      else next.set(key, local);
    }
    for (const [key, at] of this.#changedAt) if (at <= start) this.#changedAt.delete(key);
    this.#view = next;
    // A block of this node's that the store no longer holds, before its time, was cleared on
    // another node (which told its end): its expiry is not told here.
    for (const [key, t] of this.#timers) {
      if (t.until > now && next.get(key) !== t.until) this.#cancelTimer(key);
    }
  }

  /** Deletes failures out of the window and IPs with nothing left from the store (also every pruneMs). */
  prune(): Promise<number> {
    return this.#repo.prune(this.#clock.now(), this.windowMs);
  }

  /** Stops the refresh and the expiry timers (the platform closes). */
  close(): void {
    for (const s of this.#schedules) s.stop();
    for (const key of [...this.#timers.keys()]) this.#cancelTimer(key);
  }

  /** Blocked IPs this node knows of. */
  get size(): number {
    let n = 0;
    const now = this.#clock.now();
    for (const until of this.#view.values()) if (until > now) n++;
    return n;
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
