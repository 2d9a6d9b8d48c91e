import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EndpointGates, isUnavailable } from '../../src/push/delivery/breaker.js';
import { AppShares } from '../../src/push/delivery/fair-share.js';
import { clampToSchedule, parseRetryAfter } from '../../src/push/delivery/retry-after.js';

const A = 'http://a.example/push';
const B = 'http://b.example/push';

describe('endpoint gates: in-flight limit and circuit breaker', () => {
  it('limits attempts in flight per endpoint, independently of other endpoints', () => {
    const g = new EndpointGates({ maxInFlight: 2 });
    assert.equal(g.room(A, 0), 2);
    g.begin(A, 0);
    g.begin(A, 0);
    assert.equal(g.room(A, 0), 0);
    assert.equal(g.room(B, 0), 2);
    g.end(A, 1, false);
    assert.equal(g.room(A, 1), 1);
  });

  it('opens after the threshold of consecutive failures, probes once after the cool-down, closes on success', () => {
    const g = new EndpointGates({ maxInFlight: 4, failureThreshold: 3, cooldownMs: 1000, maxCooldownMs: 4000 });
    for (let i = 0; i < 2; i++) { g.begin(A, 0); g.end(A, 0, true); }
    assert.equal(g.state(A, 0), 'closed');
    g.begin(A, 0); g.end(A, 0, false); // an answer resets the count
    for (let i = 0; i < 2; i++) { g.begin(A, 0); g.end(A, 0, true); }
    assert.equal(g.state(A, 0), 'closed');
    g.begin(A, 0); g.end(A, 10, true);
    assert.equal(g.state(A, 10), 'open');
    assert.equal(g.room(A, 500), 0);
    assert.equal(g.nextChangeAt(500), 1010);
    assert.equal(g.state(A, 1010), 'half_open');
    assert.equal(g.room(A, 1010), 1, 'one probe');
    g.begin(A, 1010);
    assert.equal(g.room(A, 1010), 0, 'only one probe at a time');
    g.end(A, 1020, true); // probe fails: cool-down doubles
    assert.equal(g.state(A, 2000), 'open');
    assert.equal(g.nextChangeAt(2000), 3020);
    g.begin(A, 3020); g.end(A, 3030, true); // doubles again, capped at 4000
    assert.equal(g.nextChangeAt(3030), 7030);
    g.begin(A, 7030); g.end(A, 7040, true);
    assert.equal(g.nextChangeAt(7040), 11040, 'capped at maxCooldownMs');
    g.begin(A, 11040); g.end(A, 11050, false); // probe answered
    assert.equal(g.state(A, 11050), 'closed');
    assert.equal(g.room(A, 11050), 4);
    assert.deepEqual(g.list(11050), [], 'a closed idle gate is forgotten');
  });

  it('holds an endpoint for a Retry-After without opening the breaker', () => {
    const g = new EndpointGates();
    g.hold(A, 5000);
    assert.equal(g.room(A, 4999), 0);
    assert.equal(g.state(A, 4999), 'closed');
    assert.ok(g.room(A, 5000) > 0);
  });

  it('counts only unavailability against the receiver', () => {
    assert.equal(isUnavailable('timeout', undefined), true);
    assert.equal(isUnavailable('refused', undefined), true);
    assert.equal(isUnavailable('non_2xx', 503), true);
    assert.equal(isUnavailable('non_2xx', 429), true);
    assert.equal(isUnavailable('non_2xx', 400), false);
    assert.equal(isUnavailable('rejected_body', 200), false);
    assert.equal(isUnavailable('blocked_target', undefined), false);
  });
});

describe('the dispatcher shared between apps', () => {
  it('lets an app alone take every slot, and holds it to its share once another app has attempts in flight', () => {
    const s = new AppShares(32);
    assert.equal(s.room('a'), 32, 'alone: all of it');
    for (let i = 0; i < 32; i++) s.begin('a');
    assert.equal(s.room('a'), 0);
    assert.equal(s.room('b'), 1, 'nothing in flight: one attempt at once, though the 32 are taken');
    s.begin('b');
    assert.equal(s.room('b'), 0, 'beyond its first, it waits for free slots');
    s.end('a');
    assert.equal(s.room('a'), 0, 'a is above its share (16 of 32 with two apps): the freed slot is not its');
    assert.equal(s.room('b'), 0, 'still 32 in flight');
    for (let i = 0; i < 16; i++) s.end('a');
    assert.equal(s.room('b'), 15, 'b goes up to its share');
    assert.equal(s.room('a'), 1);
    assert.equal(s.total, 16);
  });

  it('never goes beyond twice the concurrency, and gives every app at least one slot of its share', () => {
    const s = new AppShares(2);
    for (const [app, room] of [['a', 2], ['b', 1], ['c', 1], ['d', 1]] as const) {
      assert.equal(s.room(app), room, app);
      s.begin(app);
    }
    assert.equal(s.room('e'), 0, 'the ceiling: 2 x 2');
    assert.deepEqual(s.list().map((x) => x.appKey).sort(), ['a', 'b', 'c', 'd']);
  });
});

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP dates, ignores the unreadable', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now), 60_000);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter('-5', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });

  it('is clamped to the bounds of the push schedule', () => {
    const s = [10_000, 60_000, 3_600_000];
    assert.equal(clampToSchedule(1000, s), 10_000);
    assert.equal(clampToSchedule(120_000, s), 120_000);
    assert.equal(clampToSchedule(86_400_000, s), 3_600_000);
  });
});
