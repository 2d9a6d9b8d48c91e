// The push routes of the management API over real HTTP: a call's pushes fail at a receiver that
// is down, the operator lists, inspects, exports and replays them; bad input is refused with VX.*.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { endpointId } from '../../src/domain/endpoint.js';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';
import { accepted, freshApp, type PolicyApp } from '../policy/helpers.js';
import { parseCsv } from './csv.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);
let down = true;
let p: PolicyApp;
let sessionId: string;
let hook: string;

const get = async (path: string) => {
  const res = await call('GET', path);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
};
const refused = async (method: string, path: string, status: number, code: string, body?: unknown, message?: RegExp) => {
  const res = await call(method, path, body);
  assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(res.body)}`);
  assert.equal(res.body.error.code, code);
  if (message) assert.match(res.body.error.message, message);
};

test('a call whose pushes all fail: listed, filtered, paged, shown with attempts', async () => {
  const { t, rx } = ctx;
  rx.respond((req) => (down && req.path === '/hook' ? { status: 503 } : { status: 200, body: '{"resultcode":"0"}' }));
  p = await freshApp(t);
  hook = `${rx.url}/hook`;
  // No retries: each push fails at its first attempt.
  const sub = await call('POST', `/v1/apps/${p.app.appKey}/subscriptions`, { url: hook, format: 'huawei', retrySchedule: [] });
  assert.equal(sub.status, 201, JSON.stringify(sub.body));
  const placed = await p.client.callNotify({ displayNbr: p.numbers[0]!, calleeNbr: '+8613900000001', playInfoList: [{ notifyVoice: 'welcome.wav' }] } as never);
  accepted(placed);
  sessionId = (placed.body as { sessionId: string }).sessionId;
  await t.run(40_000);
  await rx.until(() => rx.on('/hook').length >= 5);

  const failed = await get(`/v1/pushes?appKey=${p.app.appKey}&state=failed`);
  assert.equal(failed.pushes.length, 5);
  assert.equal(failed.nextCursor, undefined);
  assert.deepEqual(failed.pushes.map((x: any) => x.kind).sort(), ['record', 'status', 'status', 'status', 'status']);
  const created = failed.pushes.map((x: any) => Date.parse(x.createdAt));
  assert.deepEqual(created, [...created].sort((a, b) => b - a), 'newest first');
  assert.equal((await get(`/v1/pushes?appKey=${p.app.appKey}&kind=record`)).pushes.length, 1);
  assert.equal((await get(`/v1/pushes?sessionId=${encodeURIComponent(sessionId)}&format=huawei&state=failed`)).pushes.length, 5);
  assert.equal((await get(`/v1/pushes?endpoint=${endpointId(hook)}&state=failed`)).pushes.length, 5);
  assert.equal((await get(`/v1/pushes?endpoint=${encodeURIComponent(hook)}`)).pushes.length, 5);
  assert.equal((await get(`/v1/pushes?appKey=${p.app.appKey}&format=vsp`)).pushes.length, 0);
  const first = new Date(Math.min(...created)).toISOString();
  assert.equal((await get(`/v1/pushes?appKey=${p.app.appKey}&to=${first}`)).pushes.length, 0, 'to is exclusive');
  assert.equal((await get(`/v1/pushes?appKey=${p.app.appKey}&from=${first}`)).pushes.length, 5);

  // Pages of two follow each other without gaps or repeats.
  const seen: string[] = [];
  let cursor = '';
  for (let i = 0; i < 5; i++) {
    const page = await get(`/v1/pushes?appKey=${p.app.appKey}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    seen.push(...page.pushes.map((x: any) => x.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  assert.deepEqual(seen, failed.pushes.map((x: any) => x.id));

  const one = await get(`/v1/pushes/${failed.pushes[0].id}`);
  assert.equal(one.push.state, 'failed');
  assert.equal(one.push.endpointId, endpointId(hook));
  assert.equal(one.push.items.length, 1);
  assert.deepEqual(one.attempts.map((a: any) => [a.n, a.ok, a.httpStatus, a.errorClass]), [[1, false, 503, 'non_2xx']]);
});

