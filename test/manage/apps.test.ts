import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VoxcallClient } from '../../src/client/index.js';
import { ManualClock } from '../../src/lib/clock.js';
import { usePlatform } from '../helpers/platform.js';
import { admin } from './helpers.js';

// The platform's wall clock (auth, secret grace periods) moves only when a test moves it. It starts
// at the real present, so requests signed on the system clock stay within the tolerance.
const wall = new ManualClock(Date.now());
const ctx = usePlatform({ wallClock: wall });
const call = admin(() => ctx.t);

const notify = (client: VoxcallClient) =>
  client.callNotify({ displayNbr: '+8675528000001', calleeNbr: '+8613900000001', playInfoList: [{ notifyVoice: 'welcome.wav' }] });

test('create answers the key and the secret once; show and list never carry the secret', async () => {
  const created = await call('POST', '/v1/apps', { name: 'shop', recordingEnabled: true, statusUrl: 'https://sp.example/status', allowedClientIps: ['10.0.0.0/8', '::1'] });
  assert.equal(created.status, 201);
  assert.match(created.body.appKey, /^[A-Za-z0-9_-]{28}$/);
  assert.match(created.body.appSecret, /^[A-Za-z0-9_-]{32}$/);
  assert.deepEqual(created.body.capabilities, ['callback', 'notify', 'verify']);
  assert.equal(created.body.status, 'active');
  assert.deepEqual(created.body.allowedClientIps, ['10.0.0.0/8', '::1']);

  const shown = await call('GET', `/v1/apps/${created.body.appKey}`);
  assert.equal(shown.status, 200);
  assert.equal(shown.body.appSecret, undefined);
  assert.equal(shown.body.statusUrl, 'https://sp.example/status');
  const listed = await call('GET', '/v1/apps');
  assert.ok(listed.body.apps.some((a: any) => a.appKey === created.body.appKey));
  assert.ok(listed.body.apps.every((a: any) => a.appSecret === undefined));
  // The secret is stored as it must be to sign pushes.
  assert.equal((await ctx.t.platform.store.apps.get(created.body.appKey))?.appSecret, created.body.appSecret);
});

test('update changes only what it names; null removes a default URL', async () => {
  const { body: a } = await call('POST', '/v1/apps', { name: 'upd', feeUrl: 'http://sp.example/fee' });
  const res = await call('PATCH', `/v1/apps/${a.appKey}`, { name: 'renamed', capabilities: ['notify'], portQuota: 3, feeUrl: null, allowedClientIps: ['192.168.1.7'] });
  assert.equal(res.status, 200);
  assert.equal(res.body.name, 'renamed');
  assert.deepEqual(res.body.capabilities, ['notify']);
  assert.equal(res.body.portQuota, 3);
  assert.equal(res.body.feeUrl, undefined);
  assert.equal(res.body.recordingEnabled, false);
  const stored = await ctx.t.platform.store.apps.get(a.appKey);
  assert.deepEqual(stored?.allowedClientIps, ['192.168.1.7']);
  assert.equal(stored?.appSecret, a.appSecret);
});

test('bad input: a clear VX.INVALID naming the field, nothing stored', async () => {
  const before = (await call('GET', '/v1/apps')).body.apps.length;
  const cases: Array<[unknown, RegExp]> = [
    [{}, /name is required/],
    [{ name: 5 }, /name must be of type string/],
    [{ name: 'x', capabilities: ['fax'] }, /capabilities\[0\]/],
    [{ name: 'x', portQuota: 'ten' }, /portQuota must be of type integer/],
    [{ name: 'x', statusUrl: 'ftp://sp.example/s' }, /statusUrl must be an http or https URL/],
    [{ name: 'x', feeUrl: 'not a url' }, /feeUrl is not a URL/],
    [{ name: 'x', allowedClientIps: ['10.0.0.0/33'] }, /allowedClientIps: "10.0.0.0\/33"/],
    [{ name: 'x', colour: 'red' }, /colour is not a field of this request/],
  ];
  for (const [body, message] of cases) {
    const res = await call('POST', '/v1/apps', body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.code, 'VX.INVALID');
    assert.match(res.body.error.message, message);
  }
  const notJson = await call('POST', '/v1/apps', undefined, { raw: Buffer.from('{"name":'), contentType: 'application/json' });
  assert.equal(notJson.status, 400);
  assert.match(notJson.body.error.message, /not valid JSON/);
  const wrongType = await call('POST', '/v1/apps', undefined, { raw: Buffer.from('<name>x</name>'), contentType: 'application/xml' });
  assert.equal(wrongType.status, 415);
  assert.equal(wrongType.body.error.code, 'VX.UNSUPPORTED_MEDIA_TYPE');
  assert.equal((await call('GET', '/v1/apps')).body.apps.length, before);
});

