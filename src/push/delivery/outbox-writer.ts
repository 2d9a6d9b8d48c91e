// The call engine's sink: turns each event and the final record into pushes, and stores them in
// the same transaction as the event or record itself (docs/delivery.md, "The outbox rule").

import { randomUUID } from 'node:crypto';
import type { Call, CallEvent, CallRecord } from '../../domain/call.js';
import type { NewPush } from '../../domain/push.js';
import type { Clock } from '../../lib/clock.js';
import type { CallSink } from '../../calls/types.js';
import type { Store } from '../../store/types.js';
import type { Subscription } from '../../domain/subscription.js';
import { wantsRecords, wantsStatus } from '../../domain/subscription.js';
import type { Dialect, EncodeContext } from '../dialects/types.js';

/**
 * A record waits until the end of its callEndTime second plus this long before its first attempt,
 * so the other records ending in that second (finished a few ms later) can travel with it.
 */
export const DEFAULT_RECORD_LINGER_MS = 200;

export interface OutboxWriterOptions {
  store: Store;
  dialects: Dialect[];
  clock: Clock;
  /** Called after pushes were stored (wire it to Dispatcher.wake). */
  onEnqueued?: () => void;
  recordLingerMs?: number;
  /** The app's subscriptions (enabled or not), each of which gets its own pushes. */
  subscriptions?: { forApp(appKey: string): Promise<Subscription[]> };
  /** The formats subscriptions may name (default: `dialects`). */
  formats?: Map<string, Dialect>;
  /**
   * A recorded call's download link (the composition root signs it with the recording-link key
   * and the public URL); formats that carry one (Huawei's recordFileDownloadUrl) get it through
   * EncodeContext, so they stay pure. Absent: no link is pushed.
   */
  recordingLink?: (record: CallRecord) => string | undefined;
}

/** Where a group of pushes goes: the request's URL (no subscription) or a subscription. */
interface Target {
  url: string;
  dialect: Dialect;
  sub?: Subscription;
}

export class OutboxWriter implements CallSink {
  readonly #o: OutboxWriterOptions;
  readonly #linger: number;
  readonly #formats: Map<string, Dialect>;
  // Writes begun and not yet stored, so a test can wait for exactly them (idle()).
  #writing = 0;
  #idleWaiters: Array<() => void> = [];

  constructor(opts: OutboxWriterOptions) {
    this.#o = opts;
    this.#linger = opts.recordLingerMs ?? DEFAULT_RECORD_LINGER_MS;
    this.#formats = opts.formats ?? new Map(opts.dialects.map((d) => [d.name, d]));
  }

  async event(call: Call, event: CallEvent): Promise<void> {
    this.#writing++;
    try {
      const subs = await this.#subscriptions(call.appKey);
      const pushes = this.#statusPushes(call, event, subs);
      await this.#o.store.calls.appendEvent(event, pushes);
      if (pushes.length > 0) this.#o.onEnqueued?.();
    } finally {
      this.#written();
    }
  }

  async finish(call: Call, record: CallRecord, finalEvent?: CallEvent): Promise<void> {
    this.#writing++;
    try {
      const subs = await this.#subscriptions(call.appKey);
      const pushes = finalEvent ? this.#statusPushes(call, finalEvent, subs) : [];
      const seq = finalEvent?.seq ?? 0;
      const targets: Target[] = call.feeUrl ? this.#o.dialects.map((dialect) => ({ url: call.feeUrl!, dialect })) : [];
      for (const sub of subs) {
        const dialect = this.#formats.get(sub.format);
        if (dialect && wantsRecords(sub)) targets.push({ url: sub.url, dialect, sub });
      }
      const recordingUrl = record.recording ? this.#o.recordingLink?.(record) : undefined;
      for (const t of targets) pushes.push(...this.#recordPushes(call, t, record, seq, recordingUrl));
      await this.#o.store.calls.finish(record, finalEvent, pushes);
      if (pushes.length > 0) this.#o.onEnqueued?.();
    } finally {
      this.#written();
    }
  }

  /** Resolves when no event or record is being written (and its pushes enqueued). */
  idle(): Promise<void> {
    if (this.#writing === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #written(): void {
    if (--this.#writing > 0 || this.#idleWaiters.length === 0) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const w of waiters) w();
  }

  async #subscriptions(appKey: string): Promise<Subscription[]> {
    return this.#o.subscriptions ? this.#o.subscriptions.forApp(appKey) : [];
  }

  #statusPushes(call: Call, event: CallEvent, subs: Subscription[]): NewPush[] {
    const targets: Target[] = call.statusUrl ? this.#o.dialects.map((dialect) => ({ url: call.statusUrl!, dialect })) : [];
    for (const sub of subs) {
      const dialect = this.#formats.get(sub.format);
      if (dialect && wantsStatus(sub, event.type)) targets.push({ url: sub.url, dialect, sub });
    }
    const now = this.#o.clock.now();
    const out: NewPush[] = [];
    for (const { url, dialect: d, sub } of targets) {
      const item = d.encodeStatus(call, event, ctxOf(sub));
      if (item === undefined) continue;
      out.push(withSub({
        id: randomUUID(),
        appKey: call.appKey,
        sessionId: call.sessionId,
        dialect: d.name,
        kind: 'status',
        url,
        // One call's events to one URL (or subscription) go one at a time, in seq order.
        orderKey: sub ? `${call.sessionId} sub:${sub.id}` : `${call.sessionId} ${url}`,
        seq: event.seq,
        item,
        availableAt: now,
        schedule: [...(sub?.retrySchedule ?? d.schedules.status)],
        timeoutMs: sub?.timeoutMs ?? d.attemptTimeoutMs,
        createdAt: now,
      }, sub));
    }
    return out;
  }

  #recordPushes(call: Call, { url, dialect: d, sub }: Target, record: CallRecord, seq: number, recordingUrl: string | undefined): NewPush[] {
    const now = this.#o.clock.now();
    const ctx: EncodeContext = { ...ctxOf(sub), ...(recordingUrl === undefined ? {} : { recordingUrl }) };
    // Only formats that merge records wait for the rest of their second (see DEFAULT_RECORD_LINGER_MS).
    const availableAt = d.maxBatch > 1 ? Math.floor(record.callEndAt / 1000) * 1000 + 1000 + this.#linger : now;
    const items = d.encodeRecords ? d.encodeRecords(call, record, ctx) : [d.encodeRecord(call, record, ctx)];
    const batchKey = d.recordBatchKey(call, record);
    return items.map((item): NewPush => {
      const p: NewPush = {
        id: randomUUID(),
        appKey: call.appKey,
        sessionId: call.sessionId,
        dialect: d.name,
        kind: 'record',
        url,
        seq,
        item,
        availableAt,
        schedule: [...(sub?.retrySchedule ?? d.schedules.record)],
        timeoutMs: sub?.timeoutMs ?? d.attemptTimeoutMs,
        createdAt: now,
      };
      // A subscription's records merge only with its own (each may sign differently).
      if (batchKey !== undefined) p.batchKey = sub ? `${batchKey} sub:${sub.id}` : batchKey;
      return withSub(p, sub);
    });
  }
}

function ctxOf(sub: Subscription | undefined): EncodeContext | undefined {
  return sub ? { subscriptionId: sub.id } : undefined;
}

function withSub(p: NewPush, sub: Subscription | undefined): NewPush {
  if (sub) p.subscriptionId = sub.id;
  return p;
}