test('export failed records as JSON Lines and CSV; mark makes them prunable', async () => {
  const { t } = ctx;
  // A failed CDR whose item needs every kind of CSV quoting.
  const tricky = { note: 'a,b "quoted"\r\nnext line', n: 1 };
  await t.platform.store.outbox.enqueue([{
    id: 'tricky-record', appKey: p.app.appKey, sessionId: 'sess-x', dialect: 'huawei', kind: 'record', url: hook, seq: 0,
    item: tricky, availableAt: t.clock.now() + 3_600_000, schedule: [], timeoutMs: 1000, createdAt: t.clock.now(),
  }]);
  const db = new Database(join(t.dataDir, 'voxcall.db'));
  db.prepare("UPDATE pushes SET state = 'failed', attempts = 1, last_error = 'refused, \"badly\"' WHERE id = 'tricky-record'").run();
  db.close();

  const jsonl = await call('GET', `/v1/exports/failed-records?appKey=${p.app.appKey}`);
  assert.equal(jsonl.status, 200);
  assert.match(String(jsonl.headers['content-disposition']), /^attachment; filename="failed-records-.*\.jsonl"$/);
  const lines = (typeof jsonl.body === 'string' ? jsonl.body : JSON.stringify(jsonl.body)).trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.pushId).sort(), [lines.find((l) => l.sessionId === sessionId).pushId, 'tricky-record'].sort());
  assert.deepEqual(lines.find((l) => l.pushId === 'tricky-record').items, [tricky]);
  assert.equal(lines[0].exportedAt, undefined);

  const csv = await call('GET', `/v1/exports/failed-records?appKey=${p.app.appKey}&format=csv&mark=true`);
  assert.equal(csv.status, 200);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  const rows = parseCsv(String(csv.body));
  assert.deepEqual(rows[0], ['pushId', 'appKey', 'sessionId', 'url', 'format', 'attempts', 'lastError', 'createdAt', 'exportedAt', 'itemIndex', 'item']);
  const trickyRow = rows.find((r) => r[0] === 'tricky-record')!;
  assert.equal(trickyRow[6], 'refused, "badly"');
  assert.deepEqual(JSON.parse(trickyRow[10]!), tricky);
  assert.equal(rows.length, 3);
  assert.ok(rows.slice(1).every((r) => r[8] !== ''), 'marked as exported');
  const again = await call('GET', `/v1/exports/failed-records?appKey=${p.app.appKey}&unexported=true`);
  assert.equal(String(again.body), '');
  await refused('GET', '/v1/exports/failed-records?format=xml', 400, 'VX.INVALID', undefined, /format/);
});

