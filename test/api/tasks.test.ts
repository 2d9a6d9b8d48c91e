// Outbound call tasks on the application API (AK/SK, /rest/voxcall/v1/tasks) of a running
// platform: create, rows as JSON and CSV, paging, the lifecycle actions and their refusals,
// export, rerun, another app's task, and a 50 MB upload refused without being buffered.

import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { request } from 'undici';
import { signedHeaders } from '../../src/client/sign.js';
import { usePlatform } from '../helpers/platform.js';
import { fakeFlows } from '../tasks/fake-flows.js';

const ctx = usePlatform({ flows: fakeFlows });
const BASE = '/rest/voxcall/v1/tasks';

interface Answer { status: number; body: any; text: string; headers: Record<string, unknown> }

async function api(method: string, path: string, body?: unknown, opts: { csv?: string | Readable; length?: number; as?: { appKey: string; appSecret: string }; unsigned?: boolean } = {}): Promise<Answer> {
  const { platform, wall } = ctx.t;
  const who = opts.as ?? platform.demo;
  const headers: Record<string, string> = opts.unsigned ? {} : signedHeaders(who.appKey, who.appSecret, wall.now(), 'utc');
  let payload: string | Readable | undefined;
  if (opts.csv !== undefined) {
    headers['content-type'] = 'text/csv';
    payload = opts.csv;
    if (opts.length !== undefined) headers['content-length'] = String(opts.length);
  } else if (body !== undefined) payload = JSON.stringify(body);
  else delete headers['content-type'];
  const res = await request(platform.url + path, { method: method as 'GET', headers, body: payload });
  const text = await res.body.text();
  let parsed: unknown;
  try { parsed = JSON.parse(text); } catch { parsed = undefined; }
  return { status: res.statusCode, body: parsed, text, headers: res.headers };
}

const NUM = '+8675528000001';
const callee = (i: number) => `+86139${String(i).padStart(8, '0')}`;
const create = async (over: object = {}) => {
  const res = await api('POST', BASE, { flowId: 'greet', displayNumbers: [NUM], ...over });
  assert.equal(res.status, 201, res.text);
  return res.body.task as { taskId: string; state: string };
};

test('create, read, list: a draft with its settings and counters', async () => {
  const res = await api('POST', BASE, {
    name: 'reminders', flowId: 'greet', displayNumbers: [NUM, '+8675528000002'], timeZone: 'Asia/Shanghai',
    windows: [{ day: 1, from: '09:00', to: '18:00' }], forbiddenDates: ['2026-12-25'], cps: 20, retry: { maxTries: 2, intervalSeconds: 300 },
    startAt: '2026-12-01T09:00:00+08:00',
  });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.resultcode, '0');
  const task = res.body.task;
  assert.deepEqual([task.name, task.state, task.cps, task.concurrency, task.retry.maxTries, task.startAt], ['reminders', 'draft', 20, 10, 2, '2026-12-01T01:00:00.000Z']);
  assert.deepEqual(task.counters, { total: 0, dialled: 0, answered: 0, byResult: {}, remaining: 0, retryPending: 0, dialling: 0 });
  const got = await api('GET', `${BASE}/${task.taskId}`);
  assert.equal(got.body.task.taskId, task.taskId);
  // Newest first by creation time (the platform's clock, which only the test moves).
  await ctx.t.run(1000);
  const second = await create();
  const page = await api('GET', `${BASE}?limit=1`);
  assert.deepEqual(page.body.tasks.map((t: any) => t.taskId), [second.taskId]);
  const next = await api('GET', `${BASE}?limit=1&cursor=${page.body.nextCursor}`);
  assert.deepEqual(next.body.tasks.map((t: any) => t.taskId), [task.taskId]);
});

test('refusals of a create: a number not the app\'s, no such flow, a bad field, no authentication', async () => {
  const foreign = await api('POST', BASE, { flowId: 'greet', displayNumbers: ['+8675528777777'] });
  assert.deepEqual([foreign.status, foreign.body.resultcode], [403, '1010023']);
  assert.match(foreign.body.resultdesc, /\+8675528777777/);
  const noFlow = await api('POST', BASE, { flowId: 'missing', displayNumbers: [NUM] });
  assert.deepEqual([noFlow.status, noFlow.body.resultcode], [400, '1090002']);
  const bad = await api('POST', BASE, { flowId: 'greet', displayNumbers: [NUM], cps: 500 });
  assert.deepEqual([bad.status, bad.body.resultcode], [403, '1010002']);
  assert.match(bad.body.resultdesc, /cps must be a whole number from 1 to 200/);
  const unknownField = await api('POST', BASE, { flowId: 'greet', displayNumbers: [NUM], colour: 'red' });
  assert.equal(unknownField.body.resultcode, '1010002');
  const anon = await api('GET', BASE, undefined, { unsigned: true });
  assert.deepEqual([anon.status, anon.body.resultcode], [400, '1023006']);
});

