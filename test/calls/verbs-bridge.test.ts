// The bridge, record and hangup verbs: a talk held until the call ends (a party hangs up, the
// time limit with its warning, callStop, a network drop), the network refusing to bridge or
// record, and the one disconnect with the record that hangup stores.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { bridge, dial, hangup, record } from '../../src/calls/verbs/index.js';
import type { Media } from '../../src/network/types.js';
import { callback, n, T0 } from './helpers.js';
import { rig } from './verbs-rig.js';

const lastMin: Media = { kind: 'file', name: 'lastmin_voice1.wav', durationMs: 3500 };

/** A answered at 2 s, B (talking `b`) answered at 4 s. */
async function talking(b: string) {
  const r = rig({ call: callback({ callerNbr: n('09'), calleeNbr: b }) });
  await r.exec((rt) => dial(rt, 'A'), 2000);
  await r.exec((rt) => dial(rt, 'B'), 2000);
  return r;
}

test('bridge: holds the talk until a party hangs up', async () => {
  const r = await talking(n('01'));
  const t = await r.exec((rt) => bridge(rt, 'A', 'B'), 20_000);
  assert.deepEqual(t, { type: 'ended', cause: 'hangup', leg: 'B', by: 'far', at: T0 + 24_000 });
  assert.equal(r.network.trace.filter((e) => e.action === 'bridge').length, 2);
});

test('bridge: the time limit ends the call at its end, the warning plays to the legs before it', async () => {
  const r = await talking(n('09'));
  const t = r.start((rt) => bridge(rt, 'A', 'B', { maxDurationMs: 120_000, warning: { beforeEndMs: 60_000, media: lastMin, legs: ['A', 'B'] } }));
  await r.clock.advance(119_999);
  assert.equal(t.value, undefined, 'still talking');
  await r.clock.advance(1);
  assert.deepEqual(t.value, { type: 'ended', cause: 'timeLimit', at: T0 + 124_000 });
  const warnings = r.network.trace.filter((e) => e.action === 'play').map((e) => [e.leg, r.at(e.at), e.media?.name]);
  assert.deepEqual(warnings, [
    ['A', 64_000, 'lastmin_voice1.wav'],
    ['B', 64_000, 'lastmin_voice1.wav'],
  ]);
});

test('bridge: a warning the network cannot play does not end the talk', async () => {
  const r = await talking(n('09'));
  r.refuse('play');
  const t = await r.exec((rt) => bridge(rt, 'A', 'B', { maxDurationMs: 60_000, warning: { beforeEndMs: 60_000, media: lastMin, legs: ['A'] } }), 60_000);
  assert.deepEqual(t, { type: 'ended', cause: 'timeLimit', at: T0 + 64_000 });
});

test('bridge: callStop and a network drop end the talk', async () => {
  const stopped = await talking(n('09'));
  const s = stopped.start((rt) => bridge(rt, 'A', 'B'));
  await stopped.clock.advance(10_000);
  stopped.run.stop();
  await stopped.clock.advance(0);
  assert.deepEqual(s.value, { type: 'ended', cause: 'stop', at: T0 + 14_000 });

  const dropped = await talking(n('09'));
  const d = dropped.start((rt) => bridge(rt, 'A', 'B'));
  await dropped.clock.advance(10_000);
  await dropped.network.close();
  await dropped.clock.advance(0);
  assert.deepEqual(d.value, { type: 'ended', cause: 'hangup', leg: 'A', by: 'network', at: T0 + 14_000 });
});

test('bridge: the network refusing the bridge or the recording fails it (8000) at the bridge', async () => {
  const noBridge = await talking(n('09'));
  noBridge.refuse('bridge');
  assert.deepEqual(await noBridge.exec((rt) => bridge(rt, 'A', 'B'), 0), { type: 'opFailed', at: T0 + 4000, failure: { stateCode: 8000, ulFailReason: 8000 } });

  const noRecord = await talking(n('09'));
  noRecord.refuse('record');
  const spec = { path: join(noRecord.recordingsDir, 'r.wav'), objectName: 'r.wav', hintToneMs: 0 };
  assert.deepEqual(await noRecord.exec((rt) => bridge(rt, 'A', 'B', { record: spec }), 0), {
    type: 'opFailed',
    at: T0 + 4000,
    failure: { stateCode: 8000, ulFailReason: 8000 },
  });
  assert.deepEqual(await noRecord.exec((rt) => record(rt, 'A', 'B', spec), 0), { type: 'opFailed', at: T0 + 4000, failure: { stateCode: 8000, ulFailReason: 8000 } });
});

test('record, then hangup: both legs released, the recording written and offered in the record, one disconnect', async () => {
  const r = await talking(n('01'));
  const path = join(r.recordingsDir, 'call.wav');
  assert.deepEqual(await r.exec((rt) => record(rt, 'A', 'B', { path, objectName: 'call.wav', hintToneMs: 0 }), 0), { type: 'recording', at: T0 + 4000 });
  const t = await r.exec((rt) => bridge(rt, 'A', 'B'), 20_000);
  assert.equal(t.type, 'ended');
  await hangup(r.rt, { leg: 'B', at: T0 + 24_000, outcome: 'answered', stateCode: 0, ulFailReason: 0, partyType: 'callee' });
  assert.equal(r.network.trace.filter((e) => e.action === 'release').length, 1, 'A released; B had hung up');
  assert.equal(r.sink.finished.length, 1);
  const rec = r.sink.record;
  assert.deepEqual(rec.recording, { objectName: 'call.wav', bucketName: 'voxcall-records', domain: 'rec.voxcall.test', startAt: T0 + 4000, endAt: T0 + 24_000, path });
  assert.ok(existsSync(path));
  assert.deepEqual([rec.legA.endAt, rec.legB?.endAt, rec.callEndAt], [T0 + 24_000, T0 + 24_000, T0 + 24_000]);
  const d = r.sink.disconnect;
  assert.deepEqual([d.leg, d.at, d.stateCode, d.partyType, d.seq], ['B', T0 + 24_000, 0, 'callee', 7]);
});

test('hangup: a recording the network cannot write is left out; the call still ends', async () => {
  const r = await talking(n('09'));
  // A file where its directory should be: the network cannot write there.
  const blocker = join(r.recordingsDir, 'blocker');
  writeFileSync(blocker, '');
  const path = join(blocker, 'call.wav');
  await r.exec((rt) => record(rt, 'A', 'B', { path, objectName: 'call.wav', hintToneMs: 0 }), 0);
  await r.clock.advance(5000);
  await hangup(r.rt, { leg: 'A', at: T0 + 9000, outcome: 'answered', stateCode: 8017, ulFailReason: 8017, partyType: 'platform' });
  assert.equal(r.sink.record.recording, undefined);
  assert.equal(r.sink.record.callEndAt, T0 + 9000);
  assert.equal(r.network.trace.filter((e) => e.action === 'release').length, 2);
});
