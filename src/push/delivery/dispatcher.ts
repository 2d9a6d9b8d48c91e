// The dispatcher: claims due pushes from the outbox, sends them, records each attempt and moves
// each push on (delivered, retried per its schedule, or failed). It knows no push format: the
// dialect named by the push builds the body, signs it and judges the answer.

import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { Agent } from 'undici';
import type { Push, PushAttempt, PushNext } from '../../domain/push.js';
import { systemClock, type Clock, type Timer } from '../../lib/clock.js';
import { newNonce } from '../../lib/aksk.js';
import type { OutboxRepo } from '../../store/types.js';
import type { Dialect } from '../dialects/types.js';
import { classifyResponse } from './classify.js';
import type { DispatcherEventMap } from './events.js';
import { createAgent, send } from './sender.js';

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
  /** Attempts in flight at once (default 32). */
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
}

export class Dispatcher extends EventEmitter<DispatcherEventMap> {
  readonly #o: DispatcherOptions;
  readonly #concurrency: number;
  readonly #idleCap: number;
  readonly #leaseMs: number;
  readonly #maxTimeoutMs: number;
  #agent: Agent;
  readonly #ownsAgent: boolean;
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #timer: Timer | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  #pending: Promise<number> | undefined;

  constructor(opts: DispatcherOptions) {
    super();
    this.#o = opts;
    this.#concurrency = Math.max(1, opts.concurrency ?? 32);
    this.#idleCap = opts.idleCapMs ?? 1000;
    // The lease outlives the longest attempt twice over plus a second, so a live node's attempt
    // is never re-claimed by another; a dead node's pushes come back once it expires.
    this.#maxTimeoutMs = Math.max(1, ...[...opts.dialects.values()].map((d) => d.attemptTimeoutMs));
    // Attempts time out in real time while leases are read on the scheduling clock: on a clock
    // that runs `rate` times faster, the lease must be that much longer to cover the same attempt.
    this.#leaseMs = Math.ceil((this.#maxTimeoutMs * 2 + 1000) * (opts.clock.rate ?? 1));
    this.#ownsAgent = opts.agent === undefined;
    this.#agent = opts.agent ?? createAgent();
  }