test('replay one push: the same message id again, the attempt history continues', async () => {
  const { t, rx } = ctx;
  const record = (await get(`/v1/pushes?sessionId=${encodeURIComponent(sessionId)}&kind=record`)).pushes[0];
  down = false;
  const before = rx.on('/hook').length;
  const res = await call('POST', `/v1/pushes/${record.id}/replay`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual([res.body.push.state, res.body.push.replays], ['queued', 1]);
  await t.run(1_000);
  await rx.until(() => rx.on('/hook').length === before + 1);
  const ids = rx.on('/hook').map((r) => r.headers['x-voxcall-message-id']).filter((id) => id === record.id);
  assert.equal(ids.length, 2, 'the receiver saw the same message id twice');
  const shown = await get(`/v1/pushes/${record.id}`);
  assert.equal(shown.push.state, 'delivered');
  assert.deepEqual(shown.attempts.map((a: any) => [a.n, a.ok]), [[1, false], [2, true]]);
  assert.equal(shown.push.lastError !== undefined, true, 'the last error stays in the history');
});

test('bulk replay by filter delivers a call\'s events again in order', async () => {
  const { t, rx } = ctx;
  await refused('POST', '/v1/pushes/replay', 400, 'VX.INVALID', {}, /"all": true/);
  await refused('POST', '/v1/pushes/replay', 400, 'VX.INVALID', { state: 'queued' }, /state/);
  await refused('POST', '/v1/pushes/replay', 400, 'VX.INVALID', { sessionId: 'x', bogus: 1 }, /bogus/);
  // The count an operator confirmed is checked: one more or one fewer replays nothing.
  await refused('POST', '/v1/pushes/replay', 409, 'VX.CONFLICT', { sessionId, kind: 'status', expectedCount: 3 }, /4 pushes match now, not the 3 confirmed/);
  const before = rx.on('/hook').length;
  const res = await call('POST', '/v1/pushes/replay', { sessionId, kind: 'status', expectedCount: 4 });
  assert.deepEqual(res.body, { matched: 4, replayed: 4 });
  for (let i = 0; i < 5; i++) await t.run(500);
  await rx.until(() => rx.on('/hook').length === before + 4);
  const types = rx.on('/hook').slice(before).map((r) => r.body.eventType);
  assert.deepEqual(types, ['callout', 'alerting', 'answer', 'disconnect']);
  assert.deepEqual((await call('POST', '/v1/pushes/replay', { sessionId, kind: 'status' })).body, { matched: 0, replayed: 0 }, 'failed only, by default');
});

test('refusals: merged, queued, unknown ids, bad filters and cursors', async () => {
  const { t } = ctx;
  const now = t.clock.now();
  const base = { appKey: p.app.appKey, sessionId: 'sess-m', dialect: 'huawei', kind: 'record' as const, url: hook, seq: 0, availableAt: now + 3_600_000, schedule: [], timeoutMs: 1000, createdAt: now };
  await t.platform.store.outbox.enqueue([{ ...base, id: 'carrier', item: 1 }, { ...base, id: 'rider', item: 2 }]);
  const db = new Database(join(t.dataDir, 'voxcall.db'));
  db.prepare("UPDATE pushes SET state = 'merged', merged_into = 'carrier' WHERE id = 'rider'").run();
  db.close();
  await refused('POST', '/v1/pushes/rider/replay', 409, 'VX.CONFLICT', undefined, /merged into push carrier.*replay carrier/);
  await refused('POST', '/v1/pushes/carrier/replay', 409, 'VX.CONFLICT', undefined, /queued already/);
  await refused('POST', '/v1/pushes/nope/replay', 404, 'VX.NOT_FOUND', undefined, /push nope/);
  await refused('GET', '/v1/pushes/nope', 404, 'VX.NOT_FOUND');
  await refused('GET', '/v1/pushes?limit=abc', 400, 'VX.INVALID', undefined, /limit/);
  await refused('GET', '/v1/pushes?limit=0', 400, 'VX.INVALID', undefined, /limit/);
  await refused('GET', '/v1/pushes?limit=501', 400, 'VX.INVALID', undefined, /limit/);
  await refused('GET', '/v1/pushes?cursor=garbage!', 400, 'VX.INVALID', undefined, /cursor/);
  await refused('GET', `/v1/pushes?cursor=${Buffer.from('x.y').toString('base64url')}`, 400, 'VX.INVALID', undefined, /cursor/);
  await refused('GET', '/v1/pushes?state=lost', 400, 'VX.INVALID', undefined, /state/);
  await refused('GET', '/v1/pushes?from=yesterday', 400, 'VX.INVALID', undefined, /from/);
  await refused('GET', '/v1/pushes?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 400, 'VX.INVALID', undefined, /later/);
  await refused('GET', '/v1/pushes?app=x', 400, 'VX.INVALID', undefined, /app is not a field/);
  await refused('GET', '/v1/pushes?endpoint=ep_0000000000000000', 404, 'VX.NOT_FOUND', undefined, /endpoint/);
  const res = await call('GET', '/v1/pushes', undefined, { token: 'wrong' });
  assert.deepEqual([res.status, res.body.error.code], [401, 'VX.UNAUTHORIZED']);
});
