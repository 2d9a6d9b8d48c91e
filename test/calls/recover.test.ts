import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallEvent } from '../../src/domain/call.js';
import { recoverInterrupted } from '../../src/calls/index.js';
import type { CallSink } from '../../src/calls/types.js';
import { callback, DISPLAY, DISPLAY_B, harness, n, notify, OTHER, SESSION, T0 } from './helpers.js';

const ev = (seq: number, type: CallEvent['type'], leg: 'A' | 'B', at: number, extra: Partial<CallEvent> = {}): CallEvent => ({
  sessionId: SESSION, seq, type, leg, at: T0 + at,
  ...(leg === 'A' ? { caller: DISPLAY, called: n('01') } : { caller: DISPLAY_B, called: OTHER }),
  ...extra,
});

test('recoverInterrupted: a disconnect for the leg last seen, 8000 by the platform, and a failed record', () => {
  const events = [ev(1, 'callout', 'A', 0), ev(2, 'alerting', 'A', 1000), ev(3, 'answer', 'A', 2000), ev(4, 'callout', 'B', 2000)];
  const { finalEvent, record } = recoverInterrupted(callback(), events, T0 + 9000, 'node2');
  assert.deepEqual(finalEvent, {
    sessionId: SESSION, seq: 5, type: 'disconnect', leg: 'B', at: T0 + 9000, caller: DISPLAY_B, called: OTHER,
    stateCode: 8000, stateDesc: 'Internal error.', partyType: 'platform',
  });
  assert.deepEqual(record.legA, { startAt: T0, alertingAt: T0 + 1000, answerAt: T0 + 2000, endAt: T0 + 9000, q850: 0, sipStatus: 0 });
  assert.deepEqual(record.legB, { startAt: T0 + 2000, endAt: T0 + 9000, q850: 0, sipStatus: 0 });
  assert.deepEqual(
    [record.outcome, record.stateCode, record.ulFailReason, record.partyType, record.callEndAt, record.failAt, record.hostName, record.fwdDstNum],
    ['failed', 8000, 8000, 'platform', T0 + 9000, T0 + 9000, 'node2', OTHER],
  );
});

test('recoverInterrupted: events that already end with a disconnect get no second one', () => {
  const events = [ev(1, 'callout', 'A', 0), ev(2, 'disconnect', 'A', 1000, { stateCode: 8102, partyType: 'callee' })];
  const { finalEvent, record } = recoverInterrupted(notify(), events, T0 + 50_000, 'node2');
  assert.equal(finalEvent, undefined);
  assert.deepEqual([record.outcome, record.stateCode, record.partyType, record.callEndAt], ['failed', 8102, 'callee', T0 + 1000]);
});

test('recoverInterrupted: no events at all: leg A from the call creation, digits from collectInfo', () => {
  const none = recoverInterrupted(notify(), [], T0 + 5000, 'h');
  assert.deepEqual([none.finalEvent?.seq, none.finalEvent?.leg, none.record.legA.startAt], [1, 'A', T0]);
  const withDigits = recoverInterrupted(notify(), [ev(1, 'callout', 'A', 0), ev(2, 'collectInfo', 'A', 9000, { digitInfo: '42' })], T0 + 9500, 'h');
  assert.deepEqual(withDigits.record.digits, ['42']);
  assert.equal(withDigits.finalEvent?.seq, 3);
});

test('a sink that fails mid-call: legs released, the call closed as an internal error', async () => {
  const h = harness();
  const finishes: unknown[] = [];
  let calls = 0;
  const failing: CallSink = {
    event: async () => {
      if (++calls === 2) throw new Error('disk full');
    },
    finish: async (_c, record, finalEvent) => {
      finishes.push([record.outcome, finalEvent?.stateCode, finalEvent?.seq]);
    },
  };
  const { createCallEngine } = await import('../../src/calls/index.js');
  const engine = createCallEngine({ ...h, sink: failing, hostName: 'h', recordDomain: 'd', recordBucket: 'b', onError: (e) => h.errors.push(e) });
  h.clock.whenIdle(() => engine.settled());
  engine.start(callback());
  await h.clock.advance(60_000);
  await engine.idle();
  // The second event was never stored, so the recovered disconnect takes its number.
  assert.deepEqual(finishes, [['failed', 8000, 2]]);
  assert.equal(h.errors.length, 1);
  assert.equal(h.network.trace.filter((t) => t.action === 'release').length, 1);
});

test('a sink whose finish fails once: the retry still carries a disconnect, so it is pushed', async () => {
  const h = harness();
  const finishes: unknown[] = [];
  let attempts = 0;
  const flaky: CallSink = {
    event: async () => {},
    finish: async (_c, record, finalEvent) => {
      if (++attempts === 1) throw new Error('database is locked');
      finishes.push([record.outcome, record.stateCode, finalEvent?.type, finalEvent?.stateCode]);
    },
  };
  const { createCallEngine } = await import('../../src/calls/index.js');
  const ended: string[] = [];
  const engine = createCallEngine({ ...h, sink: flaky, hostName: 'h', recordDomain: 'd', recordBucket: 'b', onError: (e) => h.errors.push(e), onEnded: (c) => ended.push(c.sessionId) });
  h.clock.whenIdle(() => engine.settled());
  engine.start(callback());
  await h.clock.advance(120_000);
  await engine.idle();
  assert.deepEqual(finishes, [['failed', 8000, 'disconnect', 8000]]);
  assert.equal(ended.length, 1, 'onEnded once per call');
});