  get leaseMs(): number {
    return this.#leaseMs;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  start(): void {
    if (this.#running) return;
    // An owned agent is closed by stop(); a restart gets a fresh one.
    if (this.#ownsAgent && (this.#agent.closed || this.#agent.destroyed)) this.#agent = createAgent();
    this.#running = true;
    void this.#requestTick();
  }

  /** Stops claiming, waits for the attempts in flight to be recorded. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#timer?.cancel();
    this.#timer = undefined;
    await this.#chain;
    await Promise.allSettled([...this.#inFlight]);
    if (this.#ownsAgent) await this.#agent.close();
  }

  /** Something was enqueued: look for due pushes now rather than at the next timer. */
  wake(): void {
    if (this.#running) void this.#requestTick();
  }

  /** Resolves when nothing is due at clock.now() and nothing is in flight (for tests and demos). */
  async drain(): Promise<void> {
    for (;;) {
      const claimed = await this.#requestTick();
      if (this.#inFlight.size > 0) {
        await Promise.allSettled([...this.#inFlight]);
        continue;
      }
      if (claimed === 0 || !this.#running) return;
    }
  }

  /** Ticks run one at a time; requests made while one waits to start share it. */
  #requestTick(): Promise<number> {
    if (this.#pending) return this.#pending;
    const p = this.#chain.then(() => {
      this.#pending = undefined;
      return this.#tick();
    });
    this.#pending = p;
    this.#chain = p.catch(() => 0);
    return p;
  }

  async #tick(): Promise<number> {
    if (!this.#running) return 0;
    this.#timer?.cancel();
    this.#timer = undefined;
    let claimed = 0;
    try {
      for (;;) {
        const free = this.#concurrency - this.#inFlight.size;
        if (free <= 0) return claimed; // each completion asks for a tick
        const batch = await this.#o.outbox.claim(this.#o.clock.now(), free, this.#leaseMs, (name) =>
          this.#o.dialects.get(name)?.maxBatch ?? 1);
        for (const push of batch) this.#launch(push);
        claimed += batch.length;
        if (batch.length < free) break;
      }
      const next = await this.#o.outbox.nextDueAt();
      const wait = next === undefined ? this.#idleCap : Math.min(this.#idleCap, next - this.#o.clock.now());
      if (wait > 0) this.#arm(wait);
      // Due already: became due after the claim (go again), or cannot be claimed (wait the cap).
      else if (claimed > 0) void this.#requestTick();
      else this.#arm(this.#idleCap);
    } catch (err) {
      this.emit('storeError', err);
      this.#o.logger?.error({ err }, 'push dispatcher: store error, retrying after the idle cap');
      this.#arm(this.#idleCap);
    }
    return claimed;
  }

  #arm(ms: number): void {
    if (!this.#running) return;
    this.#timer?.cancel();
    this.#timer = this.#o.clock.setTimer(ms, () => {
      this.#timer = undefined;
      void this.#requestTick();
    });
  }

  #launch(push: Push): void {
    const run: Promise<void> = this.#attempt(push)
      .catch((err: unknown) => {
        // Only the store can throw here (sending never does); the lease brings the push back.
        this.emit('storeError', err);
        this.#o.logger?.error({ err, pushId: push.id }, 'push dispatcher: could not record an attempt');
      })
      .finally(() => {
        this.#inFlight.delete(run);
        if (this.#running) void this.#requestTick();
      });
    this.#inFlight.add(run);
  }

  async #attempt(push: Push): Promise<void> {
    const n = push.attempts + 1;
    const at = this.#o.clock.now();
    const dialect = this.#o.dialects.get(push.dialect);
    if (!dialect) return this.#giveUp(push, { pushId: push.id, n, at, latencyMs: 0, ok: false, error: `unknown dialect "${push.dialect}"` });
    const secret = await this.#o.secretFor(push.appKey, push);
    // Unsigned pushes would be refused by any receiver that checks X-AKSK and would leak the
    // payload to one that does not: fail it, kept for a replay once the app is fixed. Formats
    // whose documents have no signature go unsigned when their subscription has no secret.
    if (secret === undefined || (secret === null && !dialect.signatureOptional)) {
      const why = push.subscriptionId !== undefined && secret === undefined ? `subscription ${push.subscriptionId} is gone` : `no secret for app ${push.appKey}`;
      return this.#giveUp(push, { pushId: push.id, n, at, latencyMs: 0, ok: false, error: `${why}: not sent` });
    }

    const body = dialect.body(push.kind, push.items);
    const headers = dialect.headers({
      url: push.url, body, appKey: push.appKey, messageId: push.id,
      now: (this.#o.signingClock ?? systemClock).now(), nonce: newNonce(),
      ...(typeof secret === 'string' ? { secret } : {}),
    });
    // Never longer than the lease allows (see the constructor).
    const timeoutMs = Math.min(push.timeoutMs, this.#maxTimeoutMs);
    const res = await send(this.#agent, push.url, headers, body, timeoutMs);

    const attempt: PushAttempt = { pushId: push.id, n, at, latencyMs: res.latencyMs, ok: false };
    if (res.kind === 'response') {
      attempt.httpStatus = res.status;
      attempt.responseHead = res.body.slice(0, 1024);
      const verdict = dialect.judge(res.status, res.body, push.kind);
      attempt.ok = verdict.ok;
      if (!verdict.ok) {
        attempt.errorClass = classifyResponse(res.status, dialect.judge(200, res.body, push.kind).ok);
        attempt.error = verdict.reason ?? `HTTP ${res.status}`;
      }
    } else {
      attempt.errorClass = res.errorClass;
      attempt.error = res.error;
    }
    await this.#settle(push, attempt);
  }

  /** Records the attempt and the next state; `retry` false skips the schedule (nothing to wait for). */
  async #settle(push: Push, attempt: PushAttempt, retry = true): Promise<void> {
    let next: PushNext;
    const delay = retry ? push.schedule[attempt.n - 1] : undefined;
    if (attempt.ok) next = { state: 'delivered' };
    else if (delay !== undefined) next = { state: 'queued', nextAt: this.#o.clock.now() + delay };
    else next = { state: 'failed' };
    await this.#o.outbox.complete(attempt, next);

    const after: Push = { ...push, attempts: attempt.n, state: next.state };
    if (!attempt.ok) after.lastError = attempt.error ?? attempt.errorClass ?? 'failed';
    this.emit('attempt', after, attempt);
    const log = { pushId: push.id, kind: push.kind, url: push.url, n: attempt.n, status: attempt.httpStatus, errorClass: attempt.errorClass };
    if (next.state === 'delivered') {
      after.deliveredAt = attempt.at;
      this.emit('delivered', after, attempt);
      this.#o.logger?.debug(log, 'push delivered');
    } else if (next.state === 'queued') {
      after.nextAt = next.nextAt;
      this.emit('retry', after, attempt, next.nextAt);
      this.#o.logger?.info({ ...log, nextAt: next.nextAt }, 'push attempt failed, will retry');
    } else {
      this.emit('failed', after, attempt);
      this.#o.logger?.warn(log, 'push failed: schedule exhausted');
    }
  }

  #giveUp(push: Push, attempt: PushAttempt): Promise<void> {
    return this.#settle(push, attempt, false);
  }
}
