// "Send a test push" to a subscription: one sample body in its format, signed as for real, sent
// once to a real receiver that checks the signature with the project's own verifiers; the answer
// comes back to the caller and nothing is stored. Through the push-target guard of a production
// node, a stored loopback URL is refused without sending. API and CLI.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PushVerifier, WebhookVerifier } from '../../src/client/index.js';
import { decodePush } from '../../src/push/dialects/decode/index.js';
import { cliOf } from '../helpers/cli.js';
import { startTestPlatform, usePlatform, type TestPlatform } from '../helpers/platform.js';
import { Receiver } from '../helpers/receiver.js';
import { admin } from '../manage/helpers.js';
import { freshApp } from '../policy/helpers.js';

const ctx = usePlatform();
const { voxcall } = cliOf(() => ctx.t);
const call = admin(() => ctx.t);

test('huawei format: the answer event, signed with the app secret (PushVerifier), answer returned, nothing stored', async () => {
  const { t, rx } = ctx;
  rx.respond(() => ({ status: 200, body: '{"resultcode":"0","resultdesc":"ok"}' }));
  const p = await freshApp(t);
  const url = `${rx.url}/hw-test`;
  const sub = (await call('POST', `/v1/apps/${p.app.appKey}/subscriptions`, { url, format: 'huawei', receives: 'status' })).body.subscription;
  const res = await call('POST', `/v1/apps/${p.app.appKey}/subscriptions/${sub.id}/test`, {});
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const got = rx.on('/hw-test');
  assert.equal(got.length, 1);
  const verdict = new PushVerifier({ appKey: p.app.appKey, appSecret: p.app.appSecret }).verify(url, got[0]!.headers);
  assert.deepEqual(verdict, { ok: true });
  assert.equal(got[0]!.headers['x-voxcall-test-push'], '1');
  assert.equal(got[0]!.body.eventType, 'answer');
  assert.match(got[0]!.body.statusInfo.sessionId, /@voxcall-test-push$/);
  const answer = res.body.test;
  assert.deepEqual(
    [answer.subscriptionId, answer.url, answer.format, answer.kind, answer.signed, answer.ok, answer.httpStatus, answer.responseHead, answer.errorClass],
    [sub.id, url, 'huawei', 'status', true, true, 200, '{"resultcode":"0","resultdesc":"ok"}', undefined],
  );
  assert.equal(answer.messageId, got[0]!.headers['x-voxcall-message-id']);
  assert.equal(answer.body, got[0]!.raw, 'the caller sees the body that was sent');
  assert.ok(answer.latencyMs >= 0 && answer.latencyMs < 5000);
  assert.equal((await call('GET', `/v1/pushes?appKey=${p.app.appKey}`)).body.pushes.length, 0, 'not stored in the outbox');
  assert.equal((await call('GET', '/v1/endpoints')).body.endpoints.some((e: any) => e.url === url), false, 'no endpoint row either');

  // A record, asked for: a Huawei fee push with one CDR.
  const record = await call('POST', `/v1/apps/${p.app.appKey}/subscriptions/${sub.id}/test`, { kind: 'record' });
  assert.equal(record.body.test.kind, 'record');
  assert.equal(rx.on('/hw-test')[1]!.body.eventType, 'fee');
  assert.equal(rx.on('/hw-test')[1]!.body.feeLst.length, 1);
});

