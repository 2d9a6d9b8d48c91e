// Nothing follows a call's disconnect: an event or a record for a call that is not active (ended
// by another node that took this one for dead, or never stored) is refused whole, with no event,
// no feed entry and no push written.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { CallNotActiveError } from '../../src/store/call-ended.js';
import { storeBackends, type TempStore } from './backends.js';
import { call, event, push, record, sessionId, T0 } from './fixtures.js';

for (const b of storeBackends()) describe(`calls after their end (${b.name})`, { skip: b.skip }, () => {
  let t: TempStore;
  beforeEach(async () => { t = await b.open(); });
  afterEach(() => t.cleanup());

  const feedSize = async () => (await t.store.feed.since('app1', 0, 100)).length;

  it('refuses an event for an ended call, writing nothing', async () => {
    const sid = sessionId();
    await t.store.calls.create(call(sid));
    await t.store.calls.appendEvent(event(sid, 1), [push({ id: 'before', sessionId: sid })]);
    await t.store.calls.finish(record(sid), event(sid, 2, 'disconnect'), [push({ id: 'cdr', sessionId: sid })]);
    const feedBefore = await feedSize();
    await assert.rejects(t.store.calls.appendEvent(event(sid, 3, 'collectInfo'), [push({ id: 'late', sessionId: sid })]),
      (e: unknown) => e instanceof CallNotActiveError && e.sessionId === sid);
    const stored = await t.store.calls.get(sid);
    assert.deepEqual(stored?.events.map((e) => e.type), ['callout', 'disconnect']);
    assert.equal(await t.store.outbox.get('late'), undefined);
    assert.equal(await feedSize(), feedBefore);
  });

  it('refuses a second record, and an event for a call never stored', async () => {
    const sid = sessionId();
    await t.store.calls.create(call(sid));
    await t.store.calls.finish(record(sid), event(sid, 1, 'disconnect'), []);
    await assert.rejects(t.store.calls.finish(record(sid, { callEndAt: T0 + 99_000 }), event(sid, 2, 'disconnect'), [push({ id: 'again' })]), CallNotActiveError);
    await assert.rejects(t.store.calls.appendEvent(event('no-such-call', 1), [push({ id: 'ghost' })]), CallNotActiveError);
    assert.equal((await t.store.calls.get(sid))?.record?.callEndAt, T0 + 9000);
    assert.equal(await t.store.outbox.get('again'), undefined);
    assert.equal(await t.store.outbox.get('ghost'), undefined);
  });

  it('two nodes finishing one call at once: one record is kept, the other is refused as ended (no deadlock)', async () => {
    const sid = sessionId();
    await t.store.calls.create(call(sid));
    await t.store.calls.appendEvent(event(sid, 1), []);
    const other = await t.another();
    const results = await Promise.allSettled([
      t.store.calls.finish(record(sid), event(sid, 2, 'disconnect'), [push({ id: 'mine', sessionId: sid })]),
      other.calls.finish(record(sid, { stateCode: 8000 }), event(sid, 2, 'disconnect'), [push({ id: 'theirs', sessionId: sid })]),
    ]);
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as Error);
    assert.equal(refused.length, 1, `exactly one finish refused: ${refused.map((e) => e.message).join('; ')}`);
    assert.ok(refused[0] instanceof CallNotActiveError, `refused as ended, not ${refused[0]?.message}`);
    const kept = (await t.store.calls.get(sid))!;
    assert.equal(kept.state, 'ended');
    assert.deepEqual(kept.events.map((e) => e.seq), [1, 2]);
    const pushes = [await t.store.outbox.get('mine'), await t.store.outbox.get('theirs')].filter(Boolean);
    assert.equal(pushes.length, 1, 'the pushes of the kept record only');
  });
});
