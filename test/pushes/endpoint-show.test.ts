// `endpoints show` through a real platform and receiver on a manual clock: the breaker state from
// the dispatcher, the queue, the last error, and the success rate and latency of the last hour's
// attempts from the store. API and CLI.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endpointId } from '../../src/domain/endpoint.js';
import { cliOf } from '../helpers/cli.js';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';
import { accepted, freshApp, notify } from '../policy/helpers.js';

const HOUR = 3_600_000;
const ctx = usePlatform();
const { voxcall } = cliOf(() => ctx.t);
const call = admin(() => ctx.t);

test('breaker, queue, last error, success rate and latency of the last hour', async () => {
  const { t, rx } = ctx;
  let up = true;
  rx.respond(() => (up ? { status: 200, body: '{"resultcode":"0"}' } : { status: 503, body: 'down for maintenance' }));
  const p = await freshApp(t);
  const url = `${rx.url}/es`;
  const id = endpointId(url);
  assert.equal((await call('POST', `/v1/apps/${p.app.appKey}/subscriptions`, { url, format: 'huawei', receives: 'status', retrySchedule: [HOUR] })).status, 201);
  const show = async () => {
    const res = await call('GET', `/v1/endpoints/${id}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.endpoint;
  };

  // One call delivered: four attempts, all accepted.
  accepted(await notify(p, { calleeNbr: '+8613900000001' }));
  await t.run(40_000);
  await rx.until(() => rx.on('/es').length === 4);
  let e = await show();
  assert.deepEqual(e.breaker, { state: 'closed', inFlight: 0, failures: 0, receivers: [] });
  assert.deepEqual(e.queue, { queued: 0, due: 0 });
  assert.deepEqual([e.recent.attempts, e.recent.delivered, e.recent.successRate, e.lastError], [4, 4, 1, undefined]);
  assert.ok(e.recent.latencyMs.p50 <= e.recent.latencyMs.p95 && e.recent.latencyMs.p95 <= e.recent.latencyMs.max);
  assert.equal(e.recent.lastAttemptAt, new Date(Math.max(...(await attemptTimes()))).toISOString());

  // The receiver goes down; five calls' first events fail at once and open the breaker.
  up = false;
  for (let i = 0; i < 5; i++) accepted(await notify(p, { calleeNbr: '+8613900000001' }));
  await t.run(1000);
  await rx.until(() => rx.on('/es').length === 9);
  e = await show();
  assert.equal(e.breaker.state, 'open');
  assert.equal(e.breaker.failures, 5);
  assert.deepEqual(e.breaker.receivers.map((r: { app: string; state: string }) => [r.app, r.state]), [[p.app.appKey, 'open']], 'one receiver: this app at this origin');
  assert.equal(Date.parse(e.breaker.until) - t.clock.now() > 0, true, 'open until its cool-down ends');
  assert.equal(e.queue.due, 0, 'the callouts retry in an hour; the later events wait behind them');
  assert.ok(e.queue.queued >= 5, JSON.stringify(e.queue));
  assert.equal(e.queue.queued, (await call('GET', `/v1/pushes?endpoint=${id}&state=queued`)).body.pushes.length);
  assert.deepEqual([e.recent.attempts, e.recent.delivered], [9, 4]);
  assert.equal(e.recent.successRate, 4 / 9);
  assert.equal(e.lastError.httpStatus, 503);
  assert.equal(e.lastError.errorClass, 'non_2xx');
  assert.match(e.recent.window, /the last hour/);

  const cli = await voxcall(['endpoints', 'show', id]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, /^breaker\.state\s+open$/m);
  assert.match(cli.stdout, /^queue\.queued\s+\d+$/m);
  assert.match(cli.stdout, /^recent\.successRate\s+0\.444/m);
  assert.match(cli.stdout, /^lastError\.httpStatus\s+503$/m);

  // An hour on, the receiver back: the retries go, the breaker closes, the old attempts leave the window.
  up = true;
  await t.clock.advance(HOUR + 60_000);
  await t.platform.dispatcher.drain();
  await rx.until(() => rx.on('/es').length === 9 + 20);
  await t.run(1000);
  e = await show();
  assert.deepEqual(e.breaker, { state: 'closed', inFlight: 0, failures: 0, receivers: [] });
  assert.deepEqual(e.queue, { queued: 0, due: 0 });
  assert.deepEqual([e.recent.attempts, e.recent.delivered, e.recent.successRate, e.lastError], [20, 20, 1, undefined]);

  async function attemptTimes(): Promise<number[]> {
    const pushes = await t.platform.store.outbox.list({ appKey: p.app.appKey, limit: 100 });
    const all = await Promise.all(pushes.map((x) => t.platform.store.outbox.attempts(x.id)));
    return all.flat().map((a) => a.at);
  }
});
