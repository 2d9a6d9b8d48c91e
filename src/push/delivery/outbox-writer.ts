// The call engine's sink: turns each event and the final record into pushes, and stores them in
// the same transaction as the event or record itself (docs/delivery.md, "The outbox rule").

import { randomUUID } from 'node:crypto';
import type { Call, CallEvent, CallRecord } from '../../domain/call.js';
import type { NewPush } from '../../domain/push.js';
import type { Clock } from '../../lib/clock.js';
import type { CallSink } from '../../calls/types.js';
import type { Store } from '../../store/types.js';
import type { Dialect } from '../dialects/types.js';

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
}

export class OutboxWriter implements CallSink {
  readonly #o: OutboxWriterOptions;
  readonly #linger: number;

  constructor(opts: OutboxWriterOptions) {
    this.#o = opts;
    this.#linger = opts.recordLingerMs ?? DEFAULT_RECORD_LINGER_MS;
  }

  async event(call: Call, event: CallEvent): Promise<void> {
    const pushes = this.#statusPushes(call, event);
    await this.#o.store.calls.appendEvent(event, pushes);
    if (pushes.length > 0) this.#o.onEnqueued?.();
  }

  async finish(call: Call, record: CallRecord, finalEvent?: CallEvent): Promise<void> {
    const pushes = finalEvent ? this.#statusPushes(call, finalEvent) : [];
    if (call.feeUrl) pushes.push(...this.#recordPushes(call, call.feeUrl, record, finalEvent?.seq ?? 0));
    await this.#o.store.calls.finish(record, finalEvent, pushes);
    if (pushes.length > 0) this.#o.onEnqueued?.();
  }

  #statusPushes(call: Call, event: CallEvent): NewPush[] {
    const url = call.statusUrl;
    if (!url) return [];
    const now = this.#o.clock.now();
    const out: NewPush[] = [];
    for (const d of this.#o.dialects) {
      const item = d.encodeStatus(call, event);
      if (item === undefined) continue;
      out.push({
        id: randomUUID(),
        appKey: call.appKey,
        sessionId: call.sessionId,
        dialect: d.name,
        kind: 'status',
        url,
        // One call's events to one URL go one at a time, in seq order.
        orderKey: `${call.sessionId} ${url}`,
        seq: event.seq,
        item,
        availableAt: now,
        schedule: [...d.schedules.status],
        timeoutMs: d.attemptTimeoutMs,
        createdAt: now,
      });
    }
    return out;
  }

  #recordPushes(call: Call, url: string, record: CallRecord, seq: number): NewPush[] {
    const now = this.#o.clock.now();
    const nextSecond = Math.floor(record.callEndAt / 1000) * 1000 + 1000;
    return this.#o.dialects.map((d): NewPush => {
      const p: NewPush = {
        id: randomUUID(),
        appKey: call.appKey,
        sessionId: call.sessionId,
        dialect: d.name,
        kind: 'record',
        url,
        seq,
        item: d.encodeRecord(call, record),
        availableAt: nextSecond + this.#linger,
        schedule: [...d.schedules.record],
        timeoutMs: d.attemptTimeoutMs,
        createdAt: now,
      };
      const batchKey = d.recordBatchKey(call, record);
      if (batchKey !== undefined) p.batchKey = batchKey;
      return p;
    });
  }
}
