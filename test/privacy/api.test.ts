// Privacy numbers on a running platform: pools on the management API (/v1/apps/:appKey/pools),
// bindings on the application API (AK/SK, /rest/voxcall/v1/bindings): bind, query, modify,
// unbind, idempotency, exhaustion (never a 500), bad input with nothing written, a number in use
// kept in its pool, expiry swept by the platform on its wall clock, and concurrent binds for the
// last X over HTTP.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { signedHeaders } from '../../src/client/sign.js';
import { ManualClock } from '../../src/lib/clock.js';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';

const wall = new ManualClock(Date.now());
const ctx = usePlatform({ wallClock: wall });
const manage = admin(() => ctx.t);
const BASE = '/rest/voxcall/v1/bindings';

interface Answer { status: number; body: any; text: string }

async function api(method: string, path: string, body?: unknown): Promise<Answer> {
  const { platform } = ctx.t;
  const headers: Record<string, string> = signedHeaders(platform.demo.appKey, platform.demo.appSecret, wall.now(), 'utc');
  if (body === undefined) delete headers['content-type'];
  const res = await request(platform.url + path, { method: method as 'GET', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.body.text();
  return { status: res.statusCode, body: JSON.parse(text), text };
}

const appKey = () => ctx.t.platform.demo.appKey;
const A = '+8613900000011';
const B = '+8613900000012';
const C = '+8613900000013';
let nextX = 100;

/** A pool of n fresh X numbers, given to the demo app first. */
async function pool(n: number, areaCode = '755'): Promise<{ id: string; xs: string[] }> {
  const created = await manage('POST', `/v1/apps/${appKey()}/pools`, { name: 'riders' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const xs: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = `+86755280${String(nextX++).padStart(5, '0')}`;
    assert.equal((await manage('POST', `/v1/apps/${appKey()}/numbers`, { number: x })).status, 201);
    const added = await manage('POST', `/v1/apps/${appKey()}/pools/${created.body.numberPoolNo}/numbers`, { number: x, areaCode });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    xs.push(x);
  }
  return { id: created.body.numberPoolNo as string, xs };
}

const bindOk = async (body: object) => {
  const r = await api('POST', BASE, body);
  assert.equal(r.status, 201, r.text);
  return r.body;
};

test('pools on the management API: create, numbers of the app only, once, listed with their load', async () => {
  const named = await manage('POST', `/v1/apps/${appKey()}/pools`, { numberPoolNo: 'NP-riders', name: 'riders' });
  assert.equal(named.status, 201);
  assert.deepEqual(named.body, { numberPoolNo: 'NP-riders', appKey: appKey(), name: 'riders', createdAt: new Date(wall.now()).toISOString(), numbers: [] });
  const again = await manage('POST', `/v1/apps/${appKey()}/pools`, { numberPoolNo: 'NP-riders' });
  assert.deepEqual([again.status, again.body.error.code, again.body.error.reason], [409, 'VX.CONFLICT', 'poolIdTaken']);
  const foreign = await manage('POST', `/v1/apps/${appKey()}/pools/NP-riders/numbers`, { number: '+8675528777777' });
  assert.deepEqual([foreign.status, foreign.body.error.reason], [400, 'notAppNumber']);
  const malformed = await manage('POST', `/v1/apps/${appKey()}/pools/NP-riders/numbers`, { number: '0755-1234' });
  assert.deepEqual([malformed.status, malformed.body.error.reason], [400, 'malformedNumber']);
  const badArea = await manage('POST', `/v1/apps/${appKey()}/pools/NP-riders/numbers`, { number: '+8675528000001', areaCode: 'SZ' });
  assert.deepEqual([badArea.status, badArea.body.error.reason], [400, 'invalid']);
  assert.equal((await manage('POST', `/v1/apps/${appKey()}/pools/NP-riders/numbers`, { number: '+8675528000001', areaCode: '755' })).status, 201);
  const twice = await manage('POST', `/v1/apps/${appKey()}/pools/NP-riders/numbers`, { number: '+8675528000001' });
  assert.deepEqual([twice.status, twice.body.error.reason], [409, 'numberTaken']);
  const noPool = await manage('POST', `/v1/apps/${appKey()}/pools/NP-none/numbers`, { number: '+8675528000002' });
  assert.deepEqual([noPool.status, noPool.body.error.code, noPool.body.error.reason], [404, 'VX.NOT_FOUND', 'poolNotFound']);
  const shown = await manage('GET', `/v1/apps/${appKey()}/pools/NP-riders`);
  assert.deepEqual(shown.body.numbers.map((n: any) => [n.number, n.areaCode, n.bindings]), [['+8675528000001', '755', 0]]);
  assert.ok((await manage('GET', `/v1/apps/${appKey()}/pools`)).body.pools.some((p: any) => p.numberPoolNo === 'NP-riders'));
  assert.equal((await manage('GET', '/v1/apps/no-such-app/pools')).status, 404);
  assert.equal((await manage('DELETE', `/v1/apps/${appKey()}/pools/NP-riders/numbers/%2B8675528000001`)).status, 204);
  assert.equal((await manage('DELETE', `/v1/apps/${appKey()}/pools/NP-riders`)).status, 204);
});

test('AXB: bind, query, list, modify without rebinding, unbind; the X carries its load in the pool', async () => {
  const p = await pool(1);
  const expireAt = new Date(wall.now() + 3_600_000).toISOString();
  const made = await bindOk({ numberPoolNo: p.id, phoneNoA: A, phoneNoB: B, expireAt, recordFlag: true, maxDuration: 30, callDisplayType: 1, userData: '{"orderId":"123456"}' });
  assert.equal(made.resultcode, '0');
  assert.equal(made.resultdesc, 'Success');
  assert.equal(made.phoneNoX, p.xs[0]);
  assert.match(made.subscriptionId, /^sub[0-9a-f]{24}$/);
  const now = new Date(wall.now()).toISOString();
  assert.deepEqual(made.binding, {
    subscriptionId: made.subscriptionId, numberPoolNo: p.id, bindType: 'AXB', phoneNoX: p.xs[0], phoneNoA: A, phoneNoB: B, state: 'active',
    expireAt, recordFlag: true, maxDuration: 30, callDisplayType: 1, userData: '{"orderId":"123456"}', createdAt: now, updatedAt: now,
  });
  const got = await api('GET', `${BASE}/${made.subscriptionId}`);
  assert.deepEqual(got.body.binding, made.binding);
  const listed = await api('GET', `${BASE}?numberPoolNo=${p.id}`);
  assert.deepEqual(listed.body.bindings.map((x: any) => x.subscriptionId), [made.subscriptionId]);
  assert.equal((await manage('GET', `/v1/apps/${appKey()}/pools/${p.id}`)).body.numbers[0].bindings, 1);
  // The operator sees the same binding.
  assert.equal((await manage('GET', `/v1/apps/${appKey()}/bindings/${made.subscriptionId}`)).body.binding.phoneNoB, B);

  await wall.advance(1000);
  const changed = await api('PUT', `${BASE}/${made.subscriptionId}`, { phoneNoB: C, expireAt: null, recordFlag: false });
  assert.equal(changed.status, 200, changed.text);
  assert.deepEqual([changed.body.binding.phoneNoX, changed.body.binding.phoneNoB, changed.body.binding.expireAt, changed.body.binding.recordFlag], [p.xs[0], C, undefined, false]);
  const same = await api('PUT', `${BASE}/${made.subscriptionId}`, { phoneNoB: A });
  assert.deepEqual([same.status, same.body.resultcode], [400, '1092008']);

  // A number carrying a binding stays in its pool.
  const keep = await manage('DELETE', `/v1/apps/${appKey()}/pools/${p.id}/numbers/${encodeURIComponent(p.xs[0]!)}`);
  assert.deepEqual([keep.status, keep.body.error.reason], [409, 'numberInUse']);
  assert.deepEqual((await manage('DELETE', `/v1/apps/${appKey()}/pools/${p.id}`)).body.error.reason, 'poolInUse');
  // An X routes its calls by their bindings: a flow route on it would never run, and is refused.
  const route = await manage('PUT', `/v1/apps/${appKey()}/numbers/${encodeURIComponent(p.xs[0]!)}/inbound`, { type: 'flow', flowId: 'menu' });
  assert.deepEqual([route.status, route.body.error.code], [400, 'VX.INVALID'], JSON.stringify(route.body));
  assert.match(route.body.error.message, /is an X of privacy pool/);
  // Nor can an X be taken from its app while it is in a pool: given to another app, its bindings would route that app's calls.
  const taken = await manage('DELETE', `/v1/apps/${appKey()}/numbers/${encodeURIComponent(p.xs[0]!)}`);
  assert.deepEqual([taken.status, taken.body.error.code], [409, 'VX.CONFLICT']);
  assert.match(taken.body.error.message, /remove it from the pool first/);

  const gone = await api('DELETE', `${BASE}/${made.subscriptionId}`);
  assert.deepEqual([gone.status, gone.body.binding.state], [200, 'unbound']);
  assert.equal((await api('GET', `${BASE}?numberPoolNo=${p.id}`)).body.bindings.length, 0);
  const late = await api('PUT', `${BASE}/${made.subscriptionId}`, { phoneNoB: B });
  assert.deepEqual([late.status, late.body.resultcode], [409, '1092006']);
  const none = await api('GET', `${BASE}/subnope`);
  assert.deepEqual([none.status, none.body.resultcode], [404, '1092005']);
  assert.equal((await manage('DELETE', `/v1/apps/${appKey()}/pools/${p.id}/numbers/${encodeURIComponent(p.xs[0]!)}`)).status, 204);
});

test('exhaustion: a pool with no X for the parties answers 1092002, never a 500; a named busy X 1092004', async () => {
  const p = await pool(1);
  await bindOk({ numberPoolNo: p.id, phoneNoA: A, phoneNoB: B });
  const full = await api('POST', BASE, { numberPoolNo: p.id, phoneNoA: A, phoneNoB: C });
  assert.deepEqual([full.status, full.body.resultcode], [409, '1092002']);
  assert.match(full.body.resultdesc, /No free number in the pool/);
  const busy = await api('POST', BASE, { numberPoolNo: p.id, phoneNoA: C, phoneNoB: B, phoneNoX: p.xs[0] });
  assert.deepEqual([busy.status, busy.body.resultcode], [409, '1092004']);
  const otherArea = await api('POST', BASE, { numberPoolNo: p.id, phoneNoA: '+8613900000031', phoneNoB: '+8613900000032', areaCode: '10' });
  assert.deepEqual([otherArea.status, otherArea.body.resultcode], [409, '1092002']);
  // Two new parties share the X.
  assert.equal((await bindOk({ numberPoolNo: p.id, phoneNoA: '+8613900000031', phoneNoB: '+8613900000032', areaCode: '755' })).phoneNoX, p.xs[0]);
  // An AX binding needs an X to itself.
  const ax = await api('POST', BASE, { numberPoolNo: p.id, bindType: 'AX', phoneNoA: '+8613900000041' });
  assert.deepEqual([ax.status, ax.body.resultcode], [409, '1092002']);
});

test('an X of the pool that is also A is never picked, so the binding can be modified; naming it is refused', async () => {
  const p = await pool(1);
  // A is a display number of the app in the pool too, and sorts before the other X.
  const selfX = '+8613900000001';
  assert.equal((await manage('POST', `/v1/apps/${appKey()}/numbers`, { number: selfX })).status, 201);
  assert.equal((await manage('POST', `/v1/apps/${appKey()}/pools/${p.id}/numbers`, { number: selfX, areaCode: '755' })).status, 201);
  const made = await bindOk({ numberPoolNo: p.id, phoneNoA: selfX, phoneNoB: B });
  assert.equal(made.phoneNoX, p.xs[0]);
  const moved = await api('PUT', `${BASE}/${made.subscriptionId as string}`, { phoneNoA: selfX, phoneNoB: C });
  assert.equal(moved.status, 200, moved.text);
  const named = await api('POST', BASE, { numberPoolNo: p.id, phoneNoA: '+8613900000051', phoneNoB: selfX, phoneNoX: selfX });
  assert.deepEqual([named.status, named.body.resultcode], [403, '1010002']);
  assert.match(named.body.resultdesc, /phoneNoX cannot be a party/);
});

test('idempotent by requestId: the same request answers the first binding (200), another request with it 1092011', async () => {
  const p = await pool(2);
  const body = { requestId: 'order-42', numberPoolNo: p.id, phoneNoA: A, phoneNoB: B, userData: 'x' };
  const first = await bindOk(body);
  const again = await api('POST', BASE, body);
  assert.equal(again.status, 200);
  assert.deepEqual([again.body.subscriptionId, again.body.repeated, first.repeated], [first.subscriptionId, true, false]);
  const reused = await api('POST', BASE, { ...body, phoneNoB: C });
  assert.deepEqual([reused.status, reused.body.resultcode], [409, '1092011']);
  assert.equal((await api('GET', `${BASE}?numberPoolNo=${p.id}`)).body.bindings.length, 1);
});

test('bad input: a clear code each, and nothing written', async () => {
  const p = await pool(1);
  const cases: Array<[object, number, string, RegExp]> = [
    [{ numberPoolNo: 'NP-unknown', phoneNoA: A, phoneNoB: B }, 404, '1092001', /no pool NP-unknown/],
    [{ numberPoolNo: p.id, phoneNoA: A, phoneNoB: A }, 400, '1092008', /both \+8613900000011/],
    [{ numberPoolNo: p.id, phoneNoA: '13900000011', phoneNoB: B }, 400, '1092009', /phoneNoA must be/],
    [{ numberPoolNo: p.id, phoneNoA: A, phoneNoB: '+86 139' }, 400, '1092009', /phoneNoB must be/],
    [{ numberPoolNo: p.id, phoneNoA: A, phoneNoB: B, expireAt: new Date(wall.now() - 1000).toISOString() }, 400, '1092010', /not in the future/],
    [{ numberPoolNo: p.id, phoneNoA: A, phoneNoB: B, expireAt: '2030-01-01 10:00' }, 403, '1010002', /ISO 8601/],
    [{ numberPoolNo: p.id, phoneNoA: A, phoneNoB: B, expireAt: '2030-02-30T10:00:00Z' }, 403, '1010002', /real ISO 8601/],
    [{ numberPoolNo: p.id, phoneNoA: A }, 403, '1010002', /phoneNoB is required/],
    [{ numberPoolNo: p.id, bindType: 'AX', phoneNoA: A, phoneNoB: B }, 403, '1010002', /AX binding has no phoneNoB/],
    [{ numberPoolNo: p.id, phoneNoA: A, phoneNoB: B, maxDuration: 5000 }, 403, '1010002', /maxDuration/],
    [{ numberPoolNo: p.id, phoneNoA: A, phoneNoB: B, callDisplayType: 3 }, 403, '1010002', /callDisplayType/],
    [{ numberPoolNo: p.id, phoneNoA: A, phoneNoB: B, userData: 'u'.repeat(2049) }, 403, '1010002', /userData/],
    [{ numberPoolNo: p.id, phoneNoA: A, phoneNoB: B, phoneNoX: '+8675528999999' }, 400, '1092003', /not an active number of pool/],
    [{ numberPoolNo: p.id, phoneNoA: A, phoneNoB: B, colour: 'red' }, 403, '1010002', /colour|additional/],
    [{ numberPoolNo: p.id, phoneNoA: 11, phoneNoB: B }, 403, '1010002', /phoneNoA/],
  ];
  for (const [body, status, code, text] of cases) {
    const r = await api('POST', BASE, body);
    assert.deepEqual([r.status, r.body.resultcode], [status, code], `${JSON.stringify(body).slice(0, 120)}: ${r.text}`);
    assert.match(r.body.resultdesc, text);
  }
  assert.equal((await api('GET', `${BASE}?numberPoolNo=${p.id}`)).body.bindings.length, 0);
  assert.equal((await manage('GET', `/v1/apps/${appKey()}/pools/${p.id}`)).body.numbers[0].bindings, 0);
});

test('expiry: an expired binding reads expired at once, the platform sweeps it, its X is free again', async () => {
  const p = await pool(1);
  const made = await bindOk({ numberPoolNo: p.id, phoneNoA: A, phoneNoB: B, expireAt: new Date(wall.now() + 60_000).toISOString() });
  await wall.advance(60_000);
  assert.equal((await api('GET', `${BASE}/${made.subscriptionId}`)).body.binding.state, 'expired');
  assert.equal((await api('GET', `${BASE}?numberPoolNo=${p.id}`)).body.bindings.length, 0);
  // The sweeper's round (every 30 s of the wall clock) ends it in the store.
  await wall.advance(30_000);
  await ctx.t.platform.settled();
  const swept = (await api('GET', `${BASE}/${made.subscriptionId}`)).body.binding;
  assert.equal(swept.state, 'expired');
  assert.ok(swept.endedAt);
  assert.equal((await bindOk({ numberPoolNo: p.id, phoneNoA: A, phoneNoB: B })).phoneNoX, p.xs[0]);
});

test('binds racing over HTTP for the last X: exactly one wins, the others answer 1092002', async () => {
  const p = await pool(1);
  const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => api('POST', BASE, { numberPoolNo: p.id, phoneNoA: A, phoneNoB: `+86139000002${String(i).padStart(2, '0')}` })));
  assert.equal(answers.filter((r) => r.status === 201).length, 1, answers.map((r) => r.text).join('\n'));
  assert.ok(answers.filter((r) => r.status !== 201).every((r) => r.status === 409 && r.body.resultcode === '1092002'));
});
