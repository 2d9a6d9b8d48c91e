// Outbound call tasks on the management API (/v1/apps/:appKey/tasks): the operator's side of the
// same operations, refusals as VX codes with the task code's name as `reason`.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usePlatform } from '../helpers/platform.js';
import { fakeFlows } from '../tasks/fake-flows.js';
import { admin } from './helpers.js';

const ctx = usePlatform({ flows: fakeFlows });
const call = admin(() => ctx.t);
const base = () => `/v1/apps/${ctx.t.platform.demo.appKey}/tasks`;
const callee = (i: number) => `+86139${String(i).padStart(8, '0')}`;

test('an operator creates a task, uploads CSV, starts, pauses, cancels, and exports it', async () => {
  const created = await call('POST', base(), { name: 'ops', flowId: 'greet', displayNumbers: ['+8675528000001'], windows: [{ day: 6, from: '22:00', to: '02:00' }] });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.task.taskId as string;
  assert.equal(created.body.resultcode, undefined, 'management answers carry no resultcode');
  const upload = await call('POST', `${base()}/${id}/upload`, undefined, { raw: Buffer.from(`callee,name\n${callee(1)},Ann\n${callee(2)},\nbad,x\n`), contentType: 'text/csv' });
  assert.equal(upload.status, 200, JSON.stringify(upload.body));
  assert.deepEqual([upload.body.added, upload.body.refused.map((r: any) => r.reason)], [1, ['missing_variable', 'bad_number']]);
  assert.equal((await call('POST', `${base()}/${id}/start`)).body.task.state, 'running');
  assert.deepEqual((await call('POST', `${base()}/${id}/pause`)).body.task.pausedBy, 'user');
  const illegal = await call('POST', `${base()}/${id}/rerun`);
  assert.equal(illegal.status, 409);
  assert.deepEqual(illegal.body.error.code, 'VX.CONFLICT');
  assert.equal(illegal.body.error.reason, 'illegalTransition');
  assert.match(illegal.body.error.message, /cannot rerun a paused task/);
  assert.equal((await call('POST', `${base()}/${id}/cancel`)).body.task.state, 'cancelled');
  const shown = await call('GET', `${base()}/${id}`);
  assert.deepEqual([shown.body.task.state, shown.body.task.counters.total, shown.body.task.windows], ['cancelled', 1, [{ day: 6, from: '22:00', to: '02:00' }]]);
  const listed = await call('GET', base());
  assert.ok(listed.body.tasks.some((t: any) => t.taskId === id));
  const rows = await call('GET', `${base()}/${id}/rows`);
  assert.deepEqual(rows.body.rows.map((r: any) => r.callee), [callee(1)]);
  const exported = await call('GET', `${base()}/${id}/export?format=jsonl`);
  assert.equal(exported.status, 200);
  assert.match(String(exported.headers['content-type']), /application\/x-ndjson/);
  assert.equal((exported.body as any).values.name, 'Ann', 'one line: parsed as one object');
});

test('refusals: unknown app or task, a bad field, a missing variable, the wrong media type', async () => {
  const noApp = await call('GET', '/v1/apps/nope/tasks');
  assert.deepEqual([noApp.status, noApp.body.error.code], [404, 'VX.NOT_FOUND']);
  const noTask = await call('GET', `${base()}/nope`);
  assert.deepEqual([noTask.status, noTask.body.error.code, noTask.body.error.reason], [404, 'VX.NOT_FOUND', 'notFound']);
  const bad = await call('POST', base(), { flowId: 'greet', displayNumbers: ['+8675528000001'], timeZone: 'Nowhere/City' });
  assert.deepEqual([bad.status, bad.body.error.code, bad.body.error.reason], [400, 'VX.INVALID', 'invalid']);
  assert.match(bad.body.error.message, /timeZone "Nowhere\/City"/);
  const created = await call('POST', base(), { flowId: 'greet', displayNumbers: ['+8675528000001'] });
  const id = created.body.task.taskId as string;
  const missing = await call('POST', `${base()}/${id}/rows`, { header: ['callee'], rows: [[callee(1)]] });
  assert.deepEqual([missing.status, missing.body.error.reason], [400, 'missingVariable']);
  assert.match(missing.body.error.message, /name/);
  const wrongType = await call('POST', `${base()}/${id}/upload`, undefined, { raw: Buffer.from('callee\n'), contentType: 'application/pdf' });
  assert.deepEqual([wrongType.status, wrongType.body.error.code], [415, 'VX.UNSUPPORTED_MEDIA_TYPE']);
  const malformed = await call('POST', `${base()}/${id}/upload`, undefined, { raw: Buffer.from(`callee,name\n"${callee(1)},x\n`), contentType: 'text/csv' });
  assert.deepEqual([malformed.status, malformed.body.error.reason], [400, 'malformedCsv']);
  const noToken = await call('GET', base(), undefined, { token: null });
  assert.equal(noToken.status, 401);
});
