import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness, n, T0, verify } from './helpers.js';

test('verification: preTone, the code read `times` times, postTone, then the platform hangs up', async () => {
  const h = harness();
  h.engine.start(verify({ times: 2, postTone: 'post.wav' }));
  await h.clock.advance(60_000);
  assert.deepEqual(h.plays(), [
    ['A', 3000, 'file', 'welcome.wav', false],
    ['A', 7000, 'digits', '1234', false],
    ['A', 10200, 'digits', '1234', false],
    ['A', 13400, 'file', 'post.wav', false],
  ]);
  const d = h.sink.disconnect;
  assert.deepEqual([d.at - T0, d.stateCode, d.partyType], [14900, 0, 'platform']);
  assert.deepEqual([h.sink.record.kind, h.sink.record.outcome], ['verify', 'answered']);
});

test('verification: times 0 reads until the callee hangs up', async () => {
  const h = harness();
  h.engine.start(verify({ calleeNbr: n('01'), verifyCode: '123', times: 0 }));
  await h.clock.advance(60_000);
  // Readings of 2.4 s from 6 s; the callee hangs up at 22 s.
  assert.equal(h.plays().filter((p) => p[2] === 'digits').length, 7);
  const d = h.sink.disconnect;
  assert.deepEqual([d.at - T0, d.partyType], [22000, 'callee']);
});

test('verification: times 0 stops at the safety cap', async () => {
  const h = harness({ timings: { verifySafetyCap: 3 } });
  h.engine.start(verify({ calleeNbr: n('09'), verifyCode: '12', times: 0 }));
  await h.clock.advance(10 * 60_000);
  assert.equal(h.plays().filter((p) => p[2] === 'digits').length, 3);
  assert.equal(h.sink.disconnect.partyType, 'platform');
  assert.equal(h.sink.disconnect.at - T0, 2000 + 4000 + 3 * 1600);
});
