// callEnded (src/calls/flow/ending.ts): how a flow call that ended under a verb is recorded. A
// party's hangup is a normal clearing only once the call was answered; before the answer it is
// the unanswered no_answer the networks report for a caller or callee gone (docs/inbound.md).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callEnded } from '../../src/calls/flow/ending.js';
import { STATE } from '../../src/calls/state-codes.js';

test('a party hanging up: answered normal clearing after the answer, no_answer before it', () => {
  const e = { type: 'ended', cause: 'hangup', leg: 'A', by: 'far', at: 7 } as const;
  const after = callEnded(e, true);
  assert.deepEqual([after.outcome, after.stateCode, after.partyType, after.leg], ['answered', STATE.normal, 'callee', 'A']);
  const before = callEnded(e, false);
  assert.deepEqual([before.outcome, before.stateCode, before.partyType, before.leg, before.at], ['no_answer', 8101, 'platform', 'A', 7]);
});

test('callStop before the answer cancels; a network drop before it fails', () => {
  assert.equal(callEnded({ type: 'ended', cause: 'stop', at: 1 }, false).outcome, 'cancelled');
  assert.equal(callEnded({ type: 'ended', cause: 'hangup', leg: 'A', by: 'network', at: 1 }, false).outcome, 'failed');
});
