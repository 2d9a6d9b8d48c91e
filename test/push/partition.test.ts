// Several dispatchers on one store (docs/delivery.md, "Several dispatchers"): each receiver is
// owned by one live dispatcher by rendezvous hashing, so its in-flight limit and breaker live in
// one process. Unit tests of ownership, then two real dispatchers on one store and real receivers.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NewPush } from '../../src/domain/push.js';
import { receiverKey } from '../../src/domain/receiver.js';
import { ManualClock } from '../../src/lib/clock.js';
import { Dispatcher } from '../../src/push/delivery/dispatcher.js';
import { ownerOf, ReceiverPartition, type Membership } from '../../src/push/delivery/partition.js';
import { dialectRegistry, huawei } from '../../src/push/dialects/index.js';
import type { Store } from '../../src/store/types.js';
import { Receiver } from '../helpers/receiver.js';
import { storeBackends } from '../store/backends.js';
import { T0 } from '../store/fixtures.js';

const keys = Array.from({ length: 6000 }, (_, i) => receiverKey(`app${i % 7}`, `https://h${i}.example:443`));
const owners = (members: string[]) => new Map(keys.map((k) => [k, ownerOf(k, members)]));

describe('receiver ownership (rendezvous hashing)', () => {
  it('gives every key exactly one owner among the members, and every member agrees', () => {
    const ids = ['node-a', 'node-b', 'node-c'];
    // Each node lists the members in its own order, duplicates and all.
    const parts = ids.map((self, i) => new ReceiverPartition({ self, members: () => [...ids.slice(i), ...ids.slice(0, i), self] }));
    const owned = new Map<string, number>(ids.map((id) => [id, 0]));
    for (const k of keys) {
      assert.equal(parts.filter((p) => p.owns(k)).length, 1, k);
      const o = parts[0]!.owner(k);
      assert.ok(parts.every((p) => p.owner(k) === o));
      owned.set(o, owned.get(o)! + 1);
    }
    // Spread evenly: a third each, within a few percent.
    for (const [id, n] of owned) assert.ok(Math.abs(n / keys.length - 1 / 3) < 0.03, `${id} owns ${n}`);
  });

  it('moves only about 1/N of the keys when a member joins, all of them to it', () => {
    const before = owners(['a', 'b', 'c', 'd']);
    const after = owners(['a', 'b', 'c', 'd', 'e']);
    const moved = keys.filter((k) => before.get(k) !== after.get(k));
    assert.ok(moved.every((k) => after.get(k) === 'e'));
    assert.ok(Math.abs(moved.length / keys.length - 1 / 5) < 0.03, `${moved.length} of ${keys.length} moved`);
  });

  it('moves only the keys of a member that leaves', () => {
    const before = owners(['a', 'b', 'c', 'd']);
    const after = owners(['a', 'c', 'd']);
    for (const k of keys) {
      if (before.get(k) === 'b') assert.notEqual(after.get(k), 'b');
      else assert.equal(after.get(k), before.get(k), k);
    }
  });

  it('owns everything alone, nothing when the list leaves it out, and sees a list changed in place', () => {
    const live: string[] = [];
    const p = new ReceiverPartition({ self: 'a', members: () => live });
    assert.ok(keys.every((k) => p.owns(k)));
    live.push('a');
    assert.ok(keys.every((k) => p.owns(k)));
    live.push('b'); // the same array, edited: a new membership all the same
    const mine = keys.filter((k) => p.owns(k));
    assert.ok(mine.length > 0 && mine.length < keys.length);
    assert.ok(mine.every((k) => ownerOf(k, ['a', 'b']) === 'a'));
    live.splice(0, 1); // [b]: the others dropped this node, b serves everything
    assert.ok(keys.every((k) => p.owner(k) === 'b'));
    live.push('c', 'a');
    assert.deepEqual(p.members(), ['a', 'b', 'c']);
    assert.ok(keys.every((k) => p.owns(k) === (ownerOf(k, ['a', 'b', 'c']) === 'a')));
  });
});

