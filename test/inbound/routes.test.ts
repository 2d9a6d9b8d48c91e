// Inbound routes through the management API and `voxcall inbound`: set, show, list, remove, and
// every refusal of a route that cannot work (a missing flow, a recorded forward the app may not
// make, a URL that is not one, a number of another app).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cliOf } from '../helpers/cli.js';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);
const { voxcall, ok } = cliOf(() => ctx.t);
const NUMBER = '+8675528000001';
const FLOW = { start: 'hi', nodes: [{ id: 'hi', type: 'say', text: 'hello', next: 'bye' }, { id: 'bye', type: 'hangup' }] };
const path = (appKey: string, n = NUMBER) => `/v1/apps/${appKey}/numbers/${encodeURIComponent(n)}/inbound`;

test('set, show, replace, list and remove a route', async () => {
  const app = ctx.t.platform.demo.appKey;
  assert.equal((await call('POST', `/v1/apps/${app}/flows`, { id: 'welcome', flow: FLOW })).status, 201);
  const put = await call('PUT', path(app), { type: 'flow', flowId: 'welcome' });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.deepEqual(put.body.action, { type: 'flow', flowId: 'welcome' });
  const url = await call('PUT', path(app), { type: 'url', url: 'https://app.example/inbound', fallback: { type: 'forward', to: '+8613900000001', record: true } });
  assert.equal(url.status, 200, JSON.stringify(url.body));
  assert.deepEqual(url.body.action, { type: 'url', url: 'https://app.example/inbound', timeoutMs: 3000, fallback: { type: 'forward', to: '+8613900000001', record: true } });
  assert.equal(url.body.createdAt, put.body.createdAt);
  assert.deepEqual((await call('GET', path(app))).body, url.body);
  assert.deepEqual((await call('GET', `/v1/apps/${app}/inbound`)).body.routes.map((r: { number: string }) => r.number), [NUMBER]);
  assert.equal((await call('DELETE', path(app))).status, 204);
  assert.equal((await call('GET', path(app))).status, 404);
  assert.equal((await call('DELETE', path(app))).status, 404);
});

test('refusals: each names what is wrong, and nothing is stored', async () => {
  const app = ctx.t.platform.demo.appKey;
  const cases: Array<[unknown, number, RegExp]> = [
    [{ type: 'flow', flowId: 'nope' }, 400, /flow nope of app .* does not exist/],
    [{ type: 'flow', flowId: 'welcome', flowVersion: 9 }, 400, /version 9 of flow welcome/],
    [{ type: 'forward', to: '12' }, 400, /to/],
    [{ type: 'url', url: 'ftp://app.example/x', fallback: { type: 'reject' } }, 400, /url must be an http or https URL/],
    [{ type: 'url', url: 'https://app.example/x' }, 400, /fallback/],
    [{ type: 'url', url: 'https://app.example/x', fallback: { type: 'flow', flowId: 'nope' } }, 400, /route\.fallback: flow nope/],
    [{ type: 'hangup' }, 400, /type/],
  ];
  for (const [body, status, message] of cases) {
    const r = await call('PUT', path(app, '+8675528000002'), body);
    assert.equal(r.status, status, JSON.stringify(body));
    assert.match(r.body.error.message, message, JSON.stringify(body));
  }
  assert.equal((await call('GET', path(app, '+8675528000002'))).status, 404);
  assert.equal((await call('PUT', path(app, '+8675599999999'), { type: 'forward', to: '+8613900000001' })).status, 404);
  assert.equal((await call('PUT', path('nosuchapp'), { type: 'forward', to: '+8613900000001' })).status, 404);
});

test('a recorded forward needs an app with recording enabled', async () => {
  const created = await call('POST', '/v1/apps', { name: 'norec', spId: 'sp-norec', recordingEnabled: false });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const key = created.body.appKey as string;
  assert.equal((await call('POST', `/v1/apps/${key}/numbers`, { number: '+8675528000077' })).status, 201);
  const r = await call('PUT', path(key, '+8675528000077'), { type: 'forward', to: '+8613900000001', record: true });
  assert.equal(r.status, 400);
  assert.match(r.body.error.message, /route\.record: app .* does not have recording enabled/);
  assert.equal((await call('PUT', path(key, '+8675528000077'), { type: 'forward', to: '+8613900000001' })).status, 200);
});

test('voxcall inbound set/show/list/remove', async () => {
  const app = ctx.t.platform.demo.appKey;
  assert.equal(await ok(['inbound', 'set', '+8675528000003', '--app', app, '--forward', '+8613900000001', '--record']), '+8675528000003: forward to +8613900000001 (recorded)\n');
  assert.equal(await ok(['inbound', 'set', '+8675528000003', '--app', app, '--url', 'https://app.example/in', '--timeout-ms', '1500', '--fallback-reject', 'closed']),
    '+8675528000003: ask https://app.example/in within 1500 ms, else reject (closed)\n');
  assert.match(await ok(['inbound', 'show', '+8675528000003', '--app', app]), /route\s+ask https:\/\/app\.example\/in within 1500 ms, else reject \(closed\)/);
  assert.match(await ok(['inbound', 'list', '--app', app]), /\+8675528000003\s+ask/);
  const both = await voxcall(['inbound', 'set', '+8675528000003', '--app', app, '--flow', 'welcome', '--forward', '+8613900000001']);
  assert.equal(both.code, 1);
  assert.match(both.stderr, /exactly one of --flow, --forward, --url/);
  assert.equal(await ok(['inbound', 'remove', '+8675528000003', '--app', app]), 'removed the inbound route of +8675528000003\n');
});
