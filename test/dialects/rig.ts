// A delivery rig for the format tests: a fresh store, a manual clock, a real local receiver, the
// dispatcher with every built-in format, and an outbox writer fanning out to the given
// subscriptions. Secrets are looked up as the platform does: the app's for Huawei-format pushes,
// the subscription's for the others.

import type { Call } from '../../src/domain/call.js';
import type { PushAttempt } from '../../src/domain/push.js';
import type { Subscription } from '../../src/domain/subscription.js';
import { ManualClock } from '../../src/lib/clock.js';
import { Dispatcher } from '../../src/push/delivery/dispatcher.js';
import { OutboxWriter } from '../../src/push/delivery/outbox-writer.js';
import { dialects, huawei } from '../../src/push/dialects/index.js';
import { startReceiver, type Receiver } from '../push/receiver.js';
import { tempStore, type TempStore } from '../store/fixtures.js';
import { runCase, type CaseName } from './calls.js';

export const APP_SECRET = 'app-secret-1';
export const HOUR = 3_600_000;

export interface Rig {
  t: TempStore;
  clock: ManualClock;
  rx: Receiver;
  d: Dispatcher;
  writer: OutboxWriter;
  subs: Subscription[];
  attempts: PushAttempt[];
  close(): Promise<void>;
}

export function sub(rx: Receiver, format: string, over: Partial<Subscription> = {}): Subscription {
  return {
    id: `sub_${format}`, appKey: 'app-key-1', url: rx.url(`/${format}`), format, receives: 'both', enabled: true,
    createdAt: 0, updatedAt: 0, ...over,
  };
}

export async function rig(): Promise<Rig> {
  const t = tempStore();
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const rx = await startReceiver();
  const subs: Subscription[] = [];
  const d = new Dispatcher({
    outbox: t.store.outbox,
    dialects,
    clock,
    // Sleep until the next due push however far: the schedule tests step the clock exactly.
    idleCapMs: 24 * HOUR,
    secretFor: async (_appKey, push) => {
      const s = subs.find((x) => x.id === push.subscriptionId);
      return s && s.format !== 'huawei' ? (s.secret ?? null) : APP_SECRET;
    },
  });
  const attempts: PushAttempt[] = [];
  d.on('attempt', (_p, a) => attempts.push(a));
  const writer = new OutboxWriter({
    store: t.store, dialects: [huawei], formats: dialects, clock, onEnqueued: () => d.wake(),
    subscriptions: { forApp: async (k) => subs.filter((s) => s.appKey === k) },
  });
  d.start();
  return {
    t, clock, rx, d, writer, subs, attempts,
    async close() {
      await d.stop();
      await rx.close();
      await t.cleanup();
    },
  };
}

/** Runs a call through the engine, then stores its events and record through the writer (no statusUrl/feeUrl). */
let calls = 0;

export async function pushCall(r: Rig, name: CaseName, extra: Partial<Call> = {}): Promise<Call> {
  const ran = await runCase(name, { userData: 'u-1', ...extra });
  // The engine harness always uses one session id; each stored call needs its own.
  const sessionId = `${ran.call.sessionId}-${++calls}`;
  const call: Call = { ...ran.call, sessionId, createdAt: r.clock.now() };
  delete call.statusUrl;
  delete call.feeUrl;
  await r.t.store.calls.create(call);
  const events = ran.events.map((e) => ({ ...e, sessionId }));
  const final = events.at(-1)!;
  for (const e of events.slice(0, -1)) await r.writer.event(call, e);
  await r.writer.finish(call, { ...ran.record, sessionId }, final);
  await r.d.drain();
  return call;
}
