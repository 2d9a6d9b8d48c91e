// Long timers: Node's setTimeout keeps at most 2^31-1 ms and fires after 1 ms beyond it, so a long
// delay is waited in steps and fires only after the last one.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { longTimer, MAX_TIMEOUT_MS, scaledClock, systemClock, type Clock, type HostTimers } from '../../src/lib/clock.js';

/** Host timers that only run when the test says: records each delay asked for. */
function fakeHost() {
  let next = 0;
  const waiting = new Map<number, { ms: number; fn: () => void }>();
  const asked: number[] = [];
  const host: HostTimers<number> = {
    set(ms, fn) {
      asked.push(ms);
      waiting.set(++next, { ms, fn });
      return next;
    },
    clear(h) {
      waiting.delete(h);
    },
  };
  /** Fires the one waiting host timer; false when none waits. */
  const fire = (): boolean => {
    const [h, t] = [...waiting][0] ?? [];
    if (h === undefined || !t) return false;
    waiting.delete(h);
    t.fn();
    return true;
  };
  return { host, asked, fire, get waiting() { return waiting.size; } };
}

test('a delay past 2^31-1 ms is waited in steps no host timer can overflow, and fires after the last', () => {
  const f = fakeHost();
  let fired = 0;
  const delay = 2 * MAX_TIMEOUT_MS + 5000;
  longTimer(delay, () => fired++, f.host);
  assert.ok(f.fire());
  assert.equal(fired, 0, 'not after the first step');
  assert.ok(f.fire());
  assert.equal(fired, 0, 'not after the second step');
  assert.ok(f.fire());
  assert.equal(fired, 1);
  assert.deepEqual(f.asked, [MAX_TIMEOUT_MS, MAX_TIMEOUT_MS, 5000]);
  assert.equal(f.asked.reduce((a, b) => a + b), delay);
  assert.ok(f.asked.every((ms) => ms <= MAX_TIMEOUT_MS));
  assert.equal(f.fire(), false, 'nothing left waiting');
});

test('a short delay is one host timer; a negative or NaN one is 0; Infinity never fires', () => {
  const f = fakeHost();
  let fired = 0;
  longTimer(1500, () => fired++, f.host);
  longTimer(-5, () => fired++, f.host);
  longTimer(Number.NaN, () => fired++, f.host);
  assert.deepEqual(f.asked, [1500, 0, 0]);
  while (f.fire());
  assert.equal(fired, 3);
  const inf = fakeHost();
  longTimer(Infinity, () => fired++, inf.host);
  for (let i = 0; i < 5; i++) assert.ok(inf.fire());
  assert.equal(fired, 3);
  assert.ok(inf.asked.every((ms) => ms === MAX_TIMEOUT_MS));
});

test('cancel works at every step of a long timer', () => {
  for (let at = 0; at < 3; at++) {
    const f = fakeHost();
    let fired = 0;
    const t = longTimer(2 * MAX_TIMEOUT_MS + 1, () => fired++, f.host);
    for (let i = 0; i < at; i++) assert.ok(f.fire());
    t.cancel();
    assert.equal(f.waiting, 0, `step ${at}: the host timer is cleared`);
    assert.equal(fired, 0);
  }
});

test('a slow scaled clock passes its multiplied delay to the base, which steps it', () => {
  const f = fakeHost();
  const base: Clock = { now: () => 0, setTimer: (ms, fn) => longTimer(ms, fn, f.host) };
  const slow = scaledClock(0.5, base);
  let fired = 0;
  slow.setTimer(MAX_TIMEOUT_MS, () => fired++);
  assert.ok(f.fire());
  assert.equal(fired, 0);
  assert.ok(f.fire());
  assert.equal(fired, 1);
  assert.deepEqual(f.asked, [MAX_TIMEOUT_MS, MAX_TIMEOUT_MS]);
});

test('systemClock: a 25-day timer does not overflow Node\'s setTimeout (no warning, not fired after 1 ms)', async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.name);
  process.on('warning', onWarning);
  let fired = 0;
  try {
    const t = systemClock.setTimer(2 ** 31 + 1000, () => fired++);
    // An overflowed timeout fires after 1 ms and warns on the next tick: both are past by the
    // time a 20 ms timer set after it fires.
    await sleep(20);
    t.cancel();
  } finally {
    process.off('warning', onWarning);
  }
  assert.equal(fired, 0);
  assert.deepEqual(warnings.filter((n) => n === 'TimeoutOverflowWarning'), []);
});
