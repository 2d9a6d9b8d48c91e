// Several nodes on one store: two Stores on the same data (another process on SQLite, another
// node on PostgreSQL) claiming and completing at once. No push is ever leased to two claimers,
// per order key only the head goes out, and a completion racing an enqueue of the same key never
// leaves a push blocked with nothing queued before it.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { NewPush, Push } from '../../src/domain/push.js';
import type { Store } from '../../src/store/types.js';
import { storeBackends, type TempStore } from './backends.js';
import { push, T0 } from './fixtures.js';

const LEASE = 3_600_000; // longer than the test: a lease never expires, so a second claim is a double lease
const four = () => 4;

/** A small seeded generator: a failing run can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/** Queued pushes that are blocked although no earlier push of their key is queued: stuck forever. */
async function strandedPushes(t: TempStore): Promise<string[]> {
  const rows = await t.sql<{ id: string }>(
    `SELECT id FROM pushes p WHERE p.state = 'queued' AND p.blocked = 1 AND NOT EXISTS (
       SELECT 1 FROM pushes q WHERE q.order_key = p.order_key AND q.state = 'queued' AND q.seq < p.seq)`,
  );
  return rows.map((r) => r.id);
}

type Status = 'queued' | 'leased' | 'retrying' | 'finishing' | 'done' | 'merged';

