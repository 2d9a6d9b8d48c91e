// /v1/apps/:appKey/flows and /v1/flows/validate: create, versions, show, list, delete, and every
// refusal, each with its code (and, for a flow that does not validate, every error with its node).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usePlatform } from '../helpers/platform.js';
import { EXAMPLE_FLOW, example } from '../flows/example.js';
import { admin } from './helpers.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);
const demo = () => ctx.t.platform.demo.appKey;
const flowsOf = (appKey = demo()) => `/v1/apps/${appKey}/flows`;

test('create, show, new version, versions, show an older version, delete', async () => {
  const created = await call('POST', flowsOf(), { id: 'parcel', name: 'Parcel notice', note: 'first cut', flow: EXAMPLE_FLOW });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual({ ...created.body, createdAt: undefined, versionCreatedAt: undefined }, {
    id: 'parcel', appKey: demo(), name: 'Parcel notice', version: 1, note: 'first cut', createdAt: undefined, versionCreatedAt: undefined,
    variables: ['count', 'place', 'name'], uses: [], flow: EXAMPLE_FLOW,
  });
  assert.match(created.body.createdAt, /^\d{4}-\d\d-\d\dT/);

  const shorter = example();
  shorter.nodes = shorter.nodes.filter((n) => n.id !== 'hello');
  shorter.start = 'notice';
  const v2 = await call('POST', `${flowsOf()}/parcel/versions`, { flow: shorter, note: 'no jingle', expectedVersion: 1 });
  assert.equal(v2.status, 201, JSON.stringify(v2.body));
  assert.deepEqual([v2.body.version, v2.body.note, v2.body.flow.start], [2, 'no jingle', 'notice']);

  assert.equal((await call('GET', `${flowsOf()}/parcel`)).body.version, 2);
  const v1 = await call('GET', `${flowsOf()}/parcel?version=1`);
  assert.deepEqual([v1.status, v1.body.version, v1.body.flow], [200, 1, EXAMPLE_FLOW]);
  const versions = await call('GET', `${flowsOf()}/parcel/versions`);
  assert.deepEqual(versions.body.versions.map((v: any) => [v.version, v.note]), [[2, 'no jingle'], [1, 'first cut']]);

  const stale = await call('POST', `${flowsOf()}/parcel/versions`, { flow: EXAMPLE_FLOW, expectedVersion: 1 });
  assert.deepEqual([stale.status, stale.body.error.code], [409, 'VX.CONFLICT']);
  assert.match(stale.body.error.message, /newest version of flow parcel is 2/);

  assert.equal((await call('DELETE', `${flowsOf()}/parcel`)).status, 204);
  const gone = await call('GET', `${flowsOf()}/parcel`);
  assert.deepEqual([gone.status, gone.body.error.code], [404, 'VX.NOT_FOUND']);
});

test('an id is generated when none is given; list pages oldest first', async () => {
  const app = (await call('POST', '/v1/apps', { name: 'flow-lister' })).body.appKey as string;
  const simple = { start: 'a', nodes: [{ id: 'a', type: 'say', text: 'hi' }] };
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await call('POST', flowsOf(app), { flow: simple });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.match(r.body.id, /^flw_[0-9a-f]{12}$/);
    assert.equal(r.body.name, r.body.id);
    ids.push(r.body.id);
  }
  const first = await call('GET', `${flowsOf(app)}?limit=2`);
  assert.equal(first.status, 200);
  assert.equal(first.body.flows.length, 2);
  assert.deepEqual(Object.keys(first.body.flows[0]).sort(), ['createdAt', 'id', 'name', 'updatedAt', 'uses', 'version']);
  const second = await call('GET', `${flowsOf(app)}?limit=2&cursor=${first.body.nextCursor}`);
  assert.equal(second.body.nextCursor, undefined);
  assert.deepEqual([...first.body.flows, ...second.body.flows].map((f: any) => f.id).sort(), ids.sort());
  assert.deepEqual((await call('GET', `${flowsOf(app)}?limit=0`)).body.error.code, 'VX.INVALID');
  assert.deepEqual((await call('GET', `${flowsOf(app)}?cursor=nope!`)).body.error.code, 'VX.INVALID');
});

