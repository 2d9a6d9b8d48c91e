// PushVerifier, for receivers of Huawei-format pushes (table 4-12).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTHORIZATION_VALUE, createdBeijing, createdUtc, pushDigest, xAkskValue } from '../../src/lib/aksk.js';
import { ManualClock } from '../../src/lib/clock.js';
import { PushVerifier } from '../../src/client/index.js';

const APP_KEY = 'ZRBRz4bAXoFgEH7o4Ew308eXc1RA';
const SECRET = 'push-secret';
const URL_ = 'https://sp.example.com/voice/status';
const MIN = 60_000;

function fixture(toleranceMs?: number) {
  const clock = new ManualClock();
  const verifier = new PushVerifier({ appKey: APP_KEY, appSecret: SECRET, clock, ...(toleranceMs ? { toleranceMs } : {}) });
  let n = 0;
  const push = (over: { url?: string; nonce?: string; created?: string; secret?: string; appKey?: string } = {}) => {
    const nonce = over.nonce ?? `PUSHNONCE${n++}`;
    const created = over.created ?? createdBeijing(clock.now());
    const digest = pushDigest(over.secret ?? SECRET, over.url ?? URL_, nonce, created);
    return { Authorization: AUTHORIZATION_VALUE, 'X-AKSK': xAkskValue(over.appKey ?? APP_KEY, digest, nonce, created), 'Content-Type': 'application/json;charset=UTF-8' };
  };
  return { clock, verifier, push };
}

test('accepts a push signed with pushDigest (Beijing and UTC Created)', () => {
  const { verifier, push, clock } = fixture();
  assert.deepEqual(verifier.verify(URL_, push()), { ok: true });
  assert.deepEqual(verifier.verify(URL_, push({ created: createdUtc(clock.now()) })), { ok: true });
});

test('headers in any case, as node:http hands them over (lowercase) or as sent', () => {
  const { verifier, push } = fixture();
  const h = push();
  assert.deepEqual(verifier.verify(URL_, { authorization: h.Authorization, 'x-aksk': h['X-AKSK'] }), { ok: true });
});

test('refuses a push whose digest was made for another URL', () => {
  const { verifier, push } = fixture();
  const v = verifier.verify(URL_, push({ url: 'https://evil.example.com/status' }));
  assert.equal(v.ok, false);
  assert.match(!v.ok ? v.reason : '', /PasswordDigest/);
});

test('refuses a tampered digest', () => {
  const { verifier, push } = fixture();
  const h = push();
  h['X-AKSK'] = h['X-AKSK'].replace(/PasswordDigest="(.)/, (_m, c: string) => `PasswordDigest="${c === 'A' ? 'B' : 'A'}`);
  assert.equal(verifier.verify(URL_, h).ok, false);
  assert.equal(verifier.verify(URL_, push({ secret: 'other' })).ok, false);
});

test('refuses a replayed nonce, also under the other Created reading 8 hours later', async () => {
  const { verifier, push, clock } = fixture();
  const h = push({ nonce: 'ONCE' });
  assert.deepEqual(verifier.verify(URL_, h), { ok: true });
  assert.deepEqual(verifier.verify(URL_, h), { ok: false, reason: 'Nonce already used' });
  await clock.advance(8 * 3600_000);
  assert.deepEqual(verifier.verify(URL_, h), { ok: false, reason: 'Nonce already used' });
});

test('refuses a stale or future Created', () => {
  const { verifier, push, clock } = fixture();
  const stale = verifier.verify(URL_, push({ created: createdUtc(clock.now() - 16 * MIN) }));
  assert.deepEqual(stale, { ok: false, reason: 'Created is outside the time window' });
  assert.equal(verifier.verify(URL_, push({ created: createdBeijing(clock.now() + 16 * MIN) })).ok, false);
  assert.equal(verifier.verify(URL_, push({ created: 'now' })).ok, false);
  assert.deepEqual(verifier.verify(URL_, push({ created: createdUtc(clock.now() - 14 * MIN) })), { ok: true });
});

test('refuses another app key, missing or repeated headers, and a wrong Authorization', () => {
  const { verifier, push } = fixture();
  assert.deepEqual(verifier.verify(URL_, push({ appKey: 'someoneElse' })), { ok: false, reason: 'Username is not this app key' });
  const h = push();
  assert.equal(verifier.verify(URL_, { 'X-AKSK': h['X-AKSK'] }).ok, false);
  assert.equal(verifier.verify(URL_, { Authorization: h.Authorization }).ok, false);
  assert.equal(verifier.verify(URL_, { ...h, Authorization: 'AKSK realm="SDP",profile="UsernameToken",type="Other"' }).ok, false);
  assert.equal(verifier.verify(URL_, { ...h, 'x-aksk': [h['X-AKSK'], h['X-AKSK']], 'X-AKSK': undefined }).ok, false);
  assert.equal(verifier.verify(URL_, { ...h, 'X-AKSK': h['X-AKSK'].replace('UsernameToken ', '') }).ok, false);
  // Spacing in the Authorization value does not matter.
  assert.deepEqual(verifier.verify(URL_, { ...push(), Authorization: 'AKSK realm="SDP", profile="UsernameToken", type="Appkey"' }), { ok: true });
});

test('a refused push does not burn its nonce', () => {
  const { verifier, push } = fixture();
  assert.equal(verifier.verify(URL_, push({ nonce: 'KEEPME', secret: 'forged' })).ok, false);
  assert.deepEqual(verifier.verify(URL_, push({ nonce: 'KEEPME' })), { ok: true });
});

test('nonce memory is bounded', () => {
  const clock = new ManualClock();
  const verifier = new PushVerifier({ appKey: APP_KEY, appSecret: SECRET, clock, maxNonces: 10 });
  const created = createdUtc(clock.now());
  const sign = (nonce: string) => ({ Authorization: AUTHORIZATION_VALUE, 'X-AKSK': xAkskValue(APP_KEY, pushDigest(SECRET, URL_, nonce, created), nonce, created) });
  for (let i = 0; i < 100; i++) assert.deepEqual(verifier.verify(URL_, sign(`N${i}`)), { ok: true });
  // The most recent ones are still remembered.
  assert.equal(verifier.verify(URL_, sign('N99')).ok, false);
});
