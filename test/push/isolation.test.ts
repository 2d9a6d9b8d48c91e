// Endpoint isolation against real HTTP receivers on 127.0.0.1: the breaker, Retry-After, 410,
// operator pauses, failover URLs, and a receiver that never answers beside a healthy one.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Push } from '../../src/domain/push.js';
import { push, T0 } from '../store/fixtures.js';
import { useGateRigs, type Rig } from './gate-rig.js';
import { startReceiver } from './receiver.js';

const S = 1000;
const rig = useGateRigs();

const get = async (r: Rig, id: string): Promise<Push> => (await r.t.store.outbox.get(id))!;

describe('endpoint isolation', () => {
  it('opens the receiver\'s breaker after 5 failures: later pushes wait unattempted, one probe after the cool-down, none loses a retry', async () => {
    const r = await rig({ breaker: { failureThreshold: 5, cooldownMs: 30 * S } });
    let healthy = false;
    r.rx.handler = (q) => ({ status: healthy || q.path !== '/a' ? 200 : 503 });
    const a = r.rx.url('/a');
    const first = Array.from({ length: 5 }, (_, i) => push({ url: a, sessionId: `s${i}`, schedule: [10 * S, 60 * S] }));
    await r.t.store.outbox.enqueue(first);
    await r.d.drain();
    assert.equal(r.rx.requests.length, 5);
    assert.deepEqual(r.d.breakers().map((b) => b.state), ['open']);

    // The breaker is the receiver's: this app's pushes to this origin, whatever their path.
    const later = push({ url: a, sessionId: 'later', schedule: [10 * S] });
    const samePlace = push({ url: r.rx.url('/b'), sessionId: 'same-origin', schedule: [10 * S] });
    const otherApp = push({ url: r.rx.url('/b'), appKey: 'app2', sessionId: 'other' });
    await r.t.store.outbox.enqueue([later, samePlace, otherApp]);
    await r.d.drain();
    assert.deepEqual(r.rx.requests.slice(5).map((q) => q.path), ['/b'], 'another app\'s receiver is not held back');
    assert.equal((await get(r, otherApp.id)).state, 'delivered');
    assert.equal((await get(r, samePlace.id)).attempts, 0, 'another path on the same origin waits behind the same breaker');
    await r.clock.advance(10 * S); // the first five's retries are due, the breaker is still open
    await r.d.drain();
    assert.equal(r.rx.requests.length, 6);
    assert.equal((await get(r, later.id)).attempts, 0, 'waiting behind the breaker uses no attempt');

    healthy = true;
    await r.clock.advance(20 * S); // cool-down over: one probe, then the rest
    await r.d.drain();
    assert.equal(r.rx.requests.length, 13);
    for (const p of [...first, later, samePlace]) assert.equal((await get(r, p.id)).state, 'delivered');
    assert.equal((await get(r, later.id)).attempts, 1);
    for (const p of first) assert.equal((await get(r, p.id)).attempts, 2, 'one failure, one success: the schedule is intact');
    assert.deepEqual(r.d.breakers(), []);
  });

  it('honours Retry-After on 503, clamped to the schedule, and holds the endpoint meanwhile', async () => {
    const r = await rig();
    let n = 0;
    r.rx.handler = () => (n++ === 0 ? { status: 503, headers: { 'retry-after': '120' } } : { status: 200 });
    const url = r.rx.url('/a');
    const p1 = push({ url, sessionId: 'x', schedule: [10 * S, 3600 * S] });
    await r.t.store.outbox.enqueue([p1]);
    await r.d.drain();
    assert.equal((await get(r, p1.id)).nextAt, T0 + 120 * S);
    const p2 = push({ url, sessionId: 'y' });
    await r.t.store.outbox.enqueue([p2]);
    await r.d.drain();
    assert.equal(r.rx.requests.length, 1, 'held: nothing goes to the endpoint before the Retry-After');
    await r.clock.advance(120 * S);
    await r.d.drain();
    assert.equal((await get(r, p1.id)).state, 'delivered');
    assert.equal((await get(r, p2.id)).state, 'delivered');

    // Too short a wish is raised to the schedule's smallest delay.
    r.rx.handler = () => ({ status: 429, headers: { 'retry-after': '1' } });
    const p3 = push({ url: r.rx.url('/c'), sessionId: 'z', schedule: [10 * S] });
    await r.t.store.outbox.enqueue([p3]);
    await r.d.drain();
    assert.equal((await get(r, p3.id)).nextAt, r.clock.now() + 10 * S);
  });

  it('pauses the endpoint on 410 Gone; its pushes stay queued with their retries, and go once resumed', async () => {
    const r = await rig();
    let gone = true;
    r.rx.handler = () => ({ status: gone ? 410 : 200 });
    const url = r.rx.url('/gone');
    const p1 = push({ url, sessionId: 'g1', schedule: [S] });
    const p2 = push({ url, sessionId: 'g2', schedule: [S] });
    await r.t.store.outbox.enqueue([p1]);
    await r.d.drain();
    const ep = (await r.t.store.endpoints.get(url))!;
    assert.equal(ep.paused, true);
    assert.match(ep.pausedReason!, /410/);
    await r.t.store.outbox.enqueue([p2]);
    await r.clock.advance(60 * S);
    await r.d.drain();
    assert.equal(r.rx.requests.length, 1);
    const waiting = await get(r, p1.id);
    assert.deepEqual([waiting.state, waiting.attempts, waiting.step], ['queued', 1, 0]);

    gone = false;
    await r.t.store.endpoints.setPaused(url, false, undefined, r.clock.now());
    r.d.wake();
    await r.d.drain();
    assert.equal((await get(r, p1.id)).state, 'delivered');
    assert.equal((await get(r, p2.id)).state, 'delivered');
  });

  it('keeps an operator-paused endpoint\'s pushes queued', async () => {
    const r = await rig();
    const url = r.rx.url('/p');
    await r.t.store.endpoints.setPaused(url, true, 'maintenance', T0);
    const p = push({ url, sessionId: 'p' });
    await r.t.store.outbox.enqueue([p]);
    await r.d.drain();
    assert.equal(r.rx.requests.length, 0);
    assert.equal((await get(r, p.id)).state, 'queued');
  });

  it('tries the failover URL at once when the primary fails, before the next scheduled retry', async () => {
    let failover = '';
    const r = await rig({ failoverFor: async () => failover });
    failover = r.rx.url('/failover');
    r.rx.handler = (q) => ({ status: q.path === '/primary' ? 500 : 200 });
    const p = push({ url: r.rx.url('/primary'), sessionId: 'f', schedule: [60 * S] });
    await r.t.store.outbox.enqueue([p]);
    await r.d.drain();
    assert.deepEqual(r.rx.requests.map((q) => q.path), ['/primary', '/failover']);
    assert.equal(r.rx.requests[0]!.headers['x-voxcall-message-id'], r.rx.requests[1]!.headers['x-voxcall-message-id']);
    const after = await get(r, p.id);
    assert.deepEqual([after.state, after.attempts, after.step], ['delivered', 2, 1]);
    const history = await r.t.store.outbox.attempts(p.id);
    assert.deepEqual(history.map((a) => [a.n, a.ok, a.url]), [[1, false, undefined], [2, true, failover]]);
  });

  it('a receiver that never answers does not delay pushes to a healthy one of the same app', async () => {
    const r = await rig({ concurrency: 32, breaker: { maxInFlight: 8 } });
    // Two origins: the rig's receiver holds every request, the other answers at once.
    const ok = await startReceiver();
    after(() => ok.close());
    const slow = r.rx.url('/slow');
    const healthy = ok.url('/healthy');
    r.rx.handler = () => ({ hold: true });
    const sent = new Map<string, number>();
    const latencies: number[] = [];
    r.d.on('delivered', (p) => { latencies.push(performance.now() - sent.get(p.id)!); });
    let slowDone = 0;
    let healthyAtFirstSlowDone = -1;
    r.d.on('attempt', (p) => {
      if (p.url !== slow) return;
      if (slowDone++ === 0) healthyAtFirstSlowDone = latencies.length;
    });
    // The slow endpoint's backlog is due first: a scan in due order alone would fill every slot with it.
    const slowPushes = Array.from({ length: 200 }, (_, i) => push({ url: slow, dialect: 'quick', sessionId: `slow${i}`, availableAt: T0 - 1000, timeoutMs: 10_000 }));
    await r.t.store.outbox.enqueue(slowPushes);
    r.d.wake();
    const healthyPushes = Array.from({ length: 200 }, (_, i) => push({ url: healthy, dialect: 'quick', sessionId: `ok${i}` }));
    for (let i = 0; i < healthyPushes.length; i += 10) {
      const batch = healthyPushes.slice(i, i + 10);
      for (const p of batch) sent.set(p.id, performance.now());
      await r.t.store.outbox.enqueue(batch);
      r.d.wake();
      await new Promise((res) => setTimeout(res, 2));
    }
    while (latencies.length < healthyPushes.length) await new Promise((res) => setTimeout(res, 20));
    latencies.sort((x, y) => x - y);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
    console.log(`# isolation: healthy endpoint p50 ${p(0.5)} ms, p99 ${p(0.99)} ms over ${latencies.length} pushes while /slow held 8 connections`);
    assert.ok(healthyAtFirstSlowDone === -1 || healthyAtFirstSlowDone === healthyPushes.length,
      `every healthy push was delivered before the first held attempt timed out (${healthyAtFirstSlowDone} of ${healthyPushes.length})`);
    assert.ok(r.rx.requests.filter((q) => q.path === '/slow').length <= 8, 'at most 8 held at once');
  });
});

describe('the dispatcher\'s timer with a paused endpoint', () => {
  it('wakes for a retry due at another endpoint, not only at the idle cap', async () => {
    const r = await rig();
    let n = 0;
    r.rx.handler = () => ({ status: n++ === 0 ? 503 : 200 });
    const paused = r.rx.url('/paused');
    await r.t.store.endpoints.setPaused(paused, true, 'maintenance', T0);
    await r.t.store.outbox.enqueue([push({ url: paused, sessionId: 'held' })]);
    const retry = push({ url: r.rx.url('/retry'), sessionId: 'soon', schedule: [100] });
    await r.t.store.outbox.enqueue([retry]);
    await r.d.drain();
    assert.equal((await get(r, retry.id)).nextAt, T0 + 100);
    const delivered = new Promise<void>((resolve) => r.d.on('delivered', () => resolve()));
    // Only the clock moves (no drain, no wake): the dispatcher's own timer must fire at +100 ms.
    await r.clock.advance(100);
    await Promise.race([delivered, new Promise((_, reject) => setTimeout(() => reject(new Error('the retry waited for the idle cap')), 2000))]);
    assert.equal((await get(r, retry.id)).state, 'delivered');
  });
});
