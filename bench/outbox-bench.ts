// Outbox measurements in this process: pushes drained from a real SQLite outbox to the receiver
// by the real Dispatcher, every attempt recorded durably.

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Call, CallEvent } from '../src/domain/call.js';
import type { NewPush } from '../src/domain/push.js';
import { systemClock } from '../src/lib/clock.js';
import { Dispatcher } from '../src/push/delivery/dispatcher.js';
import { dialects, huawei } from '../src/push/dialects/index.js';
import { createSqliteStore } from '../src/store/sqlite/index.js';
import type { Store } from '../src/store/types.js';

const SECRET = 'bench-secret';

function statusPush(i: number, url: string, now: number): NewPush {
  const sessionId = `1202_${i}_1_20261123000000@bench`;
  const call: Call = {
    sessionId, icid: 'CAE-1', appKey: 'bench', spId: 'sp', createdAt: now, userData: 'bench',
    plan: { kind: 'notify', displayNbr: '+8675528000001', calleeNbr: '+8613700000001', playInfoList: [{ notifyVoice: 'welcome.wav', collectInd: 0, replayAfterCollection: false }] },
  };
  const event: CallEvent = { sessionId, seq: 1, type: 'callout', leg: 'A', at: now, caller: '+8675528000001', called: '+8613700000001' };
  return {
    id: randomUUID(), appKey: 'bench', sessionId, dialect: 'huawei', kind: 'status', url,
    orderKey: `${sessionId} ${url}`, seq: 1, item: huawei.encodeStatus(call, event),
    availableAt: now, schedule: huawei.schedules.status, timeoutMs: huawei.attemptTimeoutMs, createdAt: now,
  };
}

export interface Outbox {
  store: Store;
  dir: string;
  enqueueSeconds: number;
  close(): Promise<void>;
  /**
   * Tops the queue up to `queued` pushes to `url` and closes the store, keeping its directory: a
   * platform data dir (the database is voxcall.db, the file the platform opens) whose outbox
   * already holds that backlog. The caller removes the directory.
   */
  handOver(queued: number, url: string): Promise<{ dir: string; queued: number; enqueueSeconds: number }>;
}

/**
 * The app 'bench' (whose secret signs the pushes) and `n` status pushes to `url`, all due now.
 * They are stamped one millisecond apart, ending now, as a backlog built up over time would be:
 * a million pushes created in the same millisecond is no real outbox, and the per-endpoint due
 * scan (ORDER BY next_at, created_at on an index of (url, next_at)) sorts every row of a tie.
 */
async function fill(store: Store, n: number, url: string, first = 0): Promise<number> {
  await store.apps.put({ appKey: 'bench', appSecret: SECRET, spId: 'sp', name: 'bench', status: 'active', capabilities: ['notify'], recordingEnabled: false, portQuota: 1, createdAt: 0 });
  const started = performance.now();
  const now = Date.now();
  for (let i = 0; i < n; i += 5000) {
    await store.outbox.enqueue(Array.from({ length: Math.min(5000, n - i) }, (_, k) => statusPush(first + i + k, url, now - (n - 1 - (i + k)))));
  }
  return (performance.now() - started) / 1000;
}

/** A fresh outbox holding `n` due status pushes to `url`. */
export async function filledOutbox(n: number, url: string): Promise<Outbox> {
  const dir = await mkdtemp(join(tmpdir(), 'voxcall-bench-outbox-'));
  const store = createSqliteStore(join(dir, 'voxcall.db'));
  const enqueueSeconds = await fill(store, n, url);
  return {
    store, dir, enqueueSeconds,
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
    async handOver(queued, to) {
      try {
        const more = Math.max(0, queued - (await store.outbox.counts()).queued);
        const seconds = await fill(store, more, to, n);
        return { dir, queued: (await store.outbox.counts()).queued, enqueueSeconds: seconds };
      } finally {
        await store.close();
      }
    },
  };
}

/** Delivers `count` pushes from the outbox with the real dispatcher; returns pushes per second. */
export async function drain(outbox: Outbox, count: number, concurrency: number): Promise<{ perSecond: number; seconds: number }> {
  // All the pushes go to one endpoint, and the dispatcher caps attempts in flight per endpoint
  // (8 by default): raised to `concurrency` so that the limit (measurement 1) and voxcall run at
  // the same concurrency.
  const dispatcher = new Dispatcher({
    outbox: outbox.store.outbox, dialects, clock: systemClock, secretFor: async () => SECRET, concurrency, breaker: { maxInFlight: concurrency },
  });
  let delivered = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    dispatcher.on('delivered', () => {
      if (++delivered === count) resolve();
    });
    dispatcher.on('failed', (e) => {
      throw new Error(`a benchmark push failed: ${JSON.stringify(e).slice(0, 200)}`);
    });
    dispatcher.start();
  });
  const seconds = (performance.now() - started) / 1000;
  await dispatcher.stop();
  return { perSecond: count / seconds, seconds };
}