test('a flow that does not validate is refused with every error, each naming its node; nothing is stored', async () => {
  const bad = example() as any;
  bad.nodes[2].maxDigits = 99;
  bad.nodes[2].branches['3'] = 'nowhere';
  bad.nodes.push({ id: 'orphan', type: 'hangup' });
  const r = await call('POST', flowsOf(), { id: 'broken', flow: bad });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'VX.FLOW_INVALID');
  assert.deepEqual(r.body.error.errors.map((e: any) => [e.code, e.node, e.path]), [
    ['bad_value', 'menu', '/nodes/2/maxDigits'],
    ['missing_node', 'menu', '/nodes/2/branches/3'],
    ['unreachable', 'orphan', '/nodes/13'],
  ]);
  assert.equal(r.body.error.errorCount, 3);
  assert.match(r.body.error.message, /^the flow has 3 error\(s\): node "menu" at \/nodes\/2\/maxDigits: must be a whole number 1 to 32/);
  assert.equal((await call('GET', `${flowsOf()}/broken`)).status, 404);
});

test("a flow naming media the app does not have, or has not approved, is refused with the app's errors", async () => {
  const app = (await call('POST', '/v1/apps', { name: 'no-media' })).body.appKey as string;
  await call('POST', `/v1/apps/${app}/templates`, { id: 'pending_tpl', content: '您好${TXT_8}' });
  const f = example() as any;
  f.nodes[0].file = 'missing.wav';
  f.nodes[1].template = 'pending_tpl';
  f.nodes[8].callerId = '+8675528000001';
  const r = await call('POST', flowsOf(app), { id: 'x', flow: f });
  assert.equal(r.body.error.code, 'VX.FLOW_INVALID');
  assert.deepEqual(r.body.error.errors.map((e: any) => `${e.code} ${e.node}`), [
    'unknown_voice_file hello', 'template_not_approved notice', 'unknown_number transfer', 'recording_disabled transfer',
  ]);
  const check = await call('POST', '/v1/flows/validate', { appKey: app, flow: f });
  assert.deepEqual([check.status, check.body.valid, check.body.errorCount, check.body.variables], [200, false, 4, ['count', 'place', 'name']]);
});

test('every other refusal: unknown app or flow, taken id, bad fields, a version that does not validate, too large', async () => {
  const code = async (method: string, path: string, body?: unknown) => {
    const r = await call(method, path, body);
    return `${r.status} ${r.body?.error?.code}`;
  };
  assert.equal(await code('POST', flowsOf('ghost'), { flow: EXAMPLE_FLOW }), '404 VX.NOT_FOUND');
  assert.equal(await code('GET', flowsOf('ghost')), '404 VX.NOT_FOUND');
  assert.equal(await code('POST', flowsOf(), { id: 'taken', flow: EXAMPLE_FLOW }), '201 undefined');
  assert.equal(await code('POST', flowsOf(), { id: 'taken', flow: EXAMPLE_FLOW }), '409 VX.CONFLICT');
  assert.equal(await code('POST', flowsOf(), { id: 'has space', flow: EXAMPLE_FLOW }), '400 VX.INVALID');
  assert.equal(await code('POST', flowsOf(), { flow: EXAMPLE_FLOW, extra: 1 }), '400 VX.INVALID');
  assert.equal(await code('POST', flowsOf(), { id: 'noflow' }), '400 VX.INVALID');
  assert.equal(await code('POST', flowsOf(), { id: 'nulls', flow: null }), '400 VX.FLOW_INVALID');
  assert.equal(await code('GET', `${flowsOf()}/nope`), '404 VX.NOT_FOUND');
  assert.equal(await code('GET', `${flowsOf()}/taken?version=7`), '404 VX.NOT_FOUND');
  assert.equal(await code('GET', `${flowsOf()}/taken?version=abc`), '400 VX.INVALID');
  assert.equal(await code('GET', `${flowsOf()}/nope/versions`), '404 VX.NOT_FOUND');
  assert.equal(await code('POST', `${flowsOf()}/nope/versions`, { flow: EXAMPLE_FLOW }), '404 VX.NOT_FOUND');
  assert.equal(await code('POST', `${flowsOf()}/taken/versions`, { flow: { start: 'x', nodes: [] } }), '400 VX.FLOW_INVALID');
  assert.equal((await call('GET', `${flowsOf()}/taken`)).body.version, 1, 'a refused version stores nothing');
  assert.equal(await code('DELETE', `${flowsOf()}/nope`), '404 VX.NOT_FOUND');
  assert.equal(await code('POST', '/v1/flows/validate', { appKey: 'ghost', flow: EXAMPLE_FLOW }), '404 VX.NOT_FOUND');

  // Over the flow's own 64 KiB: the validator's list; over the route's 256 KiB: a bare VX.TOO_LARGE.
  const big = { start: 'a', nodes: Array.from({ length: 150 }, (_, i) => ({ id: `n${i}`, type: 'say', text: 'x'.repeat(500), ...(i < 149 ? { next: `n${i + 1}` } : {}) })) };
  const r = await call('POST', flowsOf(), { flow: big });
  assert.deepEqual([r.status, r.body.error.code, r.body.error.errors[0].code], [400, 'VX.FLOW_INVALID', 'too_large']);
  const huge = await call('POST', flowsOf(), { flow: { ...big, description: 'y'.repeat(300_000) } });
  assert.deepEqual([huge.status, huge.body.error.code], [413, 'VX.TOO_LARGE']);
  // Nested deeper than JSON.stringify recurses: a refusal, not a fault.
  const deep = await call('POST', flowsOf(), undefined, { raw: Buffer.from(`{"flow":{"start":"a","nodes":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`), contentType: 'application/json' });
  assert.deepEqual([deep.status, deep.body.error.code], [400, 'VX.FLOW_INVALID'], JSON.stringify(deep.body).slice(0, 300));
});

