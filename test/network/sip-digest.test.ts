import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authorization, digestResponse, parseChallenge, supported } from '../../src/network/sip/digest.js';

// RFC 2617 3.5: Mufasa / "Circle Of Life".
const RFC = { username: 'Mufasa', password: 'Circle Of Life', realm: 'testrealm@host.com', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', method: 'GET', uri: '/dir/index.html' };

test('the request-digest of RFC 2617\'s worked example', () => {
  assert.equal(digestResponse({ ...RFC, qop: 'auth', nc: '00000001', cnonce: '0a4f113b' }), '6629fae49393a05397450978507c4ef1');
});

test('a challenge is read and answered with qop auth, nc and cnonce, or without qop', () => {
  const c = parseChallenge('Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"');
  assert.deepEqual(c.qop, ['auth', 'auth-int']);
  assert.ok(supported(c));
  const h = authorization(c, RFC, 'GET', '/dir/index.html', 1, '0a4f113b');
  assert.match(h, /response="6629fae49393a05397450978507c4ef1"/);
  assert.match(h, /qop=auth, nc=00000001, cnonce="0a4f113b"/);
  assert.match(h, /opaque="5ccc069c403ebaf9f0171e9517f40e41"/);
  const plain = parseChallenge('Digest realm="r", nonce="n"');
  const expected = digestResponse({ ...RFC, realm: 'r', nonce: 'n', method: 'INVITE', uri: 'sip:x@h' });
  const v = authorization(plain, RFC, 'INVITE', 'sip:x@h');
  assert.match(v, new RegExp(`response="${expected}"`));
  assert.doesNotMatch(v, /qop|cnonce/);
  assert.equal(supported(parseChallenge('Digest realm="r", nonce="n", algorithm=SHA-256')), false);
  assert.throws(() => parseChallenge('Basic realm="r"'));
});
