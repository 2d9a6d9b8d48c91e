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
});
