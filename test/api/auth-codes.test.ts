// One test per result code the authenticator answers (docs/auth.md, "Check order").

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestDigest, xAkskValue } from '../../src/lib/aksk.js';
import { ApiError } from '../../src/api/errors.js';
import { IpGuard, createAuthenticator } from '../../src/api/auth/index.js';
import { SUSPENDED_KEY, lockoutRepo, outcome, setup } from './auth-helpers.js';

const AUTH = 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"';
const XA = (attrs: string) => `UsernameToken ${attrs}`;

test('correct headers authenticate and return the app', async () => {
  const { authenticate, sign, app } = setup();
  const got = await authenticate(sign());
  assert.equal(got.appKey, app.appKey);
});

test('1023006: Authorization missing (absent or blank)', async () => {
  const { authenticate, sign } = setup();
  assert.equal(await outcome(authenticate({ ...sign(), authorization: undefined })), '1023006');
  assert.equal(await outcome(authenticate({ ...sign(), authorization: '   ' })), '1023006');
});

test('1023006: Authorization not the AKSK scheme', async () => {
  const { authenticate, sign } = setup();
  assert.equal(await outcome(authenticate({ ...sign(), authorization: 'Basic dXNlcjpwYXNz' })), '1023006');
  assert.equal(await outcome(authenticate({ ...sign(), authorization: 'realm="SDP",profile="UsernameToken",type="Appkey"' })), '1023006');
});

test('1023006: Authorization attributes unparsable', async () => {
  const { authenticate, sign } = setup();
  assert.equal(await outcome(authenticate({ ...sign(), authorization: 'AKSK realm=SDP,profile="UsernameToken",type="Appkey"' })), '1023006');
  assert.equal(await outcome(authenticate({ ...sign(), authorization: 'AKSK realm="SDP" profile="UsernameToken"' })), '1023006');
});

test('1023006 / 1023038: a repeated attribute is malformed, not "last one wins"', async () => {
  const { authenticate, sign } = setup();
  assert.equal(await outcome(authenticate({ ...sign(), authorization: 'AKSK realm="X",realm="SDP",profile="UsernameToken",type="Appkey"' })), '1023006');
  const req = sign();
  assert.equal(await outcome(authenticate({ ...req, xAksk: `${req.xAksk!},Username="someoneElse"` })), '1023038');
});

test('1023007: realm missing', async () => {
  const { authenticate, sign } = setup();
  assert.equal(await outcome(authenticate({ ...sign(), authorization: 'AKSK profile="UsernameToken",type="Appkey"' })), '1023007');
});

test('1023008: profile missing', async () => {
  const { authenticate, sign } = setup();
  assert.equal(await outcome(authenticate({ ...sign(), authorization: 'AKSK realm="SDP",type="Appkey"' })), '1023008');
});

test('1023012: type missing', async () => {
  const { authenticate, sign } = setup();
  assert.equal(await outcome(authenticate({ ...sign(), authorization: 'AKSK realm="SDP",profile="UsernameToken"' })), '1023012');
});

test('1023009: realm not SDP', async () => {
  const { authenticate, sign } = setup();
  assert.equal(await outcome(authenticate({ ...sign(), authorization: 'AKSK realm="sdp",profile="UsernameToken",type="Appkey"' })), '1023009');
});

test('1023010: profile not UsernameToken', async () => {
  const { authenticate, sign } = setup();
  assert.equal(await outcome(authenticate({ ...sign(), authorization: 'AKSK realm="SDP",profile="Digest",type="Appkey"' })), '1023010');
});

test('1023011: type not Appkey', async () => {
  const { authenticate, sign } = setup();
  assert.equal(await outcome(authenticate({ ...sign(), authorization: 'AKSK realm="SDP",profile="UsernameToken",type="app_key"' })), '1023011');
});

test('1023033: X-AKSK missing', async () => {
  const { authenticate, sign } = setup();
  assert.equal(await outcome(authenticate({ ...sign(), xAksk: undefined })), '1023033');
  assert.equal(await outcome(authenticate({ ...sign(), xAksk: '' })), '1023033');
});

test('1023038: X-AKSK not a UsernameToken', async () => {
  const { authenticate, sign } = setup();
  const good = sign().xAksk!;
  assert.equal(await outcome(authenticate({ ...sign(), xAksk: good.replace('UsernameToken ', 'Token ') })), '1023038');
  assert.equal(await outcome(authenticate({ ...sign(), xAksk: good.replace('UsernameToken ', '') })), '1023038');
  assert.equal(await outcome(authenticate({ ...sign(), xAksk: XA('Username=abc,Nonce="1"') })), '1023038');
});

test('1023034: Username missing (or empty)', async () => {
  const { authenticate } = setup();
  const xa = XA('PasswordDigest="d",Nonce="abc",Created="2026-01-01T08:00:00Z"');
  assert.equal(await outcome(authenticate({ authorization: AUTH, xAksk: xa, ip: '1.2.3.4' })), '1023034');
  assert.equal(await outcome(authenticate({ authorization: AUTH, xAksk: XA('Username="",PasswordDigest="d",Nonce="abc",Created="x"'), ip: '1.2.3.4' })), '1023034');
});

test('1023035: Nonce missing', async () => {
  const { authenticate } = setup();
  const xa = XA('Username="k",PasswordDigest="d",Created="2026-01-01T08:00:00Z"');
  assert.equal(await outcome(authenticate({ authorization: AUTH, xAksk: xa, ip: '1.2.3.4' })), '1023035');
});

