// Blocking an IP after repeated authentication failures (1020176).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ManualClock, systemClock } from '../../src/lib/clock.js';
import { IpGuard, normalizeIp } from '../../src/api/auth/index.js';
import type { LockoutEvent } from '../../src/api/auth/ip-guard.js';
import { outcome, setup } from './auth-helpers.js';

const MIN = 60_000;

test('1020176: after maxFailures failures the IP is refused, even with correct credentials', async () => {
  const { authenticate, sign } = setup();
  for (let i = 0; i < 9; i++) assert.equal(await outcome(authenticate(sign({ secret: 'wrong' }))), '1010010');
  assert.equal(await outcome(authenticate(sign())), 'ok', 'nine failures do not block');
  assert.equal(await outcome(authenticate(sign({ secret: 'wrong' }))), '1010010', 'the tenth failure still answers its own code');
  assert.equal(await outcome(authenticate(sign())), '1020176');
  assert.equal(await outcome(authenticate({ ...sign(), ip: '198.51.100.1' })), 'ok', 'other IPs are not affected');
});

test('every kind of auth failure counts, and the block lifts after blockMs', async () => {
  const { authenticate, sign, clock } = setup({ maxFailures: 3 });
  assert.equal(await outcome(authenticate({ ...sign(), authorization: undefined })), '1023006');
  assert.equal(await outcome(authenticate(sign({ appKey: 'nobody' }))), '1010003');
  assert.equal(await outcome(authenticate(sign({ created: '2000-01-01T00:00:00Z' }))), '1010013');
  assert.equal(await outcome(authenticate(sign())), '1020176');
  await clock.advance(30 * MIN - 1000);
  assert.equal(await outcome(authenticate(sign())), '1020176');
  await clock.advance(1000);
  assert.equal(await outcome(authenticate(sign())), 'ok');
});

test('requests refused while blocked do not extend the block', async () => {
  const { authenticate, sign, clock } = setup({ maxFailures: 2 });
  for (let i = 0; i < 2; i++) await outcome(authenticate(sign({ secret: 'x' })));
  for (let i = 0; i < 50; i++) {
    await clock.advance(30_000);
    await outcome(authenticate(sign({ secret: 'x' })));
  }
  // 25 minutes in: still blocked; at 30 minutes: free.
  assert.equal(await outcome(authenticate(sign())), '1020176');
  await clock.advance(5 * MIN);
  assert.equal(await outcome(authenticate(sign())), 'ok');
});

test('failures are counted in a sliding window', async () => {
  const clock = new ManualClock();
  const guard = new IpGuard({ clock, maxFailures: 3, windowMs: 5 * MIN });
  guard.recordFailure('1.1.1.1');
  await clock.advance(3 * MIN);
  guard.recordFailure('1.1.1.1');
  await clock.advance(3 * MIN); // the first failure left the window
  assert.equal(guard.recordFailure('1.1.1.1'), false);
  assert.equal(guard.isBlocked('1.1.1.1'), false);
  assert.equal(guard.recordFailure('1.1.1.1'), true);
  assert.equal(guard.blockedUntil('1.1.1.1'), clock.now() + 30 * MIN);
});

test('a block longer than 2^31 ms on the system clock stays (Node\'s setTimeout would end it after 1 ms)', async () => {
  const events: LockoutEvent[] = [];
  const guard = new IpGuard({ clock: systemClock, maxFailures: 1, blockMs: 30 * 24 * 60 * MIN, onLockout: (e) => events.push(e) });
  try {
    assert.equal(guard.recordFailure('192.0.2.9'), true);
    // An overflowed expiry timer fires after 1 ms: long past once a 20 ms timer set later fires.
    await sleep(20);
    assert.equal(guard.isBlocked('192.0.2.9'), true);
    assert.deepEqual(events.map((e) => e.type), ['started']);
  } finally {
    guard.close();
  }
});

test('an IPv4-mapped IPv6 address is the same client as the IPv4 address', () => {
  const clock = new ManualClock();
  const guard = new IpGuard({ clock, maxFailures: 2 });
  guard.recordFailure('::ffff:192.0.2.1');
  guard.recordFailure('192.0.2.1');
  assert.equal(guard.isBlocked('::FFFF:192.0.2.1'), true);
  assert.equal(normalizeIp('2001:DB8::1'), '2001:db8::1');
});

