import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebhookVerifier } from '../../src/client/webhook-verifier.js';
import { ManualClock } from '../../src/lib/clock.js';
import { jsonPushHeaders, webhookSignature } from '../../src/push/dialects/standard-webhooks.js';

// The Standard Webhooks specification's published test vector.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TS = 1614265330;
const BODY = '{"test": 2432232314}';
const SIG = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

describe('Standard Webhooks signing and verification', () => {
  it('reproduces the specification test vector', () => {
    assert.equal(webhookSignature(SECRET, ID, TS, BODY), SIG);
    const h = jsonPushHeaders({ url: 'http://x', body: BODY, appKey: 'a', secret: SECRET, messageId: ID, now: TS * 1000 + 999, nonce: 'n' });
    assert.deepEqual([h['webhook-id'], h['webhook-timestamp'], h['webhook-signature']], [ID, String(TS), SIG]);
    const unsigned = jsonPushHeaders({ url: 'http://x', body: BODY, appKey: 'a', messageId: ID, now: 0, nonce: 'n' });
    assert.deepEqual(Object.keys(unsigned), ['Content-Type', 'X-Voxcall-Message-Id']);
  });

  it('the verifier accepts it within the tolerance, and refuses stale, future, tampered or unsigned pushes', () => {
    const clock = new ManualClock(TS * 1000);
    const v = new WebhookVerifier({ secret: SECRET, clock, toleranceMs: 300_000 });
    const headers = { 'webhook-id': ID, 'webhook-timestamp': String(TS), 'webhook-signature': SIG };
    assert.deepEqual(v.verify(headers, BODY), { ok: true, id: ID, timestamp: TS });
    assert.equal(v.verify(headers, Buffer.from(BODY)).ok, true);
    // Rotation: several signatures, one valid.
    assert.equal(v.verify({ ...headers, 'webhook-signature': `v1,AAAA ${SIG}` }, BODY).ok, true);
    assert.match(JSON.stringify(v.verify(headers, BODY.replace('2', '3'))), /no webhook-signature matches/);
    assert.match(JSON.stringify(v.verify({ ...headers, 'webhook-id': 'msg_other' }, BODY)), /no webhook-signature matches/);
    assert.match(JSON.stringify(v.verify({ ...headers, 'webhook-signature': 'v2,' + SIG.slice(3) }, BODY)), /no webhook-signature matches/);
    assert.match(JSON.stringify(v.verify({ 'webhook-id': ID }, BODY)), /missing/);
    assert.match(JSON.stringify(v.verify({ ...headers, 'webhook-timestamp': '1614265330.5' }, BODY)), /whole seconds/);
    const late = new WebhookVerifier({ secret: SECRET, clock: new ManualClock((TS + 301) * 1000), toleranceMs: 300_000 });
    assert.match(JSON.stringify(late.verify(headers, BODY)), /outside the tolerance/);
    const early = new WebhookVerifier({ secret: SECRET, clock: new ManualClock((TS - 301) * 1000), toleranceMs: 300_000 });
    assert.equal(early.verify(headers, BODY).ok, false);
  });
});
