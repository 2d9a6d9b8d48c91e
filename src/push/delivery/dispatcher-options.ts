// What a dispatcher is built from, and how it shows a receiver's gate (kept apart from the
// delivery loop in dispatcher.ts).

import type { Logger } from 'pino';
import type { Agent } from 'undici';
import type { Push } from '../../domain/push.js';
import type { Clock } from '../../lib/clock.js';
import type { OutboxRepo } from '../../store/types.js';
import type { Dialect } from '../dialects/types.js';
import type { BreakerOptions, BreakerState } from './breaker.js';
import type { Membership } from './partition.js';

export interface DispatcherOptions {
  outbox: OutboxRepo;
  dialects: Map<string, Dialect>;
  clock: Clock;
  /**
   * The secret that signs this push: the app's for formats that sign with it, the subscription's
   * for the others. null: the subscription has no secret (sent unsigned if the format allows it).
   * undefined: whoever signs it is gone (an unknown app, a deleted subscription); such a push is
   * given up, never sent unsigned to a receiver that was promised signatures.
   */
  secretFor: (appKey: string, push: Push) => Promise<string | null | undefined>;
  /**
   * Attempts in flight at once (default 32), shared between apps (fair-share.ts): an app takes at
   * most its share while others have attempts in flight, and an app with none may always start one.
   */
  concurrency?: number;
  /** Longest idle sleep, so pushes other nodes enqueue are seen (default 1000 ms). */
  idleCapMs?: number;
  logger?: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  /**
   * The clock the signature's Created is read from (default: the system clock). Receivers check
   * Created against their wall clock, so it must not follow a scaled or manual scheduling clock.
   */
  signingClock?: Clock;
  /** An undici Agent to send with; by default the dispatcher owns one and closes it on stop. */
  agent?: Agent;
  /** In-flight limit per receiver (app + origin) and the circuit breaker's thresholds (docs/delivery.md). */
  breaker?: Partial<BreakerOptions>;
  /** The failover URL of the push's subscription, tried at once when the primary fails. */
  failoverFor?: (push: Push) => Promise<string | undefined>;
  /** The receiver answered 410 Gone: pause that URL's endpoint (its pushes stay queued). */
  pauseEndpoint?: (url: string, reason: string) => Promise<void>;
  /** Whether an operator (or a 410) paused this URL: a paused failover URL is not tried. */
  isPaused?: (url: string) => Promise<boolean>;
  /**
   * The live dispatchers sharing the store: this one claims only the receivers it owns by
   * rendezvous hashing (partition.ts, docs/delivery.md "Several dispatchers"). Absent: it owns all.
   */
  membership?: Membership;
}

/** A receiver's gate as breakers() shows it: one app's pushes to one origin. */
export interface ReceiverBreaker {
  /** `rc_` + 16 hex digits of SHA-256(appKey, origin), the same on every node. */
  receiverId: string;
  appKey: string;
  /** `scheme://host:port` (domain/receiver.ts). */
  origin: string;
  state: BreakerState;
  inFlight: number;
  /** Consecutive failures for unavailability. */
  failures: number;
  /** While open or held by a Retry-After: when something may go again. */
  until?: number;
}