test('release lifts a block (the administrator "releasing the IP")', () => {
  const clock = new ManualClock();
  const guard = new IpGuard({ clock, maxFailures: 1 });
  guard.recordFailure('10.0.0.1');
  assert.equal(guard.isBlocked('10.0.0.1'), true);
  guard.release('10.0.0.1');
  assert.equal(guard.isBlocked('10.0.0.1'), false);
});

test('memory is bounded: idle entries are pruned, and past maxTracked the oldest unblocked go first', async () => {
  const clock = new ManualClock();
  const guard = new IpGuard({ clock, maxFailures: 2, maxTracked: 100 });
  guard.recordFailure('blocked');
  guard.recordFailure('blocked');
  for (let i = 0; i < 1000; i++) guard.recordFailure(`10.0.${i >> 8}.${i & 255}`);
  assert.ok(guard.size <= 100, `size ${guard.size}`);
  assert.equal(guard.isBlocked('blocked'), true, 'a blocked IP outlives a flood of single failures');
  await clock.advance(31 * MIN);
  guard.prune();
  assert.equal(guard.size, 0, 'entries with nothing in the window and no block are dropped');
});

test('options are validated', () => {
  assert.throws(() => new IpGuard({ clock: new ManualClock(), maxFailures: 0 }), RangeError);
});

test('a listener hears each block start and its end: expired at blockedUntil, or cleared by hand', async () => {
  const clock = new ManualClock();
  const heard: LockoutEvent[] = [];
  const guard = new IpGuard({ clock, maxFailures: 2, blockMs: 10 * MIN, onLockout: (e) => heard.push(e) });
  guard.recordFailure('::ffff:10.0.0.1');
  assert.deepEqual(heard, []);
  guard.recordFailure('10.0.0.1');
  assert.deepEqual(heard, [{ type: 'started', ip: '10.0.0.1', failures: 2, blockedUntil: clock.now() + 10 * MIN }]);
  await clock.advance(10 * MIN - 1);
  assert.equal(heard.length, 1);
  await clock.advance(1);
  assert.deepEqual(heard[1], { type: 'ended', ip: '10.0.0.1', how: 'expired' });
  assert.equal(guard.size, 0, 'an expired block is forgotten');

  guard.recordFailure('10.0.0.2');
  guard.recordFailure('10.0.0.2');
  assert.equal(guard.release('10.0.0.2'), true);
  assert.deepEqual(heard[3], { type: 'ended', ip: '10.0.0.2', how: 'cleared' });
  await clock.advance(10 * MIN);
  assert.equal(heard.length, 4, 'a cleared block does not end twice');
  assert.equal(guard.release('10.0.0.2'), false, 'nothing left to clear');
  guard.close();
});

test('list: blocked IPs first (latest first), then IPs with failures in the window; releaseAll forgets them', async () => {
  const clock = new ManualClock();
  const guard = new IpGuard({ clock, maxFailures: 3, windowMs: 5 * MIN });
  for (let i = 0; i < 3; i++) guard.recordFailure('192.0.2.1');
  await clock.advance(MIN);
  for (let i = 0; i < 3; i++) guard.recordFailure('192.0.2.2');
  guard.recordFailure('192.0.2.3');
  guard.recordFailure('192.0.2.4');
  guard.recordFailure('192.0.2.4');
  const { lockouts, total } = guard.list();
  assert.equal(total, 4);
  assert.deepEqual(lockouts.map((l) => [l.ip, l.failures, l.blockedUntil !== undefined]), [
    ['192.0.2.2', 3, true], ['192.0.2.1', 3, true], ['192.0.2.4', 2, false], ['192.0.2.3', 1, false],
  ]);
  assert.equal(guard.list(1).lockouts.length, 1);
  await clock.advance(5 * MIN);
  assert.deepEqual(guard.list().lockouts.map((l) => l.ip), ['192.0.2.2', '192.0.2.1'], 'failures out of the window are not listed');
  assert.equal(guard.releaseAll(), 4);
  assert.equal(guard.list().total, 0);
  assert.equal(guard.isBlocked('192.0.2.1'), false);
});
