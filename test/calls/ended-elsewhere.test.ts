// A call another node ended (it adopted this node's calls, taking it for dead) is dropped here at
// its next write: legs released, no recovered record on top of the stored one, ended once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCallEngine } from '../../src/calls/index.js';
import type { CallSink } from '../../src/calls/types.js';
import { CallNotActiveError } from '../../src/store/call-ended.js';
import { callback, harness } from './helpers.js';

test('an event refused because the call ended elsewhere ends the run without a second record', async () => {
  const h = harness();
  const finishes: unknown[] = [];
  let events = 0;
  const adopted: CallSink = {
    // The callout was stored; by the alerting, another node had ended the call.
    event: async (call) => {
      if (++events === 2) throw new CallNotActiveError(call.sessionId);
    },
    finish: async (_c, record) => {
      finishes.push(record.outcome);
    },
  };
  const ended: string[] = [];
  const errors: unknown[] = [];
  const engine = createCallEngine({
    ...h, sink: adopted, hostName: 'h', recordDomain: 'd', recordBucket: 'b',
    onError: (e) => errors.push(e), onEnded: (c) => ended.push(c.sessionId),
  });
  h.clock.whenIdle(() => engine.settled());
  const call = callback();
  engine.start(call);
  await h.clock.advance(60_000);
  await engine.idle();
  assert.equal(events, 2, 'nothing was written after the refused event');
  assert.deepEqual(finishes, [], 'the record stored by the other node stays the only one');
  assert.deepEqual(ended, [call.sessionId]);
  assert.equal(errors.length, 1);
  assert.ok(errors[0] instanceof CallNotActiveError);
  assert.equal(h.network.trace.filter((t) => t.action === 'release').length, 1, 'leg A released');
  assert.equal(engine.active(), 0);
});
