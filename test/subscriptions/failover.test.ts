// Through the platform: a subscription's failover URL takes the pushes its URL fails, and a
// receiver's 410 pauses its endpoint until an operator resumes it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';
import { accepted, freshApp } from '../policy/helpers.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);

test('a failing subscription URL: every push reaches the failover URL at once, same message id', async () => {
  const { t, rx } = ctx;
  rx.respond((req) => (req.path === '/primary' ? { status: 500 } : { status: 200, body: '{"resultcode":"0"}' }));
  const p = await freshApp(t);
  const res = await call('POST', `/v1/apps/${p.app.appKey}/subscriptions`, { url: `${rx.url}/primary`, failoverUrl: `${rx.url}/backup`, format: 'vsp' });
  assert.equal(res.status, 201);
  assert.equal(res.body.subscription.failoverUrl, `${rx.url}/backup`);

  accepted(await p.client.callNotify({ displayNbr: p.numbers[0]!, calleeNbr: '+8613900000001', playInfoList: [{ notifyVoice: 'welcome.wav' }] } as never));
  await t.run(60_000);
  await rx.until(() => rx.on('/backup').length === 5); // four status events and the CDR
  const ids = (path: string) => rx.on(path).map((q) => String(q.headers['webhook-id']));
  assert.deepEqual(ids('/backup'), ids('/primary'), 'each push went to the primary first, then to the failover');
  const pushes = await t.platform.store.outbox.list({ appKey: p.app.appKey, limit: 100 });
  const vsp = pushes.filter((x) => x.dialect === 'vsp');
  assert.equal(vsp.length, 5);
  for (const x of vsp) {
    assert.deepEqual([x.state, x.attempts, x.step], ['delivered', 2, 1], 'both attempts used one schedule step');
    const history = await t.platform.store.outbox.attempts(x.id);
    assert.deepEqual(history.map((a) => [a.httpStatus, a.url ?? 'primary']), [[500, 'primary'], [200, `${rx.url}/backup`]]);
  }

  // Removing it: the next failure waits for the schedule instead.
  const sub = res.body.subscription.id as string;
  const patched = await call('PATCH', `/v1/apps/${p.app.appKey}/subscriptions/${sub}`, { failoverUrl: null });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.subscription.failoverUrl, undefined);
});

test('410 Gone pauses the endpoint; its pushes wait, visible in /v1/endpoints, and go once resumed', async () => {
  const { t, rx } = ctx;
  let gone = true;
  rx.respond(() => (gone ? { status: 410 } : { status: 200, body: '{"resultcode":"0"}' }));
  const p = await freshApp(t);
  const res = await call('POST', `/v1/apps/${p.app.appKey}/subscriptions`, { url: `${rx.url}/moved`, format: 'vsp' });
  assert.equal(res.status, 201);
  accepted(await p.client.callNotify({ displayNbr: p.numbers[0]!, calleeNbr: '+8613900000002', playInfoList: [{ notifyVoice: 'welcome.wav' }] } as never));
  await t.run(5_000);
  await rx.until(() => rx.on('/moved').length >= 1);
  await t.run(3_600_000);
  assert.equal(rx.on('/moved').length, 1, 'nothing more after the 410');
  const endpoints = await call('GET', '/v1/endpoints');
  const ep = (endpoints.body.endpoints as Array<{ id: string; url: string; paused: boolean; pausedReason?: string }>).find((e) => e.url === `${rx.url}/moved`)!;
  assert.equal(ep.paused, true);
  assert.match(ep.pausedReason!, /410 Gone/);
  const waiting = (await t.platform.store.outbox.list({ appKey: p.app.appKey, state: 'queued', limit: 100 })).filter((x) => x.url === `${rx.url}/moved`);
  assert.ok(waiting.length >= 1);
  assert.ok(waiting.every((x) => x.step === 0), 'waiting behind the pause used no retry');

  gone = false;
  assert.equal((await call('POST', `/v1/endpoints/${ep.id}/resume`)).status, 200);
  await t.run(60_000);
  await rx.until(() => rx.on('/moved').length === 1 + waiting.length);
  const left = (await t.platform.store.outbox.list({ appKey: p.app.appKey, state: 'queued', limit: 100 })).filter((x) => x.url === `${rx.url}/moved`);
  assert.deepEqual(left, []);
});
