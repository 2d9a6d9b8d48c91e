import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Call, CallEvent, CallRecord } from '../../src/domain/call.js';
import type { PushAttempt } from '../../src/domain/push.js';
import { AUTHORIZATION_VALUE, parseAttributes, pushDigest } from '../../src/lib/aksk.js';
import { ManualClock } from '../../src/lib/clock.js';
import { Dispatcher } from '../../src/push/delivery/dispatcher.js';
import { OutboxWriter } from '../../src/push/delivery/outbox-writer.js';
import { dialectRegistry, huawei } from '../../src/push/dialects/index.js';
import type { Dialect } from '../../src/push/dialects/types.js';
import { call, event, record, sessionId, tempStore, type TempStore } from '../store/fixtures.js';
import { startReceiver, type Receiver } from './receiver.js';

const HOUR = 3_600_000;
const SECRET = 'app1-secret';
/** A huawei twin with a short timeout, so a timeout test waits 150 real ms, not 5 s. */
const fast: Dialect = { ...huawei, name: 'fast', attemptTimeoutMs: 150 };

interface Rig {
  t: TempStore;
  clock: ManualClock;
  rx: Receiver;
  d: Dispatcher;
  writer: OutboxWriter;
  attempts: PushAttempt[];
}

async function rig(idleCapMs?: number, dialects: Dialect[] = [huawei]): Promise<Rig> {
  const t = tempStore();
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 0));
  const rx = await startReceiver();
  const d = new Dispatcher({
    outbox: t.store.outbox,
    dialects: dialectRegistry([huawei, fast]),
    clock,
    secretFor: async (k) => (k === 'app1' ? SECRET : undefined),
    ...(idleCapMs === undefined ? {} : { idleCapMs }),
  });
  const attempts: PushAttempt[] = [];
  d.on('attempt', (_p, a) => attempts.push(a));
  const writer = new OutboxWriter({ store: t.store, dialects, clock, onEnqueued: () => d.wake() });
  d.start();
  return { t, clock, rx, d, writer, attempts };
}

async function teardown(r: Rig): Promise<void> {
  await r.d.stop();
  await r.rx.close();
  await r.t.cleanup();
}

async function newCall(r: Rig, over: Partial<Call> = {}): Promise<Call> {
  const c = call(sessionId(), { statusUrl: r.rx.url('/status'), feeUrl: r.rx.url('/fee'), createdAt: r.clock.now(), ...over });
  await r.t.store.calls.create(c);
  return c;
}

function ev(c: Call, seq: number, type: CallEvent['type'], at: number): CallEvent {
  return { ...event(c.sessionId, seq, type), at };
}

function rec(c: Call, endAt: number): CallRecord {
  return record(c.sessionId, { callEndAt: endAt, legA: { startAt: endAt - 9000, answerAt: endAt - 7000, endAt, q850: 0, sipStatus: 0 } });
}