test('a flow an inbound route names cannot be deleted: the refusal names the number', async () => {
  await call('POST', flowsOf(), { id: 'routed', flow: EXAMPLE_FLOW });
  const number = '+8675528000001';
  const at = Date.UTC(2026, 10, 25);
  const routes = ctx.t.platform.store.inboundRoutes;
  assert.equal(await routes.put({ number, appKey: demo(), action: { type: 'flow', flowId: 'routed' }, createdAt: at, updatedAt: at }), true);
  const refused = await call('DELETE', `${flowsOf()}/routed`);
  assert.deepEqual([refused.status, refused.body.error.code], [409, 'VX.FLOW_IN_USE']);
  assert.match(refused.body.error.message, /used by 1 thing: the inbound route of \+8675528000001 \(version 1\); give those numbers another route/);
  assert.equal(refused.body.error.uses[0].kind, 'inbound_route');
  await routes.delete(demo(), number);
  assert.equal((await call('DELETE', `${flowsOf()}/routed`)).status, 204);
});

test('a used flow cannot be deleted (VX.FLOW_IN_USE lists the uses); released, it can', async () => {
  await call('POST', flowsOf(), { id: 'held', flow: EXAMPLE_FLOW });
  const since = Date.UTC(2026, 10, 25);
  assert.equal(await ctx.t.platform.store.flows.use(demo(), 'held', { kind: 'task', id: 'task_1', version: 1, since }), 'added');
  const shown = await call('GET', `${flowsOf()}/held`);
  assert.deepEqual(shown.body.uses, [{ kind: 'task', id: 'task_1', version: 1, since: new Date(since).toISOString() }]);
  const refused = await call('DELETE', `${flowsOf()}/held`);
  assert.deepEqual([refused.status, refused.body.error.code], [409, 'VX.FLOW_IN_USE']);
  assert.match(refused.body.error.message, /used by 1 thing: task task_1 \(version 1\)/);
  assert.deepEqual(refused.body.error.uses, shown.body.uses);
  assert.equal((await call('GET', flowsOf())).body.flows.find((f: any) => f.id === 'held').uses, 1);
  await ctx.t.platform.store.flows.release(demo(), 'held', 'task', 'task_1');
  assert.equal((await call('DELETE', `${flowsOf()}/held`)).status, 204);
});

test('validate without storing: the errors, or the variables a task row must provide', async () => {
  const ok = await call('POST', '/v1/flows/validate', { flow: EXAMPLE_FLOW });
  assert.deepEqual(ok.body, { valid: true, errors: [], errorCount: 0, variables: ['count', 'place', 'name'] });
  const withApp = await call('POST', '/v1/flows/validate', { appKey: demo(), flow: EXAMPLE_FLOW });
  assert.equal(withApp.body.valid, true, JSON.stringify(withApp.body));
  const bad = await call('POST', '/v1/flows/validate', { flow: { start: 'a', nodes: [{ id: 'a', type: 'dance' }] } });
  assert.deepEqual([bad.status, bad.body.valid, bad.body.errors[0].code, bad.body.errors[0].node], [200, false, 'unknown_type', 'a']);
  const listed = (await call('GET', `${flowsOf()}`)).body.flows.map((f: any) => f.id);
  assert.ok(!listed.includes('a'), 'nothing stored');
});

test('the OpenAPI document has the flows routes', async () => {
  const doc = (await call('GET', '/docs/json', undefined, { token: null })).body;
  for (const path of ['/v1/apps/{appKey}/flows', '/v1/apps/{appKey}/flows/{id}', '/v1/apps/{appKey}/flows/{id}/versions', '/v1/flows/validate']) {
    assert.ok(doc.paths[path], path);
  }
});
