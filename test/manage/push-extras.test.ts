// The two read-only push routes the console uses: how many pushes a filter matches (to confirm a
// replay by filter) and the request a push's next attempt sends, its signature masked.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_REPLAY } from '../../src/api/manage/pushes.js';
import { MASK, maskDifference } from '../../src/api/manage/push-request.js';
import { usePlatform } from '../helpers/platform.js';
import { admin } from './helpers.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);

describe('push count and request', () => {
  test('count matches the listing; the request carries the signed headers with the digest masked', async () => {
    const appKey = ctx.t.platform.demo.appKey;
    assert.equal((await call('PATCH', `/v1/apps/${appKey}`, { statusUrl: `${ctx.rx.url}/status`, feeUrl: `${ctx.rx.url}/fee` })).status, 200);
    assert.equal((await call('POST', `/v1/apps/${appKey}/calls`, { kind: 'notify', callee: '+8613900000001' })).status, 201);
    await ctx.t.run(60_000);
    const listed = await call('GET', `/v1/pushes?appKey=${appKey}&kind=status`);
    const counted = await call('GET', `/v1/pushes/count?appKey=${appKey}&kind=status`);
    assert.deepEqual(counted.body, { count: listed.body.pushes.length, capped: false });
    assert.ok(listed.body.pushes.length >= 3);
    assert.deepEqual((await call('GET', '/v1/pushes/count?state=failed')).body, { count: 0, capped: false });
    assert.equal((await call('GET', '/v1/pushes/count?endpoint=ep_0000000000000000')).status, 404);

    const p = listed.body.pushes[0];
    const shown = await call('GET', `/v1/pushes/${p.id}/request`);
    assert.equal(shown.status, 200, JSON.stringify(shown.body));
    const r = shown.body;
    assert.equal(r.url, `${ctx.rx.url}/status`);
    assert.equal(r.signed, true);
    assert.equal(r.headers['X-Voxcall-Message-Id'], p.id);
    assert.match(r.headers['X-AKSK'], new RegExp(`^UsernameToken Username="${appKey}",PasswordDigest="[^"]*${MASK}[^"]*",Nonce="[0-9A-F]+",Created="`));
    const received = ctx.rx.received.find((x) => x.headers['x-voxcall-message-id'] === p.id)!;
    assert.deepEqual(JSON.parse(r.body), received.body, 'the body is the one sent');
    assert.equal((await call('GET', '/v1/pushes/nope/request')).status, 404);
  });

  test('count stops past the most one replay takes: capped, with the bound as its count', async () => {
    const url = 'http://count-cap.example/hook';
    const outbox = ctx.t.platform.store.outbox;
    // Due in a year: the dispatcher leaves them queued while they are counted.
    await outbox.enqueue(Array.from({ length: MAX_REPLAY + 2 }, (_, i) => ({
      id: `cap${i}`, appKey: 'capApp', sessionId: `s${i}`, dialect: 'huawei', kind: 'status' as const, url, seq: 1, item: {},
      availableAt: Date.now() + 365 * 86_400_000, schedule: [1000], timeoutMs: 5000, createdAt: Date.now(),
    })));
    assert.deepEqual((await call('GET', `/v1/pushes/count?endpoint=${encodeURIComponent(url)}`)).body, { count: MAX_REPLAY + 1, capped: true });
    assert.deepEqual((await call('GET', `/v1/pushes/count?endpoint=${encodeURIComponent(url)}&state=failed`)).body, { count: 0, capped: false });
    await ctx.t.platform.store.endpoints.setPaused(url, true, 'not part of other tests', Date.now());
  });

  test('maskDifference masks exactly what two signatures do not share', () => {
    assert.equal(maskDifference('a="XYZ",b', 'a="QRS",b'), `a="${MASK}",b`);
    assert.equal(maskDifference('same', 'same'), 'same');
    assert.equal(maskDifference('v1,abc', 'v1,abcd'), `v1,abc${MASK}`);
  });
});
