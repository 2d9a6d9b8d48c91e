// The gather verb: digits ended by the terminator or max digits, reported with collectInfo and
// kept for the record; no input; the call ending under it; the network refusing to collect.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dial, gather } from '../../src/calls/verbs/index.js';
import type { Rule } from '../../src/network/simulated/index.js';
import { notify, T0 } from './helpers.js';
import { rig } from './verbs-rig.js';

const CALLEE = '+8613700000001';

/** The callee answers at 1 s and presses `digits` 1 s into each collection. */
async function answered(rule: Partial<Rule>) {
  const r = rig({ call: notify({ calleeNbr: CALLEE }), rules: [{ number: CALLEE, outcome: 'answer', answerAfter: 1, alertAfter: 0, talk: null, ...rule }] });
  await r.exec((rt) => dial(rt, 'A'), 1000);
  return r;
}

test('gather: keys up to the terminator, without it, reported with collectInfo and kept', async () => {
  const r = await answered({ digits: ['12#'] });
  const g = await r.exec((rt) => gather(rt, 'A', { maxDigits: 5, timeoutMs: 5000, terminator: '#' }), 1000);
  assert.deepEqual(g, { type: 'digits', at: T0 + 2000, digits: '12', reason: 'terminator' });
  assert.deepEqual(r.rt.digits, ['12']);
  const info = r.sink.events.at(-1)!;
  assert.deepEqual([info.type, info.leg, info.at, info.digitInfo], ['collectInfo', 'A', T0 + 2000, '12']);
});

test('gather: max digits ends the collection; the next gather gets the next keys', async () => {
  const r = await answered({ digits: ['123', '9'] });
  assert.deepEqual(await r.exec((rt) => gather(rt, 'A', { maxDigits: 2, timeoutMs: 5000 }), 1000), {
    type: 'digits',
    at: T0 + 2000,
    digits: '12',
    reason: 'max',
  });
  assert.deepEqual(await r.exec((rt) => gather(rt, 'A', { maxDigits: 1, timeoutMs: 5000 }), 1000), {
    type: 'digits',
    at: T0 + 3000,
    digits: '9',
    reason: 'max',
  });
  assert.deepEqual(r.rt.digits, ['12', '9']);
});

test('gather: nothing pressed before the timeout is no input, with no collectInfo', async () => {
  const r = await answered({});
  const g = await r.exec((rt) => gather(rt, 'A', { maxDigits: 1, timeoutMs: 5000 }), 5000);
  assert.deepEqual(g, { type: 'noInput', at: T0 + 6000, reason: 'timeout' });
  assert.deepEqual(r.rt.digits, []);
  assert.equal(r.sink.events.filter((e) => e.type === 'collectInfo').length, 0);
});

test('gather: the callee hanging up while it waits ends the verb with the call', async () => {
  const r = await answered({ talk: 2 });
  const g = await r.exec((rt) => gather(rt, 'A', { maxDigits: 1, timeoutMs: 5000 }), 2000);
  assert.deepEqual(g, { type: 'ended', cause: 'hangup', leg: 'A', by: 'far', at: T0 + 3000 });
});

test('gather: callStop while it waits ends the verb', async () => {
  const r = await answered({});
  const g = r.start((rt) => gather(rt, 'A', { maxDigits: 1, timeoutMs: 5000 }));
  await r.clock.advance(500);
  r.run.stop();
  await r.clock.advance(0);
  assert.deepEqual(g.value, { type: 'ended', cause: 'stop', at: T0 + 1500 });
});

test('gather: a collection the network refuses fails with an internal error (8000)', async () => {
  const r = await answered({ digits: ['1'] });
  r.refuse('collect');
  const g = await r.exec((rt) => gather(rt, 'A', { maxDigits: 1, timeoutMs: 5000 }), 0);
  assert.deepEqual(g, { type: 'opFailed', at: T0 + 1000, failure: { stateCode: 8000, ulFailReason: 8000 } });
});

test('gather with interruptsPlay over a play started on the runtime: the first key cuts the play short (barge-in)', async () => {
  const r = await answered({ digits: ['7'] });
  const started = await r.rt.startPlay('A', { kind: 'file', name: 'menu.wav', durationMs: 10_000 });
  assert.ok(!('type' in started), 'the play started');
  const g = await r.exec((rt) => gather(rt, 'A', { maxDigits: 1, timeoutMs: 5000, interruptsPlay: true }), 1000);
  assert.deepEqual(g, { type: 'digits', at: T0 + 2000, digits: '7', reason: 'max' });
  const played = r.network.trace.find((e) => e.action === 'played');
  assert.deepEqual([played?.media?.name, played && r.at(played.at)], ['menu.wav', 2000]);
  assert.equal(r.rt.leg('A').playId, 0, 'the interrupted play is no longer the leg\'s');
});
