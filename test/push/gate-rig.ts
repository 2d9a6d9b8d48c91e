// A dispatcher on a real SQLite outbox, a manual clock and a real receiver on 127.0.0.1, wired to
// the store's endpoints as the platform wires it (410 pauses, paused failover URLs skipped).
// useGateRigs() closes every rig a test made.

import { afterEach } from 'node:test';
import type { PushAttempt } from '../../src/domain/push.js';
import { ManualClock } from '../../src/lib/clock.js';
import { Dispatcher, type DispatcherOptions } from '../../src/push/delivery/dispatcher.js';
import { dialectRegistry, huawei } from '../../src/push/dialects/index.js';
import type { Dialect } from '../../src/push/dialects/types.js';
import { T0, tempStore, type TempStore } from '../store/fixtures.js';
import { startReceiver, type Receiver } from './receiver.js';

/** A huawei twin whose attempts wait 10 s for an answer, the slow receiver. */
export const quick: Dialect = { ...huawei, name: 'quick', attemptTimeoutMs: 10_000 };

export interface Rig { t: TempStore; clock: ManualClock; rx: Receiver; d: Dispatcher; attempts: PushAttempt[] }

export function useGateRigs(): (opts?: Partial<DispatcherOptions>) => Promise<Rig> {
  let rigs: Rig[] = [];
  afterEach(async () => {
    for (const r of rigs) {
      // The receiver first: closing it ends held connections, so stop() need not wait out their timeouts.
      await r.rx.close();
      await r.d.stop();
      await r.t.cleanup();
    }
    rigs = [];
  });
  return async (opts = {}) => {
    const t = tempStore();
    const clock = new ManualClock(T0);
    const rx = await startReceiver();
    const d = new Dispatcher({
      outbox: t.store.outbox, dialects: dialectRegistry([huawei, quick]), clock,
      secretFor: async () => 'secret',
      pauseEndpoint: async (url, reason) => { await t.store.endpoints.setPaused(url, true, reason, clock.now()); },
      isPaused: async (url) => (await t.store.endpoints.get(url))?.paused === true,
      ...opts,
    });
    const attempts: PushAttempt[] = [];
    d.on('attempt', (_p, a) => attempts.push(a));
    d.start();
    const r = { t, clock, rx, d, attempts };
    rigs.push(r);
    return r;
  };
}