test('rows as JSON and CSV, refused rows by index, paging, and a task of another app answered as missing', async () => {
  const task = await create();
  const json = await api('POST', `${BASE}/${task.taskId}/rows`, { header: ['callee', 'name'], rows: [[callee(1), 'Ann'], ['bad', 'Bob'], [callee(1), 'Ann'], [callee(2), '']] });
  assert.equal(json.status, 200, json.text);
  assert.deepEqual([json.body.added, json.body.rowCount, json.body.refusedCount], [1, 1, 3]);
  assert.deepEqual(json.body.refused.map((r: any) => [r.index, r.reason]), [[2, 'bad_number'], [3, 'duplicate'], [4, 'missing_variable']]);
  const csv = await api('POST', `${BASE}/${task.taskId}/upload`, undefined, { csv: `\uFEFFcallee,name\r\n${callee(3)},"Lee, Chen"\r\n${callee(4)},Max\r\n${callee(5)},Ng\r\n` });
  assert.equal(csv.status, 200, csv.text);
  assert.deepEqual([csv.body.added, csv.body.rowCount], [3, 4]);
  const missing = await api('POST', `${BASE}/${task.taskId}/upload`, undefined, { csv: `callee,city\r\n${callee(6)},x\r\n` });
  assert.deepEqual([missing.status, missing.body.resultcode], [400, '1090007'], 'the header must be the task\'s');
  const page = await api('GET', `${BASE}/${task.taskId}/rows?limit=2`);
  assert.deepEqual(page.body.header, ['callee', 'name']);
  assert.deepEqual(page.body.rows.map((r: any) => [r.rowIndex, r.values[1], r.state]), [[1, 'Ann', 'pending'], [2, 'Lee, Chen', 'pending']]);
  const rest = await api('GET', `${BASE}/${task.taskId}/rows?limit=2&after=${page.body.nextAfter}`);
  assert.deepEqual(rest.body.rows.map((r: any) => r.rowIndex), [3, 4]);

  const other = await ctx.t.platform.store.apps.get(ctx.t.platform.demo.appKey);
  await ctx.t.platform.store.apps.put({ ...other!, appKey: 'other-app', appSecret: 'other-secret-0123456789', name: 'other' });
  const foreign = await api('GET', `${BASE}/${task.taskId}`, undefined, { as: { appKey: 'other-app', appSecret: 'other-secret-0123456789' } });
  assert.deepEqual([foreign.status, foreign.body.resultcode], [404, '1090001']);
});

test('a missing flow variable in the header is refused naming it, with nothing kept', async () => {
  const task = await create();
  const res = await api('POST', `${BASE}/${task.taskId}/upload`, undefined, { csv: `callee,city\r\n${callee(1)},x\r\n` });
  assert.deepEqual([res.status, res.body.resultcode], [400, '1090008']);
  assert.match(res.body.resultdesc, /variable name/);
  assert.equal((await api('GET', `${BASE}/${task.taskId}`)).body.task.counters.total, 0);
});

test('lifecycle: start, pause, resume, cancel; illegal transitions refused with 1090003; no rows, 1090005', async () => {
  const empty = await create();
  const noRows = await api('POST', `${BASE}/${empty.taskId}/start`);
  assert.deepEqual([noRows.status, noRows.body.resultcode], [409, '1090005']);
  const task = await create();
  await api('POST', `${BASE}/${task.taskId}/rows`, { header: ['callee', 'name'], rows: [[callee(1), 'a']] });
  const started = await api('POST', `${BASE}/${task.taskId}/start`);
  assert.equal(started.body.task.state, 'running', started.text);
  const again = await api('POST', `${BASE}/${task.taskId}/start`);
  assert.deepEqual([again.status, again.body.resultcode], [409, '1090003']);
  assert.match(again.body.resultdesc, /cannot start a running task/);
  const paused = await api('POST', `${BASE}/${task.taskId}/pause`);
  assert.deepEqual([paused.body.task.state, paused.body.task.pausedBy], ['paused', 'user']);
  assert.equal((await api('POST', `${BASE}/${task.taskId}/resume`)).body.task.state, 'running');
  assert.equal((await api('POST', `${BASE}/${task.taskId}/rerun`)).body.resultcode, '1090003', 'rerun is for a completed task');
  assert.equal((await api('POST', `${BASE}/${task.taskId}/cancel`)).body.task.state, 'cancelled');
  const closed = await api('POST', `${BASE}/${task.taskId}/rows`, { header: ['callee', 'name'], rows: [[callee(2), 'b']] });
  assert.deepEqual([closed.status, closed.body.resultcode], [409, '1090006']);
});

