// The dispatcher: claims due pushes from the outbox, sends them, records each attempt and moves
// each push on (delivered, retried per its schedule, or failed). It knows no push format: the
// dialect named by the push builds the body, signs it and judges the answer.

import { EventEmitter } from 'node:events';
import type { DispatcherOptions, ReceiverBreaker } from './dispatcher-options.js';
import type { Agent } from 'undici';
import type { Push, PushAttempt } from '../../domain/push.js';
import { parseReceiverKey, receiverId, receiverKey } from '../../domain/receiver.js';
import type { Timer } from '../../lib/clock.js';
import type { ClaimGate } from '../../store/types.js';
import type { Hints } from './attempt.js';
import { attemptPush, type AttemptContext } from './attempt-push.js';
import { EndpointGates } from './breaker.js';
import { AppShares } from './fair-share.js';
import { nextStateOf } from './next-state.js';
import { OutageLog } from './outage-log.js';
import { ReceiverPartition } from './partition.js';
import type { DispatcherEventMap } from './events.js';
import { createAgent } from './sender.js';

export type { DispatcherOptions, ReceiverBreaker } from './dispatcher-options.js';

export class Dispatcher extends EventEmitter<DispatcherEventMap> {
  readonly #o: DispatcherOptions;
  readonly #concurrency: number;
  readonly #idleCap: number;
  readonly #leaseMs: number;
  readonly #maxTimeoutMs: number;
  #agent: Agent;
  readonly #ownsAgent: boolean;
  readonly #inFlight = new Set<Promise<void>>();
  /** Ids of the pushes being attempted (for the operator's deliver-now). */
  readonly #inFlightIds = new Set<string>();
  readonly #gates: EndpointGates;
  readonly #attemptContext: AttemptContext;
  readonly #shares: AppShares;
  readonly #partition: ReceiverPartition | undefined;
  #running = false;
  #timer: Timer | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  #pending: Promise<number> | undefined;
  readonly #outage: OutageLog;

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
    this.#gates = new EndpointGates(opts.breaker);
    this.#shares = new AppShares(this.#concurrency);
    this.#partition = opts.membership && new ReceiverPartition(opts.membership);
    this.#ownsAgent = opts.agent === undefined;
    this.#agent = opts.agent ?? createAgent();
    this.#outage = new OutageLog(opts.logger);
    this.#attemptContext = { o: opts, gates: this.#gates, agent: () => this.#agent, maxTimeoutMs: this.#maxTimeoutMs };
  }

  get leaseMs(): number {
    return this.#leaseMs;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Whether an attempt of this push is running on this node. */
  isInFlight(pushId: string): boolean {
    return this.#inFlightIds.has(pushId);
  }

  /**
   * Runs `fn` between two ticks, never between a claim and the launch of what it claimed, so
   * `isInFlight` inside it is exact for every push this node leased (deliver-now relies on it).
   */
  between<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.#chain.then(fn);
    this.#chain = p.catch(() => 0);
    return p;
  }

  /** Receivers whose gate is not plainly closed and idle: breaker state, attempts in flight. */
  breakers(): ReceiverBreaker[] {
    return this.#gates.list(this.#o.clock.now()).map(({ key, ...g }) => {
      const r = parseReceiverKey(key);
      return { receiverId: receiverId(r), ...r, ...g };
    });
  }

  /** Apps with attempts in flight, and how many each (the fair share's view). */
  appsInFlight(): { appKey: string; inFlight: number }[] {
    return this.#shares.list();
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

  /**
   * Resolves when no tick runs or waits and no attempt is in flight: the dispatcher has done what
   * it was woken for (an enqueue, its timer). Unlike drain() it reads nothing from the store, so
   * a manual clock can wait for it after every timer (ManualClock.whenIdle) at no cost.
   */
  async idle(): Promise<void> {
    for (;;) {
      await this.#chain;
      if (this.#inFlight.size > 0) {
        await Promise.allSettled([...this.#inFlight]);
        continue;
      }
      if (this.#pending === undefined) return;
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
        // The apps' shares decide (fair-share.ts); this only bounds the claim.
        const free = this.#shares.ceiling - this.#shares.total;
        if (free <= 0) return claimed; // each completion asks for a tick
        const now = this.#o.clock.now();
        const batch = await this.#claim(now, free);
        for (const push of batch) this.#launch(push);
        claimed += batch.length;
        if (batch.length < free) break;
      }
      const now = this.#o.clock.now();
      let due = await this.#o.outbox.nextDueAt();
      // Due but not claimed: it waits behind a paused URL, a held receiver or its app's share.
      // What matters then is the next push due elsewhere, so a retry at another receiver is not
      // held up to the idle cap (an app at its share is woken by its own completions).
      if (due !== undefined && due <= now && claimed === 0) {
        due = await this.#o.outbox.nextDueAt((app, originOrUrl) => (originOrUrl === undefined
          ? this.#shares.room(app) === 0
          : this.#room(receiverKey(app, originOrUrl), now) === 0));
      }
      // A gate that opens (a breaker's probe, the end of a Retry-After hold) is a reason to look again.
      const gate = this.#gates.nextChangeAt(now);
      const next = gate !== undefined && (due === undefined || due <= now || gate < due) ? gate : due;
      const wait = next === undefined ? this.#idleCap : Math.min(this.#idleCap, next - now);
      if (wait > 0) this.#arm(wait);
      // Due already: became due after the claim (go again), or cannot be claimed (wait the cap).
      else if (claimed > 0) void this.#requestTick();
      else this.#arm(this.#idleCap);
      this.#outage.up();
    } catch (err) {
      this.emit('storeError', err);
      this.#outage.failed(err);
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

  /**
   * What the claim may take for a receiver: nothing when another dispatcher owns it (its gate
   * lives there), so the claim passes it over in one probe; else what its gate allows.
   */
  #room(key: string, now: number): number {
    return this.#partition && !this.#partition.owns(key) ? 0 : this.#gates.room(key, now);
  }

  /**
   * Claims what the apps' shares and the receivers' gates allow. Each push is counted in flight
   * as the claim takes it (took), so the claim's next question sees it; if the claim fails, the
   * counts it made are given back.
   */
  async #claim(now: number, limit: number): Promise<Push[]> {
    const taken: Push[] = [];
    const gate: ClaimGate = {
      app: (appKey) => this.#shares.room(appKey),
      room: (appKey, originOrUrl) => this.#room(receiverKey(appKey, originOrUrl), now),
      took: (push) => {
        this.#gates.begin(receiverKey(push.appKey, push.url), now);
        this.#shares.begin(push.appKey);
        taken.push(push);
      },
    };
    try {
      return await this.#o.outbox.claim(now, limit, this.#leaseMs, (name) => this.#o.dialects.get(name)?.maxBatch ?? 1, gate);
    } catch (err) {
      for (const push of taken) {
        this.#gates.end(receiverKey(push.appKey, push.url), now, null);
        this.#shares.end(push.appKey);
      }
      throw err;
    }
  }

  #launch(push: Push): void {
    // Counted in flight by the claim (took): the gate and the app's share until it settles.
    this.#inFlightIds.add(push.id);
    const run: Promise<void> = this.#attempt(push)
      .catch((err: unknown) => {
        // Only the store can throw here (sending never does); the lease brings the push back.
        this.emit('storeError', err);
        this.#outage.failed(err, push.id);
      })
      .finally(() => {
        this.#shares.end(push.appKey);
        this.#inFlight.delete(run);
        this.#inFlightIds.delete(push.id);
        if (this.#running) void this.#requestTick();
      });
    this.#inFlight.add(run);
  }

  async #attempt(push: Push): Promise<void> {
    const tried = await attemptPush(this.#attemptContext, push);
    await this.#settle(push, tried.attempts, tried.hints, tried.retry);
  }

  /**
   * Records the attempts and the next state. `hints` are the primary's answer's; `retry` false
   * skips the schedule (nothing to wait for).
   */
  async #settle(push: Push, attempts: PushAttempt[], hints: Hints, retry = true): Promise<void> {
    const last = attempts[attempts.length - 1]!;
    const now = this.#o.clock.now();
    const { next, pause, holdUntil } = nextStateOf(push, last.ok, hints, retry, this.#o.pauseEndpoint !== undefined, now);
    if (pause) await this.#o.pauseEndpoint?.(push.url, `the receiver answered 410 Gone (push ${push.id})`);
    if (holdUntil !== undefined) this.#gates.hold(receiverKey(push.appKey, push.url), holdUntil);
    await this.#o.outbox.complete(attempts, next);

    const after: Push = { ...push, attempts: last.n, state: next.state, step: push.step + (next.state === 'queued' && next.keepStep ? 0 : 1) };
    if (!last.ok) after.lastError = last.error ?? last.errorClass ?? 'failed';
    for (const a of attempts) this.emit('attempt', after, a);
    if (next.state === 'delivered') {
      after.deliveredAt = last.at;
      this.emit('delivered', after, last);
    } else if (next.state === 'queued') {
      after.nextAt = next.nextAt;
      this.emit('retry', after, last, next.nextAt);
    } else {
      this.emit('failed', after, last);
    }
  }
}
