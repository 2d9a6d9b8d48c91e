// Blocking an IP after repeated authentication failures (1020176). The guard keeps its state in a
// store (an in-memory SQLite one here); test/platform/shared-limits.test.ts has two nodes share one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ManualClock, systemClock } from '../../src/lib/clock.js';
import { IpGuard, normalizeIp } from '../../src/api/auth/index.js';
import type { LockoutEvent } from '../../src/api/auth/ip-guard.js';
import { lockoutRepo, outcome, setup } from './auth-helpers.js';

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
  const guard = new IpGuard({ clock, repo: lockoutRepo(), maxFailures: 3, windowMs: 5 * MIN });
  await guard.recordFailure('1.1.1.1');
  await clock.advance(3 * MIN);
  await guard.recordFailure('1.1.1.1');
  await clock.advance(3 * MIN); // the first failure left the window
  assert.equal(await guard.recordFailure('1.1.1.1'), false);
  assert.equal(guard.isBlocked('1.1.1.1'), false);
  assert.equal(await guard.recordFailure('1.1.1.1'), true);
  assert.equal(guard.blockedUntil('1.1.1.1'), clock.now() + 30 * MIN);
  guard.close();
});

test('a block longer than 2^31 ms on the system clock stays (Node\'s setTimeout would end it after 1 ms)', async () => {
  const events: LockoutEvent[] = [];
  const guard = new IpGuard({ clock: systemClock, repo: lockoutRepo(), maxFailures: 1, blockMs: 30 * 24 * 60 * MIN, onLockout: (e) => events.push(e) });
  try {
    assert.equal(await guard.recordFailure('192.0.2.9'), true);
    // An overflowed expiry timer fires after 1 ms: long past once a 20 ms timer set later fires.
    await sleep(20);
    assert.equal(guard.isBlocked('192.0.2.9'), true);
    assert.deepEqual(events.map((e) => e.type), ['started']);
  } finally {
    guard.close();
  }
});

test('an IPv4-mapped IPv6 address is the same client as the IPv4 address', async () => {
  const clock = new ManualClock();
  const guard = new IpGuard({ clock, repo: lockoutRepo(), maxFailures: 2 });
  await guard.recordFailure('::ffff:192.0.2.1');
  await guard.recordFailure('192.0.2.1');
  assert.equal(guard.isBlocked('::FFFF:192.0.2.1'), true);
  assert.equal(normalizeIp('2001:DB8::1'), '2001:db8::1');
  guard.close();
});

test('release lifts a block (the administrator "releasing the IP")', async () => {
  const clock = new ManualClock();
  const guard = new IpGuard({ clock, repo: lockoutRepo(), maxFailures: 1 });
  await guard.recordFailure('10.0.0.1');
  assert.equal(guard.isBlocked('10.0.0.1'), true);
  assert.equal(await guard.release('10.0.0.1'), true);
  assert.equal(guard.isBlocked('10.0.0.1'), false);
  guard.close();
});

test('memory holds only blocked IPs; the store forgets IPs with nothing left in the window (pruned every minute)', async () => {
  const clock = new ManualClock();
  const repo = lockoutRepo();
  const guard = new IpGuard({ clock, repo, maxFailures: 2 });
  await guard.recordFailure('blocked');
  await guard.recordFailure('blocked');
  for (let i = 0; i < 200; i++) await guard.recordFailure(`10.0.0.${i}`);
  assert.equal(guard.size, 1, 'single failures are not held in memory');
  assert.equal(guard.isBlocked('blocked'), true);
  assert.equal((await guard.list()).total, 201);
  await clock.advance(6 * MIN);
  assert.deepEqual((await repo.list(clock.now(), Infinity, 1000)).lockouts.map((l) => l.ip), ['blocked'], 'the pruning every minute forgot the single failures');
  await clock.advance(25 * MIN);
  assert.equal(guard.size, 0, 'the block ended');
  assert.deepEqual(await guard.list(), { lockouts: [], total: 0 });
  assert.equal(await guard.prune(), 0, 'the pruning every minute forgot it too');
  guard.close();
});

test('options are validated', () => {
  assert.throws(() => new IpGuard({ clock: new ManualClock(), repo: lockoutRepo(), maxFailures: 0 }), RangeError);
  assert.throws(() => new IpGuard({ clock: new ManualClock(), repo: lockoutRepo(), refreshMs: 0 }), RangeError);
});