for (const b of storeBackends()) describe(`claiming from two nodes (${b.name})`, { skip: b.skip }, () => {
  let t: TempStore;
  beforeEach(async () => { t = await b.open(); });
  afterEach(() => t.cleanup());

  it('never leases a push twice, and sends only the head of each order key', { timeout: 120_000 }, async () => {
    const rnd = random(7);
    const pushes: NewPush[] = [];
    for (const app of ['a1', 'a2', 'a3']) {
      for (let call = 0; call < 4; call++) {
        for (let seq = 1; seq <= 15; seq++) {
          pushes.push(push({ appKey: app, sessionId: `${app}-${call}`, orderKey: `${app}-${call}`, seq, url: `http://${app}.example/status/${call % 2}` }));
        }
      }
      // Records of one batch key: claimers merge them into batches while others claim.
      for (let r = 0; r < 25; r++) {
        pushes.push(push({ appKey: app, sessionId: `${app}-r${r}`, kind: 'record', url: `http://${app}.example/fee`, batchKey: `${app} 00:00` }));
      }
    }
    const stores: Store[] = [t.store, await t.another()];
    // Enqueued in slices from both nodes, while the claimers already run.
    const byItem = new Map<number, NewPush>(pushes.map((p) => [(p.item as { n: number }).n, p]));
    const byId = new Map<string, NewPush>(pushes.map((p) => [p.id, p]));
    const status = new Map<string, Status>();
    const mergedInto = new Map<string, string>();
    const delivered = new Map<number, number>();
    const violations: string[] = [];
    let claims = 0;

    // Wakes the claimers that found nothing when something moved: pushes enqueued, a completion
    // ended, a claimer left. (A claim that came back empty while others ran waits for them: they
    // may hold the rows. One that finds nothing while nothing runs means a push is stranded.)
    let busy = 0;
    let wake = () => {};
    let moved = new Promise<void>((r) => { wake = r; });
    const signal = () => {
      wake();
      moved = new Promise<void>((r) => { wake = r; });
    };
    const enqueued = (async () => {
      busy++;
      try {
        for (let i = 0; i < pushes.length; i += 40) {
          const slice = pushes.slice(i, i + 40);
          for (const p of slice) status.set(p.id, 'queued');
          await stores[(i / 40) % 2]!.outbox.enqueue(slice);
          signal();
        }
      } finally {
        busy--;
      }
    })();
    const allDone = () => status.size === pushes.length && [...status.values()].every((s) => s === 'done' || s === 'merged');

    const check = (p: Push) => {
      const st = status.get(p.id);
      if (st !== 'queued' && st !== 'retrying') violations.push(`${p.id} claimed while ${st}`);
      if (p.nextAt !== T0 + LEASE) violations.push(`${p.id} claimed with nextAt ${p.nextAt}`);
      status.set(p.id, 'leased');
      for (const item of p.items as Array<{ n: number }>) {
        const owner = byItem.get(item.n)!;
        // A batch that is retried carries the items it absorbed on its first claim.
        if (owner.id === p.id || mergedInto.get(owner.id) === p.id) continue;
        if (status.get(owner.id) !== 'queued') violations.push(`${owner.id} merged into ${p.id} while ${status.get(owner.id)}`);
        status.set(owner.id, 'merged');
        mergedInto.set(owner.id, p.id);
      }
      if (p.orderKey !== undefined) {
        for (const q of pushes) {
          if (q.orderKey === p.orderKey && q.seq < p.seq && status.get(q.id) !== 'done' && status.get(q.id) !== 'finishing') {
            violations.push(`${p.id} (seq ${p.seq}) claimed while ${q.id} (seq ${q.seq}) is ${status.get(q.id)}`);
          }
        }
      }
    };

    const complete = async (p: Push) => {
      const retry = p.attempts < 2 && rnd() < 0.25;
      status.set(p.id, retry ? 'retrying' : 'finishing');
      const store = stores[rnd() < 0.5 ? 0 : 1]!;
      const n = p.attempts + 1;
      await store.outbox.complete(
        [{ pushId: p.id, n, at: T0, latencyMs: 1, ok: !retry, ...(retry ? { errorClass: 'timeout' as const } : { httpStatus: 200 }) }],
        retry ? { state: 'queued', nextAt: T0 } : { state: 'delivered' },
      );
      // A claim may have taken it again already (the completion committed before we got here).
      if (status.get(p.id) === 'retrying') status.set(p.id, 'queued');
      if (!retry) {
        status.set(p.id, 'done');
        for (const item of p.items as Array<{ n: number }>) delivered.set(item.n, (delivered.get(item.n) ?? 0) + 1);
      }
    };

    const worker = async (store: Store) => {
      let idle = 0;
      while (!allDone()) {
        busy++;
        let got: Push[];
        try {
          got = await store.outbox.claim(T0, 1 + Math.floor(rnd() * 6), LEASE, four);
          claims++;
          got.forEach(check);
        } finally {
          busy--;
        }
        if (got.length > 0) {
          idle = 0;
          busy++;
          try {
            await Promise.all(got.map(complete));
          } finally {
            busy--;
            signal();
          }
        } else if (busy > 0) {
          await moved;
        } else if (++idle > 2 && !allDone()) {
          const left = [...status].filter(([, s]) => s !== 'done' && s !== 'merged');
          throw new Error(`nothing claimable, nothing running, yet not done: ${JSON.stringify(left.slice(0, 5))}; stranded: ${(await strandedPushes(t)).join()}`);
        }
      }
      signal();
    };
    await Promise.all([worker(stores[0]!), worker(stores[1]!), worker(stores[0]!), worker(stores[1]!), enqueued]);

    assert.deepEqual(violations, []);
    assert.ok(claims > 50, `${claims} claims`);
    assert.equal(delivered.size, pushes.length);
    assert.ok([...delivered.values()].every((n) => n === 1), 'each item delivered once');
    const counts = await t.store.outbox.counts();
    assert.equal(counts.queued + counts.failed, 0);
    assert.equal(counts.delivered + counts.merged, pushes.length);
    assert.ok(counts.merged > 0, 'records were merged');
    for (const [id, p] of byId) {
      if (p.orderKey === undefined) continue;
      assert.equal((await t.store.outbox.get(id))?.state, 'delivered');
    }
  });

  it('a completion of the head racing an enqueue of the next push of its key never strands the next', async () => {
    const other = await t.another();
    for (let i = 0; i < 50; i++) {
      const key = `race-${i}`;
      const head = push({ orderKey: key, seq: 1 });
      await t.store.outbox.enqueue([head]);
      assert.deepEqual((await t.store.outbox.claim(T0, 10, LEASE, four)).map((p) => p.id), [head.id]);
      const next = push({ orderKey: key, seq: 2 });
      const finish = () => t.store.outbox.complete([{ pushId: head.id, n: 1, at: T0, latencyMs: 1, ok: true, httpStatus: 200 }], { state: 'delivered' });
      const add = () => other.outbox.enqueue([next]);
      // Both in flight at once, each started first in turn.
      await Promise.all(i % 2 === 0 ? [finish(), add()] : [add(), finish()]);
      assert.deepEqual(await strandedPushes(t), [], `round ${i}`);
      const claimed = await other.outbox.claim(T0, 10, LEASE, four);
      assert.deepEqual(claimed.map((p) => p.id), [next.id], `round ${i}`);
      await other.outbox.complete([{ pushId: next.id, n: 1, at: T0, latencyMs: 1, ok: true, httpStatus: 200 }], { state: 'delivered' });
    }
  });
});
