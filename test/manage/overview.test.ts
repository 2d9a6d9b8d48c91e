// GET /v1/overview on a real platform: calls per minute by outcome, pushes of the window, the
// queue, and a bad window refused with VX.INVALID.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { usePlatform } from '../helpers/platform.js';
import { admin } from './helpers.js';

const ANSWERS = '+8613900000001';
const BUSY = '+8613900000002';

const ctx = usePlatform();
const call = admin(() => ctx.t);

describe('overview API', () => {
  test('counts the calls of each minute by outcome and the pushes the listings show', async () => {
    const appKey = ctx.t.platform.demo.appKey;
    const empty = await call('GET', '/v1/overview?minutes=5');
    assert.equal(empty.status, 200, JSON.stringify(empty.body));
    assert.equal(empty.body.calls.perMinute.length, 5);
    assert.deepEqual(empty.body.pushes, { delivered: 0, failed: 0, queued: 0, due: 0 });
    assert.deepEqual(empty.body.openEndpoints, []);

    assert.equal((await call('PATCH', `/v1/apps/${appKey}`, { statusUrl: `${ctx.rx.url}/status`, feeUrl: `${ctx.rx.url}/fee` })).status, 200);
    for (const callee of [ANSWERS, BUSY, BUSY]) {
      assert.equal((await call('POST', `/v1/apps/${appKey}/calls`, { kind: 'notify', callee })).status, 201);
    }
    const running = await call('GET', '/v1/overview');
    assert.equal(running.body.calls.perMinute.length, 15);
    assert.equal(running.body.calls.total.in_progress, 3);
    assert.equal(running.body.calls.perMinute.at(-1).counts.in_progress, 3, 'the current minute is the last');

    await ctx.t.run(120_000);
    const done = await call('GET', '/v1/overview?minutes=10');
    assert.deepEqual(
      { answered: done.body.calls.total.answered, busy: done.body.calls.total.busy, in_progress: done.body.calls.total.in_progress },
      { answered: 1, busy: 2, in_progress: 0 },
    );
    const delivered = await call('GET', '/v1/pushes?state=delivered&limit=500');
    assert.ok(delivered.body.pushes.length > 0);
    assert.equal(done.body.pushes.delivered, delivered.body.pushes.length);
    assert.equal(done.body.pushes.queued, 0);
    assert.equal(done.body.pushes.firstQueued, undefined);
  });

  test('a window out of range is refused with VX.INVALID naming it', async () => {
    for (const minutes of ['0', '61']) {
      const res = await call('GET', `/v1/overview?minutes=${minutes}`);
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { error: { code: 'VX.INVALID', message: 'query parameter minutes must be 1 to 60' } });
    }
    assert.equal((await call('GET', '/v1/overview', undefined, { token: 'not-the-token-at-all' })).status, 401);
  });
});