test('export (CSV and JSON Lines) and rerun of a completed task\'s retryable failures', async () => {
  const task = await create();
  await api('POST', `${BASE}/${task.taskId}/rows`, { header: ['callee', 'name'], rows: [[callee(1), '=cmd'], [callee(2), 'b'], [callee(3), 'c']] });
  await api('POST', `${BASE}/${task.taskId}/start`);
  // The dialler's part, done here through the store: three tries, then the task completes.
  const repo = ctx.t.platform.store.tasks;
  const now = ctx.t.wall.now();
  const rows = await repo.claimDueRows(task.taskId, now, 10);
  assert.equal(rows.length, 3);
  await repo.recordTry(task.taskId, 1, 1, { result: '0', sessionId: 'sess-1', tag: 'agreed' }, undefined, now);
  await repo.recordTry(task.taskId, 2, 1, { result: '5', sessionId: 'sess-2' }, undefined, now);
  await repo.recordTry(task.taskId, 3, 1, { result: '6', sessionId: 'sess-3' }, undefined, now);
  await repo.setState(task.taskId, { state: 'running' }, { state: 'completed' }, now);
  const view = (await api('GET', `${BASE}/${task.taskId}`)).body.task;
  assert.deepEqual(view.counters, { total: 3, dialled: 3, answered: 1, byResult: { 0: 1, 5: 1, 6: 1 }, remaining: 0, retryPending: 0, dialling: 0 });

  const csv = await api('GET', `${BASE}/${task.taskId}/export`);
  assert.equal(csv.status, 200);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  const lines = csv.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  assert.deepEqual(lines, [
    'callee,name,row_index,state,tries,last_result,last_result_desc,last_session_id,tag',
    `'${callee(1)},'=cmd,1,done,1,0,成功,sess-1,agreed`,
    `'${callee(2)},b,2,done,1,5,用户正忙,sess-2,`,
    `'${callee(3)},c,3,done,1,6,空号,sess-3,`,
  ]);
  const jsonl = await api('GET', `${BASE}/${task.taskId}/export?format=jsonl`);
  const records = jsonl.text.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(records[0], { taskId: task.taskId, rowIndex: 1, values: { callee: callee(1), name: '=cmd' }, state: 'done', tries: 1, lastResult: '0', lastResultDesc: '成功', lastSessionId: 'sess-1', tag: 'agreed' });

  const rerun = await api('POST', `${BASE}/${task.taskId}/rerun`);
  assert.equal(rerun.status, 200, rerun.text);
  assert.deepEqual([rerun.body.task.state, rerun.body.requeued, rerun.body.task.counters.remaining], ['running', 1, 1]);
  const later = ctx.t.wall.now();
  const [again] = await repo.claimDueRows(task.taskId, later, 10);
  assert.deepEqual([again?.rowIndex, again?.try], [2, 2], 'only the busy row was queued again');
  await repo.recordTry(task.taskId, 2, 2, { result: '0' }, undefined, later);
  await repo.setState(task.taskId, { state: 'running' }, { state: 'completed' }, later);
  const nothing = await api('POST', `${BASE}/${task.taskId}/rerun`);
  assert.deepEqual([nothing.status, nothing.body.resultcode], [409, '1090004']);
});

test('a 50 MB upload is refused (by its length, or as it streams) and nothing is kept', async () => {
  const task = await create({ flowId: 'plain' });
  const FIFTY_MB = 50 * 1024 * 1024;
  // Rows of 415 bytes (one callee again and again: refused as duplicates, never stored).
  const chunks = function* (total: number) {
    yield Buffer.from('callee,note\r\n');
    const line = Buffer.from(`${callee(1)},${'n'.repeat(398)}\r\n`.repeat(128));
    for (let sent = 0; sent < total; sent += line.length) yield line;
  };
  const declared = await api('POST', `${BASE}/${task.taskId}/upload`, undefined, { csv: Readable.from(chunks(FIFTY_MB)), length: 13 + Math.ceil(FIFTY_MB / (415 * 128)) * 415 * 128 });
  assert.deepEqual([declared.status, declared.body?.resultcode], [413, '1090011'], declared.text);
  // Streamed without a length: refused once the limit is passed (duplicates on the way are refused rows, never stored twice).
  const streamed = await api('POST', `${BASE}/${task.taskId}/upload`, undefined, { csv: Readable.from(chunks(FIFTY_MB)) });
  assert.deepEqual([streamed.status, streamed.body?.resultcode], [413, '1090011'], streamed.text);
  assert.match(streamed.body.resultdesc, /larger than 33554432 bytes/);
  // To a task that does not exist: refused at once, the body read and dropped.
  const nowhere = await api('POST', `${BASE}/0123456789abcdef/upload`, undefined, { csv: Readable.from(chunks(8 * 1024 * 1024)) });
  assert.deepEqual([nowhere.status, nowhere.body?.resultcode], [404, '1090001'], nowhere.text);
  const after = (await api('GET', `${BASE}/${task.taskId}`)).body.task;
  assert.deepEqual([after.rowCount, after.counters.total], [0, 0]);
});