test('1023036: Created missing', async () => {
  const { authenticate } = setup();
  const xa = XA('Username="k",PasswordDigest="d",Nonce="abc"');
  assert.equal(await outcome(authenticate({ authorization: AUTH, xAksk: xa, ip: '1.2.3.4' })), '1023036');
});

test('1023037: PasswordDigest missing', async () => {
  const { authenticate } = setup();
  const xa = XA('Username="k",Nonce="abc",Created="2026-01-01T08:00:00Z"');
  assert.equal(await outcome(authenticate({ authorization: AUTH, xAksk: xa, ip: '1.2.3.4' })), '1023037');
});

test('1010002: Nonce not 1-128 letters or digits', async () => {
  const { authenticate, sign } = setup();
  assert.equal(await outcome(authenticate(sign({ nonce: 'abc-def' }))), '1010002');
  assert.equal(await outcome(authenticate(sign({ nonce: 'a'.repeat(129) }))), '1010002');
  assert.equal(await outcome(authenticate(sign({ nonce: 'a'.repeat(128) }))), 'ok');
  assert.equal(await outcome(authenticate(sign({ nonce: '7' }))), 'ok');
});

test('1010003: unknown app key', async () => {
  const { authenticate, sign } = setup();
  assert.equal(await outcome(authenticate(sign({ appKey: 'noSuchApp' }))), '1010003');
});

test('1010008: suspended app (with a correct digest)', async () => {
  const { authenticate, sign, suspended } = setup();
  assert.equal(await outcome(authenticate(sign({ appKey: SUSPENDED_KEY, secret: suspended.appSecret }))), '1010008');
});

test('1010008 is not revealed without the secret: a wrong digest answers 1010010 first', async () => {
  const { authenticate, sign } = setup();
  assert.equal(await outcome(authenticate(sign({ appKey: SUSPENDED_KEY, secret: 'guess' }))), '1010010');
});

test('1010013: Created unparsable', async () => {
  const { authenticate, sign } = setup();
  for (const created of ['yesterday', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-01-01 00:00:00Z', '1767225600']) {
    assert.equal(await outcome(authenticate(sign({ created }))), '1010013', created);
  }
});

test('1010010 (401): digest mismatch', async () => {
  const { authenticate, sign } = setup();
  const req = sign({ secret: 'not the secret' });
  await assert.rejects(authenticate(req), (e: unknown) => e instanceof ApiError && e.httpStatus === 401 && e.resultcode === '1010010');
});

test('1010010 (401): a nonce already used by the app key', async () => {
  const { authenticate, sign } = setup();
  const req = sign({ nonce: 'ONCE1' });
  assert.equal(await outcome(authenticate(req)), 'ok');
  await assert.rejects(authenticate(req), (e: unknown) => e instanceof ApiError && e.httpStatus === 401 && e.resultcode === '1010010');
});

test('1010010: a used nonce stays used with another Created', async () => {
  const { authenticate, sign, clock } = setup();
  assert.equal(await outcome(authenticate(sign({ nonce: 'ONCE2' }))), 'ok');
  await clock.advance(60_000);
  assert.equal(await outcome(authenticate(sign({ nonce: 'ONCE2' }))), '1010010');
});

test('a nonce is recorded only after the digest verified: forgeries cannot burn it', async () => {
  const { authenticate, sign } = setup();
  assert.equal(await outcome(authenticate(sign({ nonce: 'VICTIM', secret: 'forger' }))), '1010010');
  assert.equal(await outcome(authenticate(sign({ nonce: 'VICTIM' }))), 'ok');
});

test('nonces are per app key: two apps may use the same nonce', async () => {
  const { authenticate, sign, other } = setup();
  assert.equal(await outcome(authenticate(sign({ nonce: 'SHARED' }))), 'ok');
  assert.equal(await outcome(authenticate(sign({ nonce: 'SHARED', appKey: other.appKey, secret: other.appSecret }))), 'ok');
});

test('spacing tolerance: ", " separators and spaces around "=" in both headers', async () => {
  const { authenticate, app, clock } = setup();
  const nonce = 'SPACED1';
  const created = new Date(clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  const digest = requestDigest(app.appSecret, nonce, created);
  const authorization = 'AKSK realm = "SDP" , profile= "UsernameToken",  type ="Appkey"';
  const xAksk = `UsernameToken Username = "${app.appKey}", PasswordDigest= "${digest}" ,Nonce ="${nonce}",   Created = "${created}"`;
  assert.equal(await outcome(authenticate({ authorization, xAksk, ip: '1.2.3.4' })), 'ok');
  // The reference's own example style: `, ` separators and the scheme in another case.
  const x2 = xAkskValue(app.appKey, requestDigest(app.appSecret, 'SPACED2', created), 'SPACED2', created).replace(/",/g, '", ');
  assert.equal(await outcome(authenticate({ authorization: 'aksk realm="SDP", profile="UsernameToken", type="Appkey"', xAksk: x2, ip: '1.2.3.4' })), 'ok');
});

test('a failing store is not an auth failure: the error propagates and the IP is not counted', async () => {
  const s = setup();
  const guard = new IpGuard({ clock: s.clock, repo: lockoutRepo(), maxFailures: 1 });
  const authenticate = createAuthenticator({
    findApp: async () => { throw new Error('database down'); },
    nonces: s.nonces, clock: s.clock, guard,
  });
  await assert.rejects(authenticate(s.sign()), /database down/);
  assert.equal(guard.isBlocked('203.0.113.7'), false);
});