const APPS = ['app1', 'app2', 'app3'];
const MAX_IN_FLIGHT = 3;
/** Per receiver: sessions (order keys) at once, events per session. */
const SESSIONS = 5;
const EVENTS = 5;

interface Sent { id: string; app: string; origin: string; orderKey: string; seq: number }

/**
 * The origins' receivers: what arrived, the most requests one app had open at one origin, and
 * until(ids), which resolves once every one of them has arrived.
 */
function watch(rxs: Receiver[]) {
  const open = new Map<string, number>();
  const peak = new Map<string, number>();
  const got: string[] = [];
  const seen = new Set<string>();
  let waiters: { ids: string[]; resolve: () => void }[] = [];
  const check = () => {
    waiters = waiters.filter((w) => (w.ids.every((id) => seen.has(id)) ? (w.resolve(), false) : true));
  };
  for (const rx of rxs) {
    rx.respond(async (req) => {
      const key = receiverKey(req.path.split('/')[1]!, rx.url);
      open.set(key, (open.get(key) ?? 0) + 1);
      peak.set(key, Math.max(peak.get(key) ?? 0, open.get(key)!));
      // A receiver that takes a while, so attempts overlap and the limit is what bounds them.
      await new Promise((r) => setTimeout(r, 15));
      open.set(key, open.get(key)! - 1);
      const id = String(req.headers['x-voxcall-message-id']);
      got.push(id);
      seen.add(id);
      check();
      return { status: 200 };
    });
  }
  const until = (ids: string[]) => new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${ids.filter((id) => !seen.has(id)).length} of ${ids.length} pushes not received in 20 s`)), 20_000);
    waiters.push({ ids, resolve: () => { clearTimeout(timer); resolve(); } });
    check();
  });
  return { peak, got, until };
}

let batch = 0;
/** Every app's sessions to every origin, each session's events in seq order by its order key. */
function pushes(rxs: Receiver[]): { list: NewPush[]; sent: Sent[] } {
  batch++;
  const list: NewPush[] = [];
  const sent: Sent[] = [];
  for (const app of APPS) {
    for (const rx of rxs) {
      for (let s = 0; s < SESSIONS; s++) {
        const sessionId = `${batch}-${app}-${rx.url}-${s}`;
        const url = `${rx.url}/${app}/s${s}`;
        const orderKey = `${sessionId} ${url}`;
        for (let seq = 1; seq <= EVENTS; seq++) {
          const id = `${sessionId}-${seq}`;
          list.push({
            id, appKey: app, sessionId, dialect: 'huawei', kind: 'status', url, orderKey, seq,
            item: { seq }, availableAt: T0, schedule: [1000], timeoutMs: 5000, createdAt: T0,
          });
          sent.push({ id, app, origin: rx.url, orderKey, seq });
        }
      }
    }
  }
  return { list, sent };
}

function dispatcher(store: Store, clock: ManualClock, membership: Membership): Dispatcher {
  return new Dispatcher({
    outbox: store.outbox, dialects: dialectRegistry([huawei]), clock, membership,
    secretFor: async () => 'secret', breaker: { maxInFlight: MAX_IN_FLIGHT },
  });
}

for (const b of storeBackends()) {
  describe(`two dispatchers on one store (${b.name})`, { skip: b.skip }, () => {
    it('deliver each receiver from its owner only, once each, in order, within its limit; a stopped one\'s receivers go to the other', async () => {
      const t = await b.open();
      const rxs = await Promise.all(Array.from({ length: 4 }, () => new Receiver().start()));
      const live = ['A', 'B'];
      const clock = new ManualClock(T0);
      const A = dispatcher(t.store, clock, { self: 'A', members: () => live });
      const B = dispatcher(await t.another(), clock, { self: 'B', members: () => live });
      // stop() closes the dispatcher's agent, which undici refuses to close twice.
      let bRunning = true;
      try {
        const by = new Map<string, string[]>();
        for (const [name, d] of [['A', A], ['B', B]] as const) {
          d.on('attempt', (p) => by.set(p.id, [...(by.get(p.id) ?? []), name]));
        }
        const { peak, got, until } = watch(rxs);
        const ids = (list: Sent[]) => list.map((s) => s.id);
        // Everything asked for has arrived: let the dispatchers record the last attempts. (drain()
        // alone may return while a claim that ran beside a completion leaves the next tick to it.)
        const settled = async (list: Sent[], ...ds: Dispatcher[]) => {
          await until(ids(list));
          await Promise.all(ds.map((d) => d.drain()));
        };
        const receivers = APPS.flatMap((app) => rxs.map((rx) => receiverKey(app, rx.url)));
        const ownerAB = (key: string) => ownerOf(key, ['A', 'B']);
        const ofB = new Set(receivers.filter((k) => ownerAB(k) === 'B'));
        assert.ok(ofB.size > 0 && ofB.size < receivers.length, 'both dispatchers own receivers');

        // 1. Both live: each receiver's pushes go from its owner only.
        const one = pushes(rxs);
        await t.store.outbox.enqueue(one.list);
        A.start();
        B.start();
        await settled(one.sent, A, B);
        assert.equal(got.length, one.sent.length);
        for (const s of one.sent) assert.deepEqual(by.get(s.id), [ownerAB(receiverKey(s.app, s.origin))], s.id);

        // 2. B stops after its first attempt of a new round, with its receivers' pushes queued.
        const two = pushes(rxs);
        await t.store.outbox.enqueue(two.list);
        const bStopped = new Promise<void>((resolve) => B.once('attempt', () => {
          bRunning = false;
          resolve(B.stop());
        }));
        A.wake();
        B.wake();
        await bStopped;
        await settled(two.sent.filter((s) => !ofB.has(receiverKey(s.app, s.origin))), A);
        // Still a member, B keeps its receivers: A left every one of them alone.
        const left = await t.store.outbox.list({ state: 'queued' });
        assert.ok(left.length > 0);
        for (const p of left) assert.ok(ofB.has(receiverKey(p.appKey, p.url)), `${p.id} waits for B`);
        for (const s of two.sent) {
          if (!ofB.has(receiverKey(s.app, s.origin))) assert.deepEqual(by.get(s.id), ['A'], s.id);
        }

        // 3. B leaves the membership: A owns everything and delivers what B left.
        live.splice(live.indexOf('B'), 1);
        A.wake();
        await settled(two.sent, A);
        for (const p of left) assert.deepEqual(by.get(p.id), ['A'], p.id);

        const sent = [...one.sent, ...two.sent];
        assert.equal((await t.store.outbox.counts()).delivered, sent.length);
        // Exactly once each (every attempt succeeded, so one request per push).
        const times = new Map<string, number>();
        for (const id of got) times.set(id, (times.get(id) ?? 0) + 1);
        assert.equal(times.size, sent.length);
        assert.ok([...times.values()].every((n) => n === 1));
        // Each order key's events arrived in seq order.
        const seqOf = new Map(sent.map((s) => [s.id, s]));
        const lastSeq = new Map<string, number>();
        for (const id of got) {
          const s = seqOf.get(id)!;
          assert.equal(s.seq, (lastSeq.get(s.orderKey) ?? 0) + 1, `${id} after seq ${lastSeq.get(s.orderKey)}`);
          lastSeq.set(s.orderKey, s.seq);
        }
        // Never above a receiver's limit across both dispatchers, and the limit was reached.
        assert.deepEqual(new Set(peak.keys()), new Set(receivers));
        for (const [key, n] of peak) assert.ok(n <= MAX_IN_FLIGHT, `${key}: ${n} at once`);
        assert.ok([...peak.values()].some((n) => n === MAX_IN_FLIGHT));
      } finally {
        await A.stop();
        if (bRunning) await B.stop();
        for (const rx of rxs) await rx.close();
        await t.cleanup();
      }
    });
  });
}
