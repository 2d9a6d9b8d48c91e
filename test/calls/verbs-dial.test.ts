// The dial verb: a placed leg's callout, ringing and answer as events; its failure with codes;
// the call ending while it rings; the music another leg hears meanwhile.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recoverInterrupted } from '../../src/calls/index.js';
import { dial, hangup } from '../../src/calls/verbs/index.js';
import { callback, n, notify, T0 } from './helpers.js';
import { rig } from './verbs-rig.js';

const wait = { kind: 'file', name: 'wait_voice1.wav', durationMs: 5000 } as const;

test('dial: callout, alerting and answer as events, answered with its time', async () => {
  const r = rig({ call: notify({ calleeNbr: n('01') }) });
  const d = await r.exec((rt) => dial(rt, 'A'), 2000);
  assert.deepEqual(d, { type: 'answered', at: T0 + 2000 });
  assert.deepEqual(r.sink.timeline(), [['callout', 'A', 0], ['alerting', 'A', 1000], ['answer', 'A', 2000]]);
  assert.deepEqual(r.rt.leg('A').times, { startAt: T0, alertingAt: T0 + 1000, answerAt: T0 + 2000, q850: 0, sipStatus: 0 });
});

test('dial: a busy callee is a failure with its codes, kept on the leg', async () => {
  const r = rig({ call: notify({ calleeNbr: n('02') }) });
  const d = await r.exec((rt) => dial(rt, 'A'), 1000);
  assert.deepEqual(d, { type: 'failed', at: T0 + 1000, failure: 'busy', q850: 17, sipStatus: 486 });
  assert.deepEqual(r.rt.leg('A').times, { startAt: T0, endAt: T0 + 1000, q850: 17, sipStatus: 486 });
  assert.deepEqual(r.sink.timeline(), [['callout', 'A', 0]]);
});

test('dial: callStop while the leg rings ends the verb with the call', async () => {
  const r = rig({ call: notify({ calleeNbr: n('01') }) });
  const d = r.start((rt) => dial(rt, 'A'));
  await r.clock.advance(1500);
  r.run.stop();
  await r.clock.advance(0);
  assert.deepEqual(d.value, { type: 'ended', cause: 'stop', at: T0 + 1500 });
});

test('dial with music: the caller hears it looped, then the ringback once B rings; it stops on the answer', async () => {
  const r = rig({ call: callback({ callerNbr: n('09'), calleeNbr: n('01') }) });
  await r.exec((rt) => dial(rt, 'A'), 2000);
  const d = await r.exec((rt) => dial(rt, 'B', { music: { to: 'A', media: wait, ringbackOnAlerting: true } }), 2000);
  assert.deepEqual(d, { type: 'answered', at: T0 + 4000 });
  const a = r.network.trace.filter((t) => t.leg === 'A' && (t.action === 'play' || t.action === 'stopPlay'));
  assert.deepEqual(
    a.map((t) => [t.action, r.at(t.at), t.media?.name, t.loop]),
    [
      ['play', 2000, 'wait_voice1.wav', true],
      ['stopPlay', 3000, undefined, undefined],
      ['play', 3000, 'ringback', true],
      ['stopPlay', 4000, undefined, undefined],
    ],
  );
  assert.deepEqual(r.sink.timeline().slice(3), [['callout', 'B', 2000], ['alerting', 'B', 3000], ['answer', 'B', 4000]]);
});

test('dial with music: music the network refuses fails the verb at the dial, with the file\'s codes', async () => {
  const r = rig({ call: callback({ callerNbr: n('09'), calleeNbr: n('01') }) });
  await r.exec((rt) => dial(rt, 'A'), 2000);
  r.refuse('play');
  const d = await r.exec((rt) => dial(rt, 'B', { music: { to: 'A', media: wait, ringbackOnAlerting: false } }), 0);
  assert.deepEqual(d, { type: 'opFailed', at: T0 + 2000, failure: { stateCode: 8006, ulFailReason: 524 } });
});

test('dial: the network dropping the answered caller while B rings ends the verb (hangup by network)', async () => {
  const r = rig({ call: callback({ callerNbr: n('09'), calleeNbr: n('01') }) });
  await r.exec((rt) => dial(rt, 'A'), 2000);
  const d = r.start((rt) => dial(rt, 'B', { music: { to: 'A', media: wait, ringbackOnAlerting: false } }));
  await r.clock.advance(500);
  await r.network.close();
  await r.clock.advance(0);
  assert.deepEqual(d.value, { type: 'ended', cause: 'hangup', leg: 'A', by: 'network', at: T0 + 2500 });
  assert.notEqual(r.rt.leg('A').times.q850, 0);
});

test('dial to other parties than the plan\'s: events, record and a recovery show the number dialled', async () => {
  const r = rig({ call: notify({ calleeNbr: n('09') }) });
  await r.exec((rt) => dial(rt, 'A'), 2000);
  const transfer = { caller: '+8675500000009', called: n('01') };
  const d = await r.exec((rt) => dial(rt, 'B', { parties: transfer }), 2000);
  assert.deepEqual(d, { type: 'answered', at: T0 + 4000 });
  const b = r.sink.events.filter((e) => e.leg === 'B');
  assert.deepEqual(
    b.map((e) => [e.type, e.caller, e.called]),
    ['callout', 'alerting', 'answer'].map((t) => [t, transfer.caller, transfer.called]),
  );
  assert.equal(r.network.trace.find((e) => e.leg === 'B')?.number, transfer.called);
  const recovered = recoverInterrupted(r.run.call, r.sink.events, T0 + 5000, 'h');
  assert.deepEqual([recovered.record.fwdDisplayNum, recovered.record.fwdDstNum], [transfer.caller, transfer.called]);
  assert.equal(recovered.finalEvent?.called, transfer.called, 'the disconnect is for B, the last leg seen');
  await hangup(r.rt, { leg: 'B', at: T0 + 4000, outcome: 'answered', stateCode: 0, ulFailReason: 0, partyType: 'platform' });
  assert.deepEqual([r.sink.record.fwdDisplayNum, r.sink.record.fwdDstNum, r.sink.disconnect.called], [transfer.caller, transfer.called, transfer.called]);
});
