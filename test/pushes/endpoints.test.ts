// Endpoints on the management API: listed once pushes went to them; paused, their pushes stay
// queued; resumed, they are delivered (in order). Unknown ids are 404.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endpointId } from '../../src/domain/endpoint.js';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';
import { accepted, freshApp, notify } from '../policy/helpers.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);

test('pause keeps an endpoint\'s pushes queued; resume delivers them in order', async () => {
  const { t, rx } = ctx;
  const p = await freshApp(t);
  const url = `${rx.url}/ep`;
  const id = endpointId(url);
  assert.equal((await call('POST', `/v1/apps/${p.app.appKey}/subscriptions`, { url, format: 'huawei', receives: 'status' })).status, 201);
  accepted(await notify(p, { calleeNbr: '+8613900000001' }));
  await t.run(40_000);
  await rx.until(() => rx.on('/ep').length === 4);

  const listed = await call('GET', '/v1/endpoints');
  assert.equal(listed.status, 200);
  assert.ok(listed.body.endpoints.some((e: any) => e.id === id && e.url === url && e.paused === false));
  assert.equal((await call('GET', `/v1/endpoints/${id}`)).body.endpoint.url, url);
  assert.equal((await call('GET', `/v1/endpoints/${encodeURIComponent(url)}`)).body.endpoint.id, id, 'by URL too');

  const paused = await call('POST', `/v1/endpoints/${id}/pause`, { reason: 'receiver migration' });
  assert.equal(paused.status, 200, JSON.stringify(paused.body));
  assert.deepEqual([paused.body.endpoint.paused, paused.body.endpoint.pausedReason], [true, 'receiver migration']);

  accepted(await notify(p, { calleeNbr: '+8613900000001' }));
  await t.run(40_000);
  assert.equal(rx.on('/ep').length, 4, 'nothing sent while paused');
  const queued = await call('GET', `/v1/pushes?endpoint=${id}&state=queued`);
  assert.equal(queued.body.pushes.length, 4, 'kept queued');

  const resumed = await call('POST', `/v1/endpoints/${id}/resume`);
  assert.equal(resumed.body.endpoint.paused, false);
  assert.equal(resumed.body.endpoint.pausedReason, undefined);
  await t.run(2_000);
  await rx.until(() => rx.on('/ep').length === 8);
  assert.deepEqual(rx.on('/ep').slice(4).map((r) => r.body.eventType), ['callout', 'alerting', 'answer', 'disconnect']);
});

test('unknown endpoints are 404; a URL not seen yet may be paused ahead; bad bodies are refused', async () => {
  for (const [method, path] of [['GET', '/v1/endpoints/ep_0000000000000000'], ['POST', '/v1/endpoints/ep_0000000000000000/resume'], ['POST', '/v1/endpoints/ep_0000000000000000/pause']] as const) {
    const res = await call(method, path, method === 'POST' ? {} : undefined);
    assert.deepEqual([res.status, res.body.error.code], [404, 'VX.NOT_FOUND'], path);
    assert.match(res.body.error.message, /endpoint ep_0000000000000000 does not exist/);
  }
  const ahead = 'https://later.example.com/hook';
  const res = await call('POST', `/v1/endpoints/${encodeURIComponent(ahead)}/pause`, {});
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual([res.body.endpoint.id, res.body.endpoint.paused, res.body.endpoint.pausedReason], [endpointId(ahead), true, 'paused by an operator']);
  const bad = await call('POST', `/v1/endpoints/${endpointId(ahead)}/pause`, { reason: 42 });
  assert.deepEqual([bad.status, bad.body.error.code], [400, 'VX.INVALID']);
  const extra = await call('POST', `/v1/endpoints/${endpointId(ahead)}/pause`, { why: 'x' });
  assert.match(extra.body.error.message, /why is not a field/);
});

test('the endpoints list pages with limit and nextCursor, oldest first; a bad cursor or limit is 400', async () => {
  // Paused ahead: each call creates the endpoint's row, one clock tick apart or not.
  const urls = ['a', 'b', 'c', 'd', 'e'].map((x) => `http://page-${x}.example/hook`);
  for (const url of urls) assert.equal((await call('POST', `/v1/endpoints/${encodeURIComponent(url)}/pause`, {})).status, 200);
  const all = (await call('GET', '/v1/endpoints?limit=500')).body;
  assert.equal(all.nextCursor, undefined, 'a page that is not full has no next');
  const ids: string[] = all.endpoints.map((e: any) => e.id);
  for (const url of urls) assert.ok(ids.includes(endpointId(url)));
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await call('GET', `/v1/endpoints?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(page.status, 200, `${cursor} ${JSON.stringify(page.body)}`);
    assert.ok(page.body.endpoints.length <= 2);
    seen.push(...page.body.endpoints.map((e: any) => e.id));
    cursor = page.body.nextCursor;
    pages++;
  } while (cursor !== undefined);
  assert.deepEqual(seen, ids, 'the pages together are the whole list, in its order');
  assert.equal(pages, Math.floor(ids.length / 2) + 1);
  assert.equal((await call('GET', '/v1/endpoints?cursor=nope!')).status, 400);
  assert.equal((await call('GET', '/v1/endpoints?limit=0')).status, 400);
  assert.equal((await call('GET', '/v1/endpoints?limit=501')).status, 400);
});