test('a listener hears each block start and its end: expired at blockedUntil, or cleared by hand', async () => {
  const clock = new ManualClock();
  const heard: LockoutEvent[] = [];
  const guard = new IpGuard({ clock, repo: lockoutRepo(), maxFailures: 2, blockMs: 10 * MIN, onLockout: (e) => heard.push(e) });
  await guard.recordFailure('::ffff:10.0.0.1');
  assert.deepEqual(heard, []);
  await guard.recordFailure('10.0.0.1');
  assert.deepEqual(heard, [{ type: 'started', ip: '10.0.0.1', failures: 2, blockedUntil: clock.now() + 10 * MIN }]);
  await clock.advance(10 * MIN - 1);
  assert.equal(heard.length, 1);
  await clock.advance(1);
  assert.deepEqual(heard[1], { type: 'ended', ip: '10.0.0.1', how: 'expired' });
  assert.equal(guard.size, 0, 'an expired block is forgotten');

  await guard.recordFailure('10.0.0.2');
  await guard.recordFailure('10.0.0.2');
  assert.equal(await guard.release('10.0.0.2'), true);
  assert.deepEqual(heard[3], { type: 'ended', ip: '10.0.0.2', how: 'cleared' });
  await clock.advance(10 * MIN);
  assert.equal(heard.length, 4, 'a cleared block does not end twice');
  assert.equal(await guard.release('10.0.0.2'), false, 'nothing left to clear');
  guard.close();
});

test('list: blocked IPs first (latest first), then IPs with failures in the window; releaseAll forgets them', async () => {
  const clock = new ManualClock();
  const guard = new IpGuard({ clock, repo: lockoutRepo(), maxFailures: 3, windowMs: 5 * MIN });
  for (let i = 0; i < 3; i++) await guard.recordFailure('192.0.2.1');
  await clock.advance(MIN);
  for (let i = 0; i < 3; i++) await guard.recordFailure('192.0.2.2');
  await guard.recordFailure('192.0.2.3');
  await guard.recordFailure('192.0.2.4');
  await guard.recordFailure('192.0.2.4');
  const { lockouts, total } = await guard.list();
  assert.equal(total, 4);
  assert.deepEqual(lockouts.map((l) => [l.ip, l.failures, l.blockedUntil !== undefined]), [
    ['192.0.2.2', 3, true], ['192.0.2.1', 3, true], ['192.0.2.4', 2, false], ['192.0.2.3', 1, false],
  ]);
  assert.equal((await guard.list(1)).lockouts.length, 1);
  await clock.advance(5 * MIN);
  assert.deepEqual((await guard.list()).lockouts.map((l) => l.ip), ['192.0.2.2', '192.0.2.1'], 'failures out of the window are not listed');
  assert.equal(await guard.releaseAll(), 2, 'the pruning forgot the IPs with failures out of the window');
  assert.equal((await guard.list()).total, 0);
  assert.equal(guard.isBlocked('192.0.2.1'), false);
  guard.close();
});

test('a block made through another guard on the same store is honoured at the next refresh; a local failure learns it at once', async () => {
  const clock = new ManualClock();
  const repo = lockoutRepo();
  const heardA: LockoutEvent[] = [];
  const heardB: LockoutEvent[] = [];
  const a = new IpGuard({ clock, repo, maxFailures: 2, onLockout: (e) => heardA.push(e) });
  const b = new IpGuard({ clock, repo, maxFailures: 2, onLockout: (e) => heardB.push(e) });
  await a.recordFailure('192.0.2.7');
  await b.recordFailure('192.0.2.7');
  assert.equal(b.isBlocked('192.0.2.7'), true, 'the failure that reached the max, counted with the other node\'s');
  assert.equal(a.isBlocked('192.0.2.7'), false, 'not yet refreshed');
  await clock.advance(a.refreshMs);
  assert.equal(a.isBlocked('192.0.2.7'), true);
  assert.deepEqual([heardA.length, heardB.map((e) => e.type)], [0, ['started']], 'the block is told where it happened');

  await b.recordFailure('192.0.2.8');
  await b.recordFailure('192.0.2.8');
  assert.equal(await a.recordFailure('192.0.2.8'), false, 'a failure during the block does not start another');
  assert.equal(a.isBlocked('192.0.2.8'), true, 'but tells this node of the block at once');

  assert.equal(await a.release('192.0.2.7'), true);
  assert.deepEqual(heardA, [{ type: 'ended', ip: '192.0.2.7', how: 'cleared' }], 'the release is told where it happened');
  await clock.advance(b.refreshMs);
  assert.equal(b.isBlocked('192.0.2.7'), false);
  await clock.advance(30 * MIN);
  assert.deepEqual(heardB.map((e) => e.type), ['started', 'started', 'ended'], 'only the expiry of the block not cleared is told');
  a.close();
  b.close();
});
