// The engine's idle signal: settled() resolves once every call waits for a timer or a callStop,
// so a manual clock's advance() returns with the work its timers set off complete, real I/O
// included (a sink that takes real time, a recording written to disk).

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Call, CallEvent, CallRecord } from '../../src/domain/call.js';
import { createCallEngine } from '../../src/calls/index.js';
import type { CallSink } from '../../src/calls/types.js';
import { callback, harness, n, SESSION, T0 } from './helpers.js';

test('a call in progress waiting for its next signal is settled; the engine is not idle', async () => {
  const h = harness();
  h.engine.start(callback({ callerNbr: n('09'), calleeNbr: n('09') })); // both answer, never hang up
  await h.clock.advance(30_000);
  await h.engine.settled();
  assert.equal(h.engine.active(), 1);
  assert.deepEqual(h.sink.timeline().map((e) => e[0]), ['callout', 'alerting', 'answer', 'callout', 'alerting', 'answer']);
  h.engine.stop(SESSION);
  await h.clock.advance(0);
  assert.equal(h.engine.active(), 0, 'the stop was handled within advance(0)');
  assert.equal(h.sink.disconnect.stateCode, 8017);
});

test('advance returns only once a sink that takes real time has stored every event, at its own time', async () => {
  const h = harness();
  const stored: Array<[string, number]> = [];
  const slow: CallSink = {
    async event(_c: Call, e: CallEvent) {
      await sleep(5);
      stored.push([e.type, e.at - T0]);
    },
    async finish(_c: Call, _r: CallRecord, e?: CallEvent) {
      await sleep(5);
      if (e) stored.push([e.type, e.at - T0]);
    },
  };
  const engine = createCallEngine({ ...h, sink: slow, hostName: 'h', recordDomain: 'd', recordBucket: 'b' });
  h.clock.whenIdle(() => engine.settled());
  engine.start(callback());
  await h.clock.advance(60_000);
  assert.equal(engine.active(), 0);
  assert.deepEqual(stored, [
    ['callout', 0], ['alerting', 1000], ['answer', 2000], ['callout', 2000], ['alerting', 3000], ['answer', 5000], ['disconnect', 22000],
  ]);
});

test('a recorded call: when advance returns, the WAV is written and the record stored', async () => {
  const h = harness();
  h.engine.start(callback({ recordFlag: true }));
  await h.clock.advance(60_000);
  // No engine.idle(): advance itself waited for the recording's real file I/O.
  const rec = h.sink.record.recording!;
  assert.ok(existsSync(rec.path), rec.path);
});
