// The management endpoints of lists and limits: answers, and clear refusals of bad input with
// nothing written.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usePlatform } from '../helpers/platform.js';
import { freshApp, manage } from './helpers.js';

const ctx = usePlatform();
const admin = manage(() => ctx.t);

test('list entries: add (201, then 200), list, remove (204, then 404), per app and platform', async () => {
  const p = await freshApp(ctx.t);
  const path = `/v1/apps/${p.app.appKey}/lists/calleeBlacklist/+8613855550001`;
  assert.equal((await admin('PUT', path)).status, 201);
  const again = await admin('PUT', path);
  assert.equal(again.status, 200);
  assert.equal(again.body.added, false);
  assert.deepEqual((await admin('GET', `/v1/apps/${p.app.appKey}/lists`)).body, { entries: [{ list: 'calleeBlacklist', number: '+8613855550001' }] });
  assert.deepEqual((await admin('GET', `/v1/apps/${p.app.appKey}/lists/callerBlacklist`)).body, { entries: [] });
  assert.equal((await admin('DELETE', path)).status, 204);
  assert.equal((await admin('DELETE', path)).status, 404);
  assert.equal((await admin('PUT', '/v1/lists/calleeWhitelist/+8613855550002')).status, 201);
  assert.deepEqual((await admin('GET', '/v1/lists/calleeWhitelist')).body.entries, [{ list: 'calleeWhitelist', number: '+8613855550002' }]);
});

test('limits: PATCH merges, null removes, an app sees its effective settings', async () => {
  const p = await freshApp(ctx.t);
  const base = `/v1/apps/${p.app.appKey}/limits`;
  await admin('PATCH', base, { appCalls: { max: 3, windowS: 60 }, internationalCallout: false });
  await admin('PATCH', base, { calleeFrequency: { max: 1, windowS: 3600 }, internationalCallout: null });
  const got = await admin('GET', base);
  assert.equal(got.status, 200);
  assert.deepEqual(got.body.settings, { appCalls: { max: 3, windowS: 60 }, calleeFrequency: { max: 1, windowS: 3600 } });
  assert.equal(got.body.effective.whitelistMode, false);
  assert.equal((await admin('DELETE', `${base}/quiet-hours`)).status, 200);
  assert.deepEqual((await admin('GET', '/v1/limits')).body.effective, undefined);
});

test('a list a page at a time: by number, nextAfter until the last page; a bad limit refused', async () => {
  const p = await freshApp(ctx.t);
  const base = `/v1/apps/${p.app.appKey}/lists/callerBlacklist`;
  for (const n of [3, 1, 5, 2, 4]) assert.equal((await admin('PUT', `${base}/+861385555000${n}`)).status, 201);
  const first = await admin('GET', `${base}?limit=2`);
  assert.deepEqual([first.body.entries.map((e: { number: string }) => e.number), first.body.nextAfter], [['+8613855550001', '+8613855550002'], '+8613855550002']);
  const second = await admin('GET', `${base}?limit=2&after=${encodeURIComponent(first.body.nextAfter)}`);
  assert.deepEqual(second.body.entries.map((e: { number: string }) => e.number), ['+8613855550003', '+8613855550004']);
  const last = await admin('GET', `${base}?limit=2&after=${encodeURIComponent(second.body.nextAfter)}`);
  assert.deepEqual([last.body.entries.map((e: { number: string }) => e.number), last.body.nextAfter], [['+8613855550005'], undefined]);
  assert.equal((await admin('GET', base)).body.entries.length, 5, 'without limit: every entry, as before');
  for (const bad of ['0', '501', 'x']) assert.equal((await admin('GET', `${base}?limit=${bad}`)).status, 400, bad);
});

test('bad input: unknown app, list, number, field, type; nothing written', async () => {
  const p = await freshApp(ctx.t);
  const cases: Array<[Parameters<typeof admin>, number, RegExp]> = [
    [['PUT', '/v1/apps/no-such-app/lists/calleeBlacklist/+8613855550003'], 404, /app no-such-app/],
    [['PATCH', '/v1/apps/no-such-app/limits', { appCalls: { max: 1, windowS: 60 } }], 404, /app no-such-app/],
    [['PUT', '/v1/lists/greylist/+8613855550003'], 400, /list/],
    [['PUT', '/v1/lists/calleeBlacklist/13855550003'], 400, /number/],
    [['PATCH', `/v1/apps/${p.app.appKey}/limits`, { appCalls: { max: '1', windowS: 60 } }], 400, /max/],
    [['PATCH', `/v1/apps/${p.app.appKey}/limits`, { appCalls: { max: 1, windowS: 0 } }], 400, /windowS/],
    [['PATCH', `/v1/apps/${p.app.appKey}/limits`, { apiRate: { max: 1, windowS: 30 } }], 400, /windowS/],
    [['PATCH', `/v1/apps/${p.app.appKey}/limits`, { callsPerDay: 5 }], 400, /callsPerDay|additional/],
    [['PUT', `/v1/apps/${p.app.appKey}/limits/quiet-hours`, { start: '25:00', end: '08:00' }], 400, /start/],
    [['PUT', `/v1/apps/${p.app.appKey}/limits/international`, { callin: 'no' }], 400, /callin/],
  ];
  for (const [args, status, message] of cases) {
    const res = await admin(...args);
    assert.equal(res.status, status, `${args[0]} ${args[1]}: ${JSON.stringify(res.body)}`);
    assert.match(res.body.error.message, message);
  }
  assert.deepEqual((await admin('GET', `/v1/apps/${p.app.appKey}/limits`)).body.settings, {});
  assert.deepEqual((await admin('GET', '/v1/lists')).body.entries.filter((e: { number: string }) => e.number === '+8613855550003'), []);
});
