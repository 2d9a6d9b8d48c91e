// A leg the network ends (here: the simulated network closing under live calls) is not a party
// hanging up: 8020 at point 518, released by the platform, the leg keeps the cause.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callback, harness, notify, OTHER, T0 } from './helpers.js';

test('a notification whose leg the network drops ends 8020/518, released by the platform, with the cause', async () => {
  const h = harness();
  h.engine.start(notify({ playInfoList: [{ notifyVoice: 'welcome.wav', collectInd: 0, replayAfterCollection: false }] }));
  await h.clock.advance(3500);
  assert.equal(h.sink.timeline().at(-1)?.[0], 'answer');
  await h.network.close();
  await h.engine.settled();
  const r = h.sink.record;
  assert.deepEqual([r.outcome, r.stateCode, r.ulFailReason, r.partyType], ['answered', 8020, 518, 'platform']);
  assert.equal(r.legA.endAt, T0 + 3500);
  assert.notEqual(r.legA.q850, 0);
  assert.equal(h.sink.disconnect.stateCode, 8020);
});

test('a callback in talk whose legs the network drops stays answered and ends 8020/518', async () => {
  const h = harness();
  h.engine.start(callback({ calleeNbr: OTHER }));
  await h.clock.advance(10_000);
  assert.ok(h.sink.events.some((e) => e.type === 'answer' && e.leg === 'B'), 'B answered');
  assert.equal(h.sink.finished.length, 0);
  await h.network.close();
  await h.engine.settled();
  const r = h.sink.record;
  assert.deepEqual([r.outcome, r.stateCode, r.ulFailReason, r.partyType], ['answered', 8020, 518, 'platform']);
});
