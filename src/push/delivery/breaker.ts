// Receiver isolation: a limit of attempts in flight per receiver, a circuit breaker, and holds a
// receiver asked for (Retry-After). Kept in memory per node: a breaker reacts to what this node
// sees within seconds, and a restart that forgets it only costs one probe's worth of attempts.
// A gate is named by an opaque key; the dispatcher keys them by receiver (one app's pushes to one
// origin, domain/receiver.ts). States and thresholds are tabled in docs/delivery.md.

import type { AttemptErrorClass } from '../../domain/push.js';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  /** Attempts in flight at once per gate (per receiver). */
  maxInFlight: number;
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** First cool-down; each failed probe doubles it, up to maxCooldownMs. */
  cooldownMs: number;
  maxCooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { maxInFlight: 8, failureThreshold: 5, cooldownMs: 30_000, maxCooldownMs: 600_000 };

export interface GateView {
  key: string;
  state: BreakerState;
  inFlight: number;
  failures: number;
  /** While open or held: when a probe (or anything) may go. */
  until?: number;
}

interface Gate {
  inFlight: number;
  failures: number;
  state: 'closed' | 'open';
  /** Open: when a probe may go. Also a receiver's hold (Retry-After) while closed. */
  until: number;
  cooldownMs: number;
  probing: boolean;
  /** When the last attempt ended (to forget gates nobody sends to any more). */
  lastAt: number;
}

/** Failures that say the receiver is unavailable (not that it refused this one push). */
export function isUnavailable(errorClass: AttemptErrorClass | undefined, status: number | undefined): boolean {
  if (status !== undefined) return status >= 500 || status === 429;
  return errorClass === 'timeout' || errorClass === 'refused' || errorClass === 'network' || errorClass === 'dns' || errorClass === 'tls';
}

export class EndpointGates {
  readonly #o: BreakerOptions;
  readonly #gates = new Map<string, Gate>();

  constructor(opts: Partial<BreakerOptions> = {}) {
    this.#o = { ...DEFAULT_BREAKER, ...opts };
  }

  #gate(key: string): Gate {
    let g = this.#gates.get(key);
    if (!g) {
      g = { inFlight: 0, failures: 0, state: 'closed', until: 0, cooldownMs: this.#o.cooldownMs, probing: false, lastAt: 0 };
      this.#gates.set(key, g);
    }
    return g;
  }

  state(key: string, now: number): BreakerState {
    const g = this.#gates.get(key);
    if (!g || g.state === 'closed') return 'closed';
    return now >= g.until ? 'half_open' : 'open';
  }

  /** How many more attempts the endpoint may take now. */
  room(key: string, now: number): number {
    const g = this.#gates.get(key);
    if (!g) return this.#o.maxInFlight;
    if (now < g.until) return 0; // open, or held by the receiver's Retry-After
    if (g.state === 'open') return g.probing || g.inFlight > 0 ? 0 : 1; // half-open: one probe
    return Math.max(0, this.#o.maxInFlight - g.inFlight);
  }

  /** An attempt starts; in half-open it is the probe. */
  begin(key: string, now: number): void {
    const g = this.#gate(key);
    g.inFlight++;
    if (g.state === 'open' && now >= g.until) g.probing = true;
  }

  /**
   * An attempt ended. `unavailable`: it failed in a way that counts against the receiver (no
   * answer, 5xx, 429); false: any other answer, even a refusal, shows the receiver is up; null:
   * nothing was sent (no secret, unknown format), which says nothing about the receiver.
   */
  end(key: string, now: number, unavailable: boolean | null): void {
    const g = this.#gate(key);
    g.inFlight = Math.max(0, g.inFlight - 1);
    g.lastAt = now;
    const wasProbe = g.probing;
    g.probing = false;
    if (unavailable === null) {
      // The probe slot is free again; the next due push probes.
    } else if (!unavailable) {
      g.failures = 0;
      g.state = 'closed';
      g.cooldownMs = this.#o.cooldownMs;
    } else {
      g.failures++;
      if (g.state === 'open' && wasProbe) {
        g.cooldownMs = Math.min(g.cooldownMs * 2, this.#o.maxCooldownMs);
        g.until = now + g.cooldownMs;
      } else if (g.state === 'closed' && g.failures >= this.#o.failureThreshold) {
        g.state = 'open';
        // A longer Retry-After hold already in place stands.
        g.until = Math.max(g.until, now + g.cooldownMs);
      }
    }
    if (g.state === 'closed' && g.inFlight === 0 && g.failures === 0 && g.until <= now) this.#gates.delete(key);
  }

  /** The receiver asked for a pause (Retry-After): nothing goes to it before `until`. */
  hold(key: string, until: number): void {
    const g = this.#gate(key);
    g.until = Math.max(g.until, until);
  }

  /** When the next gate opens (for the dispatcher's timer), or undefined. */
  nextChangeAt(now: number): number | undefined {
    this.#forget(now);
    let next: number | undefined;
    for (const g of this.#gates.values()) if (g.until > now && (next === undefined || g.until < next)) next = g.until;
    return next;
  }

  /**
   * Apps choose push URLs (hosts too) per request, so gates nobody sends to any more must go: an idle
   * closed gate once its failures are a cool-down old (a failure streak spread wider than that is
   * no outage), an idle open one once it has waited the longest cool-down for a probe that never
   * came (nothing is queued for it; the next push starts afresh).
   */
  #forget(now: number): void {
    for (const [key, g] of this.#gates) {
      if (g.inFlight > 0 || g.until > now) continue;
      const idle = now - g.lastAt;
      if (g.state === 'closed' ? idle >= this.#o.cooldownMs : idle >= this.#o.maxCooldownMs) this.#gates.delete(key);
    }
  }

  /** Every gate not plainly closed and idle, for metrics and the management API. */
  list(now: number): GateView[] {
    this.#forget(now);
    return [...this.#gates].map(([key, g]) => ({
      key, state: this.state(key, now), inFlight: g.inFlight, failures: g.failures,
      ...(g.until > now ? { until: g.until } : {}),
    }));
  }
}
