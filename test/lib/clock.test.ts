// ManualClock: timers in order, and advance() waits for exactly the work it was told to wait for.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ManualClock } from '../../src/lib/clock.js';

test('timers fire in time order, ties in creation order; cancelled ones never', async () => {
  const clock = new ManualClock(0);
  const fired: string[] = [];
  clock.setTimer(20, () => fired.push('b'));
  clock.setTimer(10, () => fired.push('a'));
  clock.setTimer(20, () => fired.push('c'));
  clock.setTimer(15, () => fired.push('x')).cancel();
  await clock.advance(19);
  assert.deepEqual(fired, ['a']);
  await clock.advance(1);
  assert.deepEqual(fired, ['a', 'b', 'c']);
  assert.equal(clock.pending, 0);
});

test('advance waits for the registered idle signal after each timer, however long the work takes', async () => {
  const clock = new ManualClock(0);
  // Work that takes real time (far more than a few event-loop turns) and sets the next timer.
  let busy = 0;
  const waiters: Array<() => void> = [];
  const idle = () => (busy === 0 ? Promise.resolve() : new Promise<void>((r) => waiters.push(r)));
  clock.whenIdle(idle);
  const seen: number[] = [];
  const step = (n: number) => {
    busy++;
    void (async () => {
      await sleep(15);
      seen.push(clock.now());
      if (n < 3) clock.setTimer(100, () => step(n + 1));
      busy--;
      for (const w of waiters.splice(0)) w();
    })();
  };
  clock.setTimer(100, () => step(1));
  await clock.advance(1000);
  // Each step ran at its own time, and the timers it set fired within the same advance.
  assert.deepEqual(seen, [100, 200, 300]);
});

test('whenIdle returns a function that removes the wait', async () => {
  const clock = new ManualClock(0);
  let calls = 0;
  const remove = clock.whenIdle(async () => { calls++; });
  clock.setTimer(5, () => undefined);
  await clock.advance(10);
  assert.equal(calls, 3, 'before the first timer (work begun earlier), after it, and at the end');
  remove();
  await clock.advance(10);
  assert.equal(calls, 3);
});
