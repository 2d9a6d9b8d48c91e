// End to end: one call through the Huawei API, pushed to four subscriptions of the four formats
// on a real local receiver; every push decodes to the same call, signatures check out.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PushVerifier, WebhookVerifier } from '../../src/client/index.js';
import { decodePush, type DecodedRecord, type DecodedStatus } from '../../src/push/dialects/decode/index.js';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';
import { accepted, freshApp } from '../policy/helpers.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);

test('one call, four subscriptions, four formats', async () => {
  const { t, rx } = ctx;
  rx.respond((req) => (req.path === '/robot' ? { status: 200, body: 'success' } : { status: 200, body: '{"resultcode":"0"}' }));
  const p = await freshApp(t);
  const secrets: Record<string, string> = {};
  for (const format of ['huawei', 'vsp', 'ucloud', 'robot']) {
    const res = await call('POST', `/v1/apps/${p.app.appKey}/subscriptions`, { url: `${rx.url}/${format}`, format, secret: true });
    assert.equal(res.status, 201);
    secrets[format] = res.body.secret;
  }

  const placed = await p.client.callNotify({
    displayNbr: p.numbers[0]!, calleeNbr: '+8613900000001', userData: 'order-7',
    playInfoList: [{ notifyVoice: 'welcome.wav', collectInd: 0 }],
  } as never);
  accepted(placed);
  const sessionId = (placed.body as { sessionId: string }).sessionId;
  await t.run(60_000);
  const count = (path: string) => rx.on(path).length;
  await rx.until(() => count('/huawei') === 5 && count('/vsp') === 5 && count('/ucloud') === 1 && count('/robot') === 1);

  // Status events: Huawei and vsp, in order, the same events.
  const events = (format: string) => rx.on(`/${format}`).map((q) => decodePush(format, q.raw)).filter((d) => d.kind === 'status')
    .map((d) => d.items[0] as DecodedStatus);
  assert.deepEqual(events('huawei').map((e) => e.event), ['callout', 'alerting', 'answer', 'disconnect']);
  assert.deepEqual(events('vsp').map((e) => e.event), ['callout', 'alerting', 'answer', 'disconnect']);
  for (const e of [...events('huawei'), ...events('vsp')]) assert.equal(e.callId, sessionId);

  // Records: one per format, all describing the same answered call.
  const records = Object.fromEntries(['huawei', 'vsp', 'ucloud', 'robot'].map((f) => {
    const d = rx.on(`/${f}`).map((q) => decodePush(f, q.raw)).find((x) => x.kind === 'record')!;
    return [f, d.items[0] as DecodedRecord];
  }));
  for (const [f, r] of Object.entries(records)) {
    assert.equal(r.callId, sessionId, f);
    assert.equal(r.outcome, 'answered', f);
  }
  const { vsp, ucloud, robot, huawei } = records as Record<string, DecodedRecord>;
  assert.deepEqual([ucloud!.answerAt, robot!.answerAt, ucloud!.talkSeconds, robot!.talkSeconds], [vsp!.answerAt, vsp!.answerAt, vsp!.talkSeconds, vsp!.talkSeconds]);
  assert.equal(Math.floor(vsp!.answerAt! / 1000) * 1000, huawei!.answerAt);
  assert.deepEqual([vsp!.userData, ucloud!.userData, robot!.userData, huawei!.userData], ['order-7', 'order-7', 'order-7', 'order-7']);
  assert.equal((vsp!.fields as { subscriptionId: string }).subscriptionId.startsWith('sub_'), true);

  // Huawei pushes sign with the app's secret; the others with their subscription's.
  const aksk = new PushVerifier({ appKey: p.app.appKey, appSecret: p.app.appSecret });
  for (const q of rx.on('/huawei')) assert.deepEqual(aksk.verify(`${rx.url}/huawei`, q.headers), { ok: true });
  for (const f of ['vsp', 'ucloud', 'robot']) {
    const v = new WebhookVerifier({ secret: secrets[f]! });
    for (const q of rx.on(`/${f}`)) assert.equal(v.verify(q.headers, q.raw).ok, true, f);
  }
  const delivered = (await t.platform.store.outbox.list({ sessionId, limit: 100 })).map((x) => [x.dialect, x.state]);
  assert.equal(delivered.length, 12);
  assert.ok(delivered.every(([, state]) => state === 'delivered'), JSON.stringify(delivered));
});

test('a deleted signed subscription: its queued pushes are given up, never sent unsigned', async () => {
  const { t, rx } = ctx;
  let down = true;
  rx.respond(() => (down ? { status: 503 } : { status: 200 }));
  const p = await freshApp(t);
  const created = await call('POST', `/v1/apps/${p.app.appKey}/subscriptions`, { url: `${rx.url}/gone`, format: 'vsp', secret: true });
  assert.equal(created.status, 201);
  const placed = await p.client.callNotify({ displayNbr: p.numbers[0]!, calleeNbr: '+8613900000001', playInfoList: [{ notifyVoice: 'welcome.wav' }] } as never);
  accepted(placed);
  await t.run(3_000);
  await rx.until(() => rx.on('/gone').length >= 1);
  assert.ok(rx.on('/gone').every((q) => typeof q.headers['webhook-signature'] === 'string'), 'signed while the subscription exists');
  assert.equal((await call('DELETE', `/v1/apps/${p.app.appKey}/subscriptions/${created.body.subscription.id}`)).status, 204);
  down = false;
  const before = rx.on('/gone').length;
  await t.run(3_600_000);
  assert.equal(rx.on('/gone').length, before, 'nothing more reached the receiver');
  const failed = await t.platform.store.outbox.list({ appKey: p.app.appKey, state: 'failed' });
  assert.ok(failed.length > 0 && failed.every((f) => /subscription .* is gone/.test(f.lastError ?? '')), JSON.stringify(failed.map((f) => f.lastError)));
});