test('vsp with a secret: Standard Webhooks signature checks; a failing receiver is reported (first KiB of its body, error class)', async () => {
  const { t, rx } = ctx;
  const long = 'x'.repeat(3000);
  rx.respond((req) => (req.path === '/vsp-test' ? { status: 500, body: long } : { status: 200 }));
  const p = await freshApp(t);
  const made = await call('POST', `/v1/apps/${p.app.appKey}/subscriptions`, { url: `${rx.url}/vsp-test`, format: 'vsp', secret: true });
  const res = await call('POST', `/v1/apps/${p.app.appKey}/subscriptions/${made.body.subscription.id}/test`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const got = rx.on('/vsp-test')[0]!;
  assert.equal(new WebhookVerifier({ secret: made.body.secret }).verify(got.headers, got.raw).ok, true);
  assert.equal(decodePush('vsp', got.raw).items[0]!.kind, 'status');
  const a = res.body.test;
  assert.deepEqual([a.kind, a.signed, a.ok, a.httpStatus, a.errorClass, a.responseHead], ['status', true, false, 500, 'non_2xx', long.slice(0, 1024)]);
});

test('voxcall format: a sample task event, signed; a record is refused (the format pushes none)', async () => {
  const { t, rx } = ctx;
  rx.respond(() => ({ status: 204 }));
  const p = await freshApp(t);
  const made = await call('POST', `/v1/apps/${p.app.appKey}/subscriptions`, { url: `${rx.url}/vox-test`, format: 'voxcall', secret: true });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const res = await call('POST', `/v1/apps/${p.app.appKey}/subscriptions/${made.body.subscription.id}/test`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual([res.body.test.kind, res.body.test.ok, res.body.test.httpStatus, res.body.test.signed], ['status', true, 204, true]);
  const got = rx.on('/vox-test');
  assert.equal(got.length, 1);
  assert.equal(new WebhookVerifier({ secret: made.body.secret }).verify(got[0]!.headers, got[0]!.raw).ok, true);
  assert.deepEqual([got[0]!.body.type, got[0]!.body.state, got[0]!.body.previousState, got[0]!.body.subscriptionId], ['task.status', 'running', 'draft', made.body.subscription.id]);
  const record = await call('POST', `/v1/apps/${p.app.appKey}/subscriptions/${made.body.subscription.id}/test`, { kind: 'record' });
  assert.equal(record.status, 400);
  assert.match(record.body.error.message, /pushes no call records/);
  assert.equal(rx.on('/vox-test').length, 1, 'nothing sent');
});

test('formats without status events, unsigned formats, unknown ids; the CLI', async () => {
  const { t, rx } = ctx;
  rx.respond((req) => (req.path === '/down' ? { status: 503 } : { status: 200, body: 'success' }));
  const p = await freshApp(t);
  const base = `/v1/apps/${p.app.appKey}/subscriptions`;
  const ucloud = (await call('POST', base, { url: `${rx.url}/uc`, format: 'ucloud' })).body.subscription;
  const refused = await call('POST', `${base}/${ucloud.id}/test`, { kind: 'status' });
  assert.deepEqual([refused.status, refused.body.error], [400, { code: 'VX.INVALID', message: 'the ucloud format pushes no status events: ask for a record' }]);
  const uc = await call('POST', `${base}/${ucloud.id}/test`);
  assert.deepEqual([uc.body.test.kind, uc.body.test.signed, uc.body.test.ok], ['record', false, true], 'no secret: sent unsigned, as the format allows');
  assert.equal(rx.on('/uc')[0]!.headers['webhook-signature'], undefined);

  assert.equal((await call('POST', `${base}/sub_nope/test`)).status, 404);
  assert.equal((await call('POST', `${base}/${ucloud.id}/test`, { kind: 'both' })).status, 400);

  const robot = (await call('POST', base, { url: `${rx.url}/robot`, format: 'robot' })).body.subscription;
  const ok = await voxcall(['subscriptions', 'test', robot.id, '--app', p.app.appKey]);
  assert.equal(ok.code, 0, ok.stderr);
  for (const line of [/^format\s+robot$/m, /^kind\s+record$/m, /^ok\s+true$/m, /^responseHead\s+success$/m]) assert.match(ok.stdout, line);
  assert.equal(rx.on('/robot').length, 1);

  const down = (await call('POST', base, { url: `${rx.url}/down`, format: 'vsp' })).body.subscription;
  const failed = await voxcall(['--json', 'subscriptions', 'test', down.id, '--app', p.app.appKey, '--kind', 'record']);
  assert.equal(failed.code, 1, 'a refused test push fails the command');
  assert.equal(JSON.parse(failed.stdout).test.httpStatus, 503);
});

productionNode();

function productionNode(): void {
  let prod: TestPlatform;
  let rx: Receiver;
  before(async () => {
    prod = await startTestPlatform({ env: { VOXCALL_PROFILE: 'production' } });
    rx = await new Receiver().start();
  });
  after(async () => {
    await prod.close();
    await rx.close();
  });

  test('production: a stored subscription URL on loopback is refused by the push agent\'s guard, nothing sent', async () => {
    const p = await freshApp(prod);
    const now = Date.now();
    // Stored behind the API's back, as one kept from before the profile changed.
    await prod.platform.store.subscriptions.create({ id: 'sub_loopback', appKey: p.app.appKey, url: `${rx.url}/x`, format: 'huawei', receives: 'both', enabled: true, createdAt: now, updatedAt: now });
    const res = await admin(() => prod)('POST', `/v1/apps/${p.app.appKey}/subscriptions/sub_loopback/test`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual([res.body.test.ok, res.body.test.errorClass, res.body.test.httpStatus], [false, 'blocked_target', undefined]);
    assert.match(res.body.test.error, /127\.0\.0\.1 \(loopback\) is not an allowed push target/);
    assert.equal(rx.received.length, 0);
  });
}