describe('dispatcher against a real HTTP receiver', () => {
  let r: Rig;
  afterEach(() => teardown(r));

  describe('with the default 1 s idle cap', () => {
    beforeEach(async () => { r = await rig(); });

    it('delivers status events of one call in seq order even when the first attempt of an earlier one fails', async () => {
      r.rx.handler = (req, i) => (i === 0 ? { status: 503 } : { status: 200 });
      const c1 = await newCall(r);
      const c2 = await newCall(r, { statusUrl: r.rx.url('/other') });
      const now = r.clock.now();
      await r.writer.event(c1, ev(c1, 1, 'callout', now));
      await r.d.drain(); // c1 callout fails once
      await r.writer.event(c1, ev(c1, 2, 'alerting', now));
      await r.writer.event(c1, ev(c1, 3, 'answer', now));
      await r.writer.event(c2, ev(c2, 1, 'callout', now));
      await r.d.drain();
      const seen = () => r.rx.requests.map((q) => `${q.path} ${(q.json as { eventType: string }).eventType}`);
      // Another call is not held back by c1's failing callout; c1's later events are.
      assert.deepEqual(seen(), ['/status callout', '/other callout']);

      await r.clock.advance(10_000); // the status schedule's first retry
      await r.d.drain();
      assert.deepEqual(seen(), ['/status callout', '/other callout', '/status callout', '/status alerting', '/status answer']);
      const counts = await r.t.store.outbox.counts();
      assert.deepEqual(counts, { queued: 0, delivered: 4, failed: 0, merged: 0 });
      const first = r.attempts[0]!;
      assert.equal(first.errorClass, 'non_2xx');
      assert.equal(first.httpStatus, 503);
    });

    it('signs every push so the receiver can verify it, and sends the message id', async () => {
      const c = await newCall(r);
      await r.writer.event(c, ev(c, 1, 'callout', r.clock.now()));
      await r.d.drain();
      const q = r.rx.requests[0]!;
      assert.equal(q.headers['content-type'], 'application/json;charset=UTF-8');
      assert.equal(q.headers.authorization, AUTHORIZATION_VALUE);
      const attrs = parseAttributes(String(q.headers['x-aksk']).slice('UsernameToken '.length))!;
      assert.equal(attrs.get('PasswordDigest'),
        pushDigest(SECRET, r.rx.url('/status'), attrs.get('Nonce')!, attrs.get('Created')!));
      const [p] = await r.t.store.outbox.list({ sessionId: c.sessionId });
      assert.equal(q.headers['x-voxcall-message-id'], p!.id);
    });
  });

  describe('with a long idle cap (sleeps until the next due push)', () => {
    beforeEach(async () => { r = await rig(24 * HOUR); });

    it('runs the 6-hour CDR schedule: 7 attempts 1 h apart, then failed, every attempt recorded', async () => {
      r.rx.handler = () => ({ status: 200, body: '{"resultcode":"1","resultdesc":"not now"}' });
      const c = await newCall(r, { statusUrl: undefined });
      const end = r.clock.now() + 400;
      await r.writer.finish(c, rec(c, end));
      await r.d.drain();
      assert.equal(r.rx.requests.length, 0, 'a record lingers until its second is over');
      await r.clock.advance(1200); // callEndAt is in second 0: due at 1 s + the 200 ms linger
      await r.d.drain();
      assert.equal(r.rx.requests.length, 1);
      for (let h = 1; h <= 6; h++) {
        await r.clock.advance(HOUR - 1);
        await r.d.drain();
        assert.equal(r.rx.requests.length, h, `not before the hour (${h})`);
        await r.clock.advance(1);
        await r.d.drain();
        assert.equal(r.rx.requests.length, h + 1);
      }
      await r.clock.advance(10 * HOUR);
      await r.d.drain();
      assert.equal(r.rx.requests.length, 7);

      const [p] = await r.t.store.outbox.list({ sessionId: c.sessionId });
      assert.equal(p!.state, 'failed');
      assert.equal(p!.attempts, 7);
      const attempts = await r.t.store.outbox.attempts(p!.id);
      assert.equal(attempts.length, 7);
      for (let i = 1; i < 7; i++) assert.equal(attempts[i]!.at - attempts[i - 1]!.at, HOUR);
      assert.ok(attempts.every((a) => a.errorClass === 'rejected_body' && a.httpStatus === 200));
      assert.equal(attempts[0]!.responseHead, '{"resultcode":"1","resultdesc":"not now"}');
      const feeLst = (r.rx.requests[6]!.json as { feeLst: { sessionId: string }[] }).feeLst;
      assert.deepEqual(feeLst.map((f) => f.sessionId), [c.sessionId]);
    });

    it('merges records of one app ending in the same second into one push', async () => {
      const base = r.clock.now();
      const calls = [await newCall(r), await newCall(r), await newCall(r), await newCall(r)];
      await r.writer.finish(calls[0]!, rec(calls[0]!, base + 100));
      await r.writer.finish(calls[1]!, rec(calls[1]!, base + 900));
      await r.writer.finish(calls[2]!, rec(calls[2]!, base + 999));
      await r.writer.finish(calls[3]!, rec(calls[3]!, base + 1000)); // the next second
      await r.clock.advance(2500);
      await r.d.drain();
      const sizes = r.rx.requests.map((q) => (q.json as { feeLst: unknown[] }).feeLst.length).sort();
      assert.deepEqual(sizes, [1, 3]);
      const counts = await r.t.store.outbox.counts();
      assert.deepEqual(counts, { queued: 0, delivered: 2, failed: 0, merged: 2 });
    });

    it('classifies a slow receiver as timeout and a closed port as refused', async () => {
      r.rx.handler = () => ({ status: 200, delayMs: 1000 });
      const fastWriter = new OutboxWriter({ store: r.t.store, dialects: [fast], clock: r.clock, onEnqueued: () => r.d.wake() });
      const c = await newCall(r);
      await fastWriter.event(c, ev(c, 1, 'callout', r.clock.now()));
      const closed = await startReceiver();
      const deadUrl = closed.url('/gone');
      await closed.close();
      const c2 = await newCall(r, { statusUrl: deadUrl });
      await r.writer.event(c2, ev(c2, 1, 'callout', r.clock.now()));
      await r.d.drain();
      const byClass = r.attempts.map((a) => a.errorClass).sort();
      assert.deepEqual(byClass, ['refused', 'timeout']);
      const timedOut = r.attempts.find((a) => a.errorClass === 'timeout')!;
      assert.ok(timedOut.latencyMs >= 140 && timedOut.latencyMs < 900, `latency ${timedOut.latencyMs}`);
      const p = await r.t.store.outbox.get(timedOut.pushId);
      assert.equal(p!.state, 'queued');
      assert.equal(p!.nextAt, r.clock.now() + 10_000);
    });

    it("re-sends a crashed node's push once its lease expires, and stop() waits for attempts in flight", async () => {
      const c = await newCall(r);
      await r.d.stop(); // this node is down while "node A" claims
      await r.writer.event(c, ev(c, 1, 'callout', r.clock.now()));
      const [leased] = await r.t.store.outbox.claim(r.clock.now(), 1, r.d.leaseMs, () => 50);
      assert.ok(leased); // node A dies here, holding the lease
      r.d.start();
      await r.d.drain();
      assert.equal(r.rx.requests.length, 0, 'not while the lease holds');
      await r.clock.advance(r.d.leaseMs);
      await r.d.drain();
      assert.equal(r.rx.requests.length, 1);
      assert.equal((await r.t.store.outbox.get(leased.id))?.state, 'delivered');

      // The receiver holds its answer for 100 ms once the push has reached it: the attempt is
      // then certainly in flight, and stop() must wait for it.
      let reached!: () => void;
      const onTheWire = new Promise<void>((res) => (reached = res));
      r.rx.handler = () => {
        reached();
        return { status: 200, delayMs: 100 };
      };
      await r.writer.event(c, ev(c, 2, 'alerting', r.clock.now()));
      await onTheWire;
      assert.equal(r.d.inFlight, 1);
      await r.d.stop();
      assert.equal(r.d.inFlight, 0);
      assert.equal((await r.t.store.outbox.counts()).delivered, 2);
      r.d.start(); // teardown stops it again
    });

    it('fails a push whose app has no secret without sending it', async () => {
      const c = await newCall(r, { appKey: 'ghost' });
      const failed: string[] = [];
      r.d.on('failed', (p) => failed.push(p.id));
      await r.writer.event(c, ev(c, 1, 'callout', r.clock.now()));
      await r.d.drain();
      assert.equal(r.rx.requests.length, 0);
      const [p] = await r.t.store.outbox.list({ sessionId: c.sessionId });
      assert.equal(p!.state, 'failed');
      assert.deepEqual(failed, [p!.id]);
      const [a] = await r.t.store.outbox.attempts(p!.id);
      assert.match(a!.error!, /no secret/);
    });
  });
});
