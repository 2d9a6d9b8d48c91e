// "Deliver now" through a real platform and receiver on a manual clock: a push retrying on a
// one-hour schedule goes out as soon as an operator asks, without the clock moving; its attempt
// history goes on; pushes that are in flight, delivered, failed, merged, behind a paused endpoint
// or behind an earlier event of their call are refused with the reason. API and CLI.

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

test('a push retrying hourly is delivered right after deliver-now, the clock unmoved; refusals name their reason', async () => {
  const { t, rx } = ctx;
  // The receiver holds the first push until released, then answers 503 while `up` is false.
  let up = false;
  let arrived!: () => void;
  const arrival = new Promise<void>((r) => { arrived = r; });
  let release!: () => void;
  const released = new Promise<void>((r) => { release = r; });
  let held = false;
  rx.respond(async (req) => {
    if (req.path === '/dn' && !held) {
      held = true;
      arrived();
      await released;
    }
    return up && req.path === '/dn' ? { status: 200, body: '{"resultcode":"0"}' } : { status: 503 };
  });
  const p = await freshApp(t);
  const subs = `/v1/apps/${p.app.appKey}/subscriptions`;
  assert.equal((await call('POST', subs, { url: `${rx.url}/dn`, format: 'huawei', receives: 'status', retrySchedule: [HOUR, HOUR] })).status, 201);
  assert.equal((await call('POST', subs, { url: `${rx.url}/gone`, format: 'huawei', receives: 'records', retrySchedule: [] })).status, 201);

  accepted(await notify(p, { calleeNbr: '+8613900000001' }));
  await arrival;
  const queued = async () => (await call('GET', `/v1/pushes?appKey=${p.app.appKey}&state=queued&kind=status`)).body.pushes as any[];
  const [callout] = await queued();
  assert.ok(callout, 'the callout push is queued (leased) while its attempt is held');

  const inFlight = await call('POST', `/v1/pushes/${callout.id}/deliver`);
  assert.deepEqual([inFlight.status, inFlight.body.error.code], [409, 'VX.CONFLICT']);
  assert.match(inFlight.body.error.message, /is being attempted now/);

  release();
  await rx.until(() => rx.on('/dn').length === 1);
  await t.platform.dispatcher.drain();
  await t.run(40_000); // the call ends; its later events queue behind the callout, the record fails
  await rx.until(() => rx.on('/gone').length === 1);
  const waiting = (await queued()).sort((a, b) => a.seq - b.seq);
  assert.deepEqual(waiting.map((x) => x.seq), [1, 2, 3, 4]);
  assert.equal(waiting[0].id, callout.id);
  assert.equal(waiting[0].attempts, 1);
  const dueAt = Date.parse(waiting[0].nextAt);
  assert.ok(dueAt - t.clock.now() > HOUR - 60_000, `retry due in about an hour, not ${dueAt - t.clock.now()} ms`);

  const behind = await call('POST', `/v1/pushes/${waiting[1].id}/deliver`);
  assert.deepEqual([behind.status, behind.body.error.message], [409, `push ${waiting[1].id} waits behind push ${callout.id}, an earlier event of the same call to the same URL: deliver ${callout.id} now`]);
  const record = (await call('GET', `/v1/pushes?appKey=${p.app.appKey}&kind=record&state=failed`)).body.pushes[0];
  const failed = await call('POST', `/v1/pushes/${record.id}/deliver`);
  assert.deepEqual([failed.status, failed.body.error.message], [409, `push ${record.id} failed (its schedule is exhausted): replay it to deliver it again`]);
  assert.deepEqual((await call('POST', '/v1/pushes/nope/deliver')).body.error, { code: 'VX.NOT_FOUND', message: 'push nope does not exist' });

  const ep = endpointId(`${rx.url}/dn`);
  assert.equal((await call('POST', `/v1/endpoints/${ep}/pause`, {})).status, 200);
  const paused = await call('POST', `/v1/pushes/${callout.id}/deliver`);
  assert.deepEqual([paused.status, paused.body.error.message], [409, `push ${callout.id} waits for a paused endpoint (${rx.url}/dn): resume the endpoint, then its pushes go at once`]);
  assert.equal((await call('POST', `/v1/endpoints/${ep}/resume`)).status, 200);
  await t.platform.dispatcher.drain();
  assert.equal(rx.on('/dn').length, 1, 'resuming alone sends nothing: the retry is an hour away');

  // The receiver is back. Deliver now, through the CLI; the clock does not move from here on.
  up = true;
  const before = t.clock.now();
  const cli = await voxcall(['pushes', 'deliver', callout.id]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, new RegExp(`^id\\s+${callout.id}$`, 'm'));
  assert.match(cli.stdout, new RegExp(`^nextAt\\s+${new Date(before).toISOString()}$`, 'm'));
  assert.match(cli.stdout, /due now: the dispatcher was woken/);
  // No drain, no clock: only the wake can send them.
  await rx.until(() => rx.on('/dn').length === 5);
  assert.equal(t.clock.now(), before);
  assert.deepEqual(rx.on('/dn').slice(1).map((r) => r.body.eventType), ['callout', 'alerting', 'answer', 'disconnect']);

  const shown = await call('GET', `/v1/pushes/${callout.id}`);
  assert.equal(shown.body.push.state, 'delivered');
  assert.deepEqual(shown.body.attempts.map((a: any) => [a.n, a.httpStatus, a.ok]), [[1, 503, false], [2, 200, true]], 'the history goes on');

  const again = await voxcall(['pushes', 'deliver', callout.id]);
  assert.notEqual(again.code, 0);
  assert.match(again.stderr, new RegExp(`push ${callout.id} is delivered: replay it to deliver it again \\(VX\\.CONFLICT, HTTP 409\\)`));
});
