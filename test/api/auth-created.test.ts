// The Created window under both readings (UTC and Beijing time, both written with a trailing Z)
// and nonce retention across the two readings.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createdBeijing, createdUtc } from '../../src/lib/aksk.js';
import { judgeCreated, parseCreated } from '../../src/api/auth/index.js';
import { outcome, setup } from './auth-helpers.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

test('Created in UTC is accepted', async () => {
  const { authenticate, sign } = setup();
  assert.equal(await outcome(authenticate(sign({ zone: 'utc' }))), 'ok');
});

test('Created in Beijing time (UTC+8, trailing Z) is accepted', async () => {
  const { authenticate, sign } = setup();
  assert.equal(await outcome(authenticate(sign({ zone: 'beijing' }))), 'ok');
});

test('Created within the tolerance on either side is accepted, beyond it refused with 1010013', async () => {
  const { authenticate, sign, clock } = setup();
  const now = clock.now();
  for (const [offset, want] of [[-15 * MIN, 'ok'], [15 * MIN, 'ok'], [-15 * MIN - 1000, '1010013'], [15 * MIN + 1000, '1010013']] as const) {
    assert.equal(await outcome(authenticate(sign({ created: createdUtc(now + offset) }))), want, `UTC ${offset}`);
    assert.equal(await outcome(authenticate(sign({ created: createdBeijing(now + offset) }))), want, `Beijing ${offset}`);
  }
});

test('a Created 4 hours off matches neither reading: 1010013', async () => {
  const { authenticate, sign, clock } = setup();
  assert.equal(await outcome(authenticate(sign({ created: createdUtc(clock.now() + 4 * HOUR) }))), '1010013');
  assert.equal(await outcome(authenticate(sign({ created: createdUtc(clock.now() - 4 * HOUR) }))), '1010013');
});

test('the tolerance is configurable', async () => {
  const { authenticate, sign, clock } = setup({ toleranceMs: MIN });
  assert.equal(await outcome(authenticate(sign({ created: createdUtc(clock.now() - 2 * MIN) }))), '1010013');
  assert.equal(await outcome(authenticate(sign({ created: createdUtc(clock.now() - 30_000) }))), 'ok');
});

test('a nonce accepted under the Beijing reading cannot be replayed 8 hours later under the UTC reading', async () => {
  const { authenticate, sign, clock } = setup();
  const req = sign({ zone: 'beijing', nonce: 'BJTHENUTC' });
  assert.equal(await outcome(authenticate(req)), 'ok');
  await clock.advance(8 * HOUR);
  // The very same headers are now fresh under the UTC reading.
  assert.equal(await outcome(authenticate(req)), '1010010');
  await clock.advance(14 * MIN);
  assert.equal(await outcome(authenticate(req)), '1010010');
  // Past the UTC reading's window the request is stale anyway.
  await clock.advance(2 * MIN);
  assert.equal(await outcome(authenticate(req)), '1010013');
});

test('the nonce is retained until created + tolerance under the later (UTC) reading', async () => {
  const { authenticate, sign, clock, nonces, app } = setup();
  const created = createdBeijing(clock.now());
  assert.equal(await outcome(authenticate(sign({ created, nonce: 'KEEP' }))), 'ok');
  assert.equal(nonces.expiry.get(`${app.appKey}\u0000KEEP`), parseCreated(created)! + 15 * MIN);
  assert.equal(parseCreated(created), clock.now() + 8 * HOUR);
});

test('parseCreated reads the formats of table 4-2 and refuses impossible times', () => {
  const t = Date.UTC(2018, 1, 12, 15, 30, 20);
  assert.equal(parseCreated('2018-02-12T15:30:20Z'), t);
  assert.equal(parseCreated('2018-02-12T15:30:20.123Z'), t);
  assert.equal(parseCreated('2018-02-12T15:30:20UTC'), t); // Python %Z on an aware datetime
  assert.equal(parseCreated('2018-02-12T15:30:20'), t); // Python %Z on a naive datetime
  for (const bad of ['2018-02-12T24:00:00Z', '2018-02-29T00:00:00Z', '2018-2-12T15:30:20Z', '', '2018-02-12T15:30:20+08:00']) {
    assert.equal(parseCreated(bad), undefined, bad);
  }
});

test('judgeCreated: either reading within the tolerance is fresh', () => {
  const asUtc = Date.UTC(2026, 0, 1, 8);
  assert.equal(judgeCreated(asUtc, asUtc, 1000).fresh, true);
  assert.equal(judgeCreated(asUtc, asUtc - 8 * HOUR, 1000).fresh, true);
  assert.equal(judgeCreated(asUtc, asUtc - 4 * HOUR, 1000).fresh, false);
  assert.equal(judgeCreated(asUtc, asUtc - 8 * HOUR, 1000).retainUntil, asUtc + 1000);
});