test('unknown app: 404 on every route', async () => {
  for (const [method, path, body] of [
    ['GET', '/v1/apps/nope', undefined],
    ['PATCH', '/v1/apps/nope', { name: 'x' }],
    ['POST', '/v1/apps/nope/suspend', undefined],
    ['POST', '/v1/apps/nope/resume', undefined],
    ['POST', '/v1/apps/nope/rotate-secret', {}],
  ] as const) {
    const res = await call(method, path, body);
    assert.equal(res.status, 404, `${method} ${path}`);
    assert.equal(res.body.error.code, 'VX.NOT_FOUND');
    assert.match(res.body.error.message, /app nope does not exist/);
  }
});

test('a suspended app is refused with 1010008; resumed, it calls again', async () => {
  const { body: a } = await call('POST', '/v1/apps', { name: 'susp' });
  await ctx.t.platform.store.apps.addNumber({ number: '+8675528100001', appKey: a.appKey, status: 'active' });
  const client = new VoxcallClient({ baseUrl: ctx.t.platform.url, appKey: a.appKey, appSecret: a.appSecret });
  const place = () => client.callNotify({ displayNbr: '+8675528100001', calleeNbr: '+8613900000001', playInfoList: [{ notifyVoice: 'welcome.wav' }] });
  assert.equal((await call('POST', `/v1/apps/${a.appKey}/suspend`)).body.status, 'suspended');
  assert.equal((await place()).body.resultcode, '1010008');
  assert.equal((await call('POST', `/v1/apps/${a.appKey}/resume`)).body.status, 'active');
  assert.equal((await place()).body.resultcode, '0');
});

test('rotate-secret: the old secret works during the grace, then stops; pushes use the new one', async () => {
  const demo = ctx.t.platform.demo;
  const old = new VoxcallClient({ baseUrl: ctx.t.platform.url, appKey: demo.appKey, appSecret: demo.appSecret });
  const rotated = await call('POST', `/v1/apps/${demo.appKey}/rotate-secret`, { graceSeconds: 1 });
  assert.equal(rotated.status, 200);
  assert.notEqual(rotated.body.appSecret, demo.appSecret);
  assert.equal(Date.parse(rotated.body.previousSecretValidUntil), wall.now() + 1000);
  const fresh = new VoxcallClient({ baseUrl: ctx.t.platform.url, appKey: demo.appKey, appSecret: rotated.body.appSecret });
  assert.equal((await notify(old)).body.resultcode, '0');
  assert.equal((await notify(fresh)).body.resultcode, '0');
  // The dispatcher signs with the secret the store holds now.
  assert.equal((await ctx.t.platform.store.apps.get(demo.appKey))?.appSecret, rotated.body.appSecret);

  await wall.advance(999);
  assert.equal((await notify(old)).body.resultcode, '0', 'the last millisecond of the grace');
  await wall.advance(1);
  assert.equal((await notify(old)).body.resultcode, '1010010');
  assert.equal((await notify(fresh)).body.resultcode, '0');
  assert.equal((await call('GET', `/v1/apps/${demo.appKey}`)).body.previousSecretValidUntil, undefined);

  const bad = await call('POST', `/v1/apps/${demo.appKey}/rotate-secret`, { graceSeconds: -1 });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /graceSeconds must be >= 0/);
});
