// The subscription routes of the management API, and a ucloud subscription's UserId rule end to end.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';
import { accepted, freshApp, notify } from '../policy/helpers.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);

test('create, list, show, change, pause, resume and delete a subscription', async () => {
  const { app } = await freshApp(ctx.t);
  const base = `/v1/apps/${app.appKey}/subscriptions`;
  const created = await call('POST', base, { url: 'https://sp.example.com/vsp', format: 'vsp', events: ['answer', 'disconnect'], secret: true });
  assert.equal(created.status, 201);
  const sub = created.body.subscription;
  assert.match(sub.id, /^sub_/);
  assert.deepEqual({ ...sub, id: undefined, createdAt: undefined, updatedAt: undefined }, {
    id: undefined, appKey: app.appKey, url: 'https://sp.example.com/vsp', format: 'vsp', receives: 'both',
    events: ['answer', 'disconnect'], enabled: true, signed: true, createdAt: undefined, updatedAt: undefined,
  });
  // A generated secret is shown once, then never again.
  assert.match(created.body.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  assert.equal((await ctx.t.platform.store.subscriptions.get(sub.id))!.secret, created.body.secret);
  const shown = await call('GET', `${base}/${sub.id}`);
  assert.equal(shown.body.subscription.signed, true);
  assert.equal(JSON.stringify(shown.body).includes(created.body.secret), false);

  await call('POST', base, { url: 'http://127.0.0.1:9/robot', format: 'robot', receives: 'records', retrySchedule: [1000, 2000], timeoutMs: 1500 });
  const list = await call('GET', base);
  assert.deepEqual(list.body.subscriptions.map((s: { format: string }) => s.format), ['vsp', 'robot']);
  assert.deepEqual([list.body.subscriptions[1].retrySchedule, list.body.subscriptions[1].timeoutMs, list.body.subscriptions[1].signed], [[1000, 2000], 1500, false]);

  const changed = await call('PATCH', `${base}/${sub.id}`, { events: null, receives: 'status', secret: null, url: 'https://sp.example.com/v2' });
  assert.equal(changed.status, 200);
  assert.deepEqual([changed.body.subscription.events, changed.body.subscription.receives, changed.body.subscription.signed, changed.body.subscription.url],
    [undefined, 'status', false, 'https://sp.example.com/v2']);
  const paused = await call('POST', `${base}/${sub.id}/pause`);
  assert.equal(paused.body.subscription.enabled, false);
  assert.equal((await call('POST', `${base}/${sub.id}/resume`)).body.subscription.enabled, true);
  assert.equal((await call('DELETE', `${base}/${sub.id}`)).status, 204);
  assert.equal((await call('GET', `${base}/${sub.id}`)).status, 404);
  assert.equal((await call('GET', base)).body.subscriptions.length, 1);
});

test('refusals: unknown app or subscription, another app\'s subscription, invalid fields', async () => {
  const a = await freshApp(ctx.t);
  const b = await freshApp(ctx.t);
  const mine = (await call('POST', `/v1/apps/${a.app.appKey}/subscriptions`, { url: 'https://x.example/h', format: 'huawei' })).body.subscription;
  assert.equal((await call('GET', `/v1/apps/${b.app.appKey}/subscriptions/${mine.id}`)).status, 404);
  assert.equal((await call('GET', '/v1/apps/no-such-app/subscriptions')).body.error.code, 'VX.NOT_FOUND');
  const base = `/v1/apps/${a.app.appKey}/subscriptions`;
  const invalid = async (body: unknown, pattern: RegExp) => {
    const res = await call('POST', base, body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.code, 'VX.INVALID');
    assert.match(res.body.error.message, pattern);
  };
  await invalid({ url: 'https://x.example/', format: 'sms' }, /format/);
  await invalid({ url: 'ftp://x.example/', format: 'vsp' }, /url/);
  await invalid({ url: 'https://x.example/', format: 'vsp', timeoutMs: 10_000 }, /timeoutMs/);
  await invalid({ url: 'https://x.example/', format: 'vsp', events: ['ringing'] }, /events/);
  await invalid({ url: 'https://x.example/', format: 'vsp', secret: 'whsec_c2hvcnQ=' }, /at least 16 bytes/);
  await invalid({ url: 'https://x.example/', format: 'vsp', colour: 'red' }, /colour|additional/);
  // Nothing half-written: the refused creations left no subscription, and refused edits left the
  // existing one as it was.
  const listed = (await call('GET', base)).body.subscriptions as Array<{ id: string }>;
  assert.deepEqual(listed.map((s) => s.id), [mine.id]);
  const before = (await call('GET', `${base}/${mine.id}`)).body.subscription;
  for (const body of [{ url: 'ftp://x.example/' }, { timeoutMs: 10_000 }, { secret: 'whsec_c2hvcnQ=' }, { format: 'sms' }, { url: 'https://y.example/ok', timeoutMs: 0 }]) {
    const res = await call('PATCH', `${base}/${mine.id}`, body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.code, 'VX.INVALID');
  }
  assert.deepEqual((await call('GET', `${base}/${mine.id}`)).body.subscription, before);
  assert.equal((await ctx.t.platform.store.subscriptions.get(mine.id))!.url, 'https://x.example/h');
});

test('a ucloud subscription never changes what the call API accepts: a userData the UserId rules forbid travels as its digest', async () => {
  const { t, rx } = ctx;
  rx.respond(() => ({ status: 200, body: '{"code":0,"message":"ok"}' }));
  const p = await freshApp(t);
  await call('POST', `/v1/apps/${p.app.appKey}/subscriptions`, { url: `${rx.url}/u`, format: 'ucloud' });
  const sent = ["order'42", 'x'.repeat(33), 'say"hi"', 'order-42'];
  const sessions = new Map<string, string>();
  for (const userData of sent) {
    const res = await notify(p, { userData });
    accepted(res);
    sessions.set((res.body as { sessionId: string }).sessionId, userData);
  }
  await t.run(60_000);
  await rx.until(() => rx.on('/u').length === sent.length);
  const digest = (s: string) => `sha256:${createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 25)}`;
  for (const q of rx.on('/u')) {
    const receipt = JSON.parse(q.raw) as { TaskNo: string; UserId: string };
    const userData = sessions.get(receipt.TaskNo)!;
    assert.equal(receipt.UserId, userData === 'order-42' ? 'order-42' : digest(userData), userData);
  }
});
