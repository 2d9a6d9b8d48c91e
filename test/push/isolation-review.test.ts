// Found in review, each once a failing test: gates kept for ever, a probe taken by a push that was
// never sent, a paused failover URL still receiving pushes, a failover's 410 ignored.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { push, T0 } from '../store/fixtures.js';
import { useGateRigs } from './gate-rig.js';

const S = 1000;
const rig = useGateRigs();

describe('endpoint isolation, review findings', () => {
  it('forgets the gates of receivers nobody sends to any more (apps choose URLs per request)', async () => {
    const r = await rig();
    r.rx.handler = () => ({ status: 503 });
    // 200 calls of 200 apps, each with its own statusUrl (apps choose them per request), each
    // failing for good: 200 receivers (app + origin), each with one failure.
    const ps = Array.from({ length: 200 }, (_, i) => push({ appKey: `app${i}`, url: r.rx.url(`/cb?call=${i}`), sessionId: `s${i}`, schedule: [] }));
    await r.t.store.outbox.enqueue(ps);
    await r.d.drain();
    for (const p of ps) assert.equal((await r.t.store.outbox.get(p.id))!.state, 'failed');
    // Nothing will be sent to these URLs again: their gates go once their failures are a cool-down old.
    await r.clock.advance(30 * S);
    assert.equal(r.d.breakers().length, 0, `gates kept for endpoints with nothing queued: ${r.d.breakers().length}`);
  });

  it('a push that is never sent (no secret) neither probes nor closes the breaker', async () => {
    const r = await rig({
      breaker: { failureThreshold: 1, cooldownMs: 30 * S, maxInFlight: 8 },
      secretFor: async (appKey) => (appKey === 'gone' ? undefined : 'secret'),
    });
    r.rx.handler = () => ({ status: 503 }); // the receiver stays down throughout
    const a = r.rx.url('/a');
    await r.t.store.outbox.enqueue([push({ url: a, sessionId: 'first', schedule: [3600 * S] })]);
    await r.d.drain();
    assert.equal(r.rx.requests.length, 1);
    assert.deepEqual(r.d.breakers().map((b) => b.state), ['open']);
    // Queued while open: one push of a deleted app (oldest, so it is the probe), then five others.
    await r.clock.advance(1);
    await r.t.store.outbox.enqueue([push({ url: a, appKey: 'gone', sessionId: 'g', createdAt: T0 + 1, availableAt: T0 + 1 })]);
    await r.clock.advance(1);
    await r.t.store.outbox.enqueue(Array.from({ length: 5 }, (_, i) => push({ url: a, sessionId: `x${i}`, schedule: [3600 * S], createdAt: T0 + 2, availableAt: T0 + 2 })));
    await r.d.drain();
    assert.equal(r.rx.requests.length, 1, 'nothing while open');
    await r.clock.advance(30 * S); // cool-down over: half-open, ONE probe allowed
    await r.d.drain();
    const sentAfterCooldown = r.rx.requests.length - 1;
    assert.ok(sentAfterCooldown <= 1, `half-open let ${sentAfterCooldown} requests reach a receiver that is still down`);
  });

  it('does not send to a paused failover URL', async () => {
    let failover = '';
    const r = await rig({ failoverFor: async () => failover });
    failover = r.rx.url('/failover');
    r.rx.handler = (q) => ({ status: q.path === '/primary' ? 500 : 200 });
    // The operator pauses the failover URL (docs: a paused endpoint's pushes stay queued, the claim skips it).
    await r.t.store.endpoints.setPaused(failover, true, 'maintenance', r.clock.now());
    await r.t.store.outbox.enqueue([push({ url: r.rx.url('/primary'), sessionId: 'f', schedule: [60 * S] })]);
    await r.d.drain();
    assert.deepEqual(r.rx.requests.map((q) => q.path), ['/primary'], 'POSTed to a paused endpoint');
  });

  it('pauses a failover URL that answers 410 Gone', async () => {
    let failover = '';
    const r = await rig({ failoverFor: async () => failover });
    failover = r.rx.url('/failover');
    r.rx.handler = (q) => ({ status: q.path === '/primary' ? 500 : 410 });
    await r.t.store.outbox.enqueue([push({ url: r.rx.url('/primary'), sessionId: 'f', schedule: [60 * S] })]);
    await r.d.drain();
    const ep = await r.t.store.endpoints.get(failover);
    assert.equal(ep?.paused, true, 'the failover endpoint that answered 410 is not paused');
  });
});
