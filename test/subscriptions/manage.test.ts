// The subscription routes of the management API, and the ucloud UserId refusal they switch on.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RESULT } from '../../src/api/result-codes.js';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';
import { accepted, freshApp, notify, refused } from '../policy/helpers.js';

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

test('while an app has an enabled ucloud subscription, a userData that cannot be a UserId is refused with 1010002', async () => {
  const p = await freshApp(ctx.t);
  const quote = "order'42";
  const long = 'x'.repeat(33);
  accepted(await notify(p, { userData: quote }));
  const sub = (await call('POST', `/v1/apps/${p.app.appKey}/subscriptions`, { url: 'http://127.0.0.1:9/u', format: 'ucloud' })).body.subscription;
  for (const userData of [quote, long, 'say"hi"']) {
    const res = await notify(p, { userData });
    refused(res, RESULT.invalidRequest);
    assert.match((res.body as { resultdesc: string }).resultdesc, /^Invalid request\. userData .*UCloud UserId.*\.$/);
  }
  accepted(await notify(p, { userData: 'order-42' }));
  accepted(await notify(p));
  await call('POST', `/v1/apps/${p.app.appKey}/subscriptions/${sub.id}/pause`);
  accepted(await notify(p, { userData: quote }));
});
