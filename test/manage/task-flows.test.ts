// Tasks run stored dialogue flows: a task is refused for a flow the app does not have, or a CSV
// header that lacks a variable the flow reads; a task holds the flow's version it was created
// with, so the flow cannot be deleted under it until the task is deleted.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usePlatform } from '../helpers/platform.js';
import { docsExample } from '../calls/flow-example.js';
import { admin } from './helpers.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);
const app = () => ctx.t.platform.demo.appKey;
const flow = { start: 'hi', nodes: [{ id: 'hi', type: 'say', text: 'Hello ${name}, your parcel is at ${place}.', next: 'bye' }, { id: 'bye', type: 'hangup' }] };

test('a task takes a stored flow: its variables checked, its version held against deletion', async () => {
  const made = await call('POST', `/v1/apps/${app()}/flows`, { id: 'parcel', name: 'parcel', flow });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const none = await call('POST', `/v1/apps/${app()}/tasks`, { flowId: 'no-such-flow', displayNumbers: ['+8675528000001'] });
  assert.deepEqual([none.status, none.body.error.reason], [400, 'flowNotFound']);

  const task = await call('POST', `/v1/apps/${app()}/tasks`, { flowId: 'parcel', displayNumbers: ['+8675528000001'] });
  assert.equal(task.status, 201, JSON.stringify(task.body));
  assert.equal(task.body.task.flowVersion, 1, 'the newest version, pinned');
  const id = task.body.task.taskId as string;

  const lacking = await call('POST', `/v1/apps/${app()}/tasks/${id}/upload`, undefined, { raw: Buffer.from('callee,name\n+8613900000001,Ann\n'), contentType: 'text/csv' });
  assert.equal(lacking.status, 400, JSON.stringify(lacking.body));
  assert.match(lacking.body.error.message, /place/);
  const good = await call('POST', `/v1/apps/${app()}/tasks/${id}/upload`, undefined, { raw: Buffer.from('callee,name,place\n+8613900000001,Ann,Gate 3\n'), contentType: 'text/csv' });
  assert.deepEqual([good.status, good.body.added], [200, 1]);

  const del = await call('DELETE', `/v1/apps/${app()}/flows/parcel`);
  assert.equal(del.status, 409, JSON.stringify(del.body));
  assert.equal(del.body.error.code, 'VX.FLOW_IN_USE');
  assert.match(JSON.stringify(del.body), new RegExp(id));

  // A task that runs cannot be deleted; cancelled, it goes with its rows, and its flow is free.
  assert.equal((await call('POST', `/v1/apps/${app()}/tasks/${id}/start`)).status, 200);
  const running = await call('DELETE', `/v1/apps/${app()}/tasks/${id}`);
  assert.deepEqual([running.status, running.body.error.reason], [409, 'illegalTransition'], JSON.stringify(running.body));
  assert.match(running.body.error.message, /cannot delete a running task: cancel it first/);
  assert.equal((await call('POST', `/v1/apps/${app()}/tasks/${id}/cancel`)).status, 200);
  const gone = await call('DELETE', `/v1/apps/${app()}/tasks/${id}`);
  assert.deepEqual([gone.status, gone.body], [200, { deleted: id }]);
  assert.equal((await call('GET', `/v1/apps/${app()}/tasks/${id}`)).status, 404);
  assert.deepEqual(await ctx.t.platform.store.tasks.rows(id, 0, 10), [], 'its rows are gone');
  assert.equal((await call('DELETE', `/v1/apps/${app()}/tasks/${id}`)).status, 404, 'twice: no such task');
  assert.equal((await call('DELETE', `/v1/apps/${app()}/flows/parcel`)).status, 204, 'the flow is no longer held');
});

test("a row whose value does not fit where the flow reads it (its template variable's type or length, a spoken text's limit) is refused as too_long or bad_value, naming the node", async () => {
  const made = await call('POST', `/v1/apps/${app()}/flows`, { id: 'docs-parcel', name: 'parcel', flow: docsExample() });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const task = await call('POST', `/v1/apps/${app()}/tasks`, { flowId: 'docs-parcel', displayNumbers: ['+8675528000001'] });
  const id = task.body.task.taskId as string;
  // count fills ${NUM_2} of test_template (at most 2 digits), place ${TXT_32}, name is spoken in the menu's text.
  const rows = [
    ['+8613900000001', '3', 'Gate 3', 'Ann'],
    ['+8613900000002', '123', 'Gate 3', 'Ann'],
    ['+8613900000003', 'x', 'Gate 3', 'Ann'],
    ['+8613900000004', '3', 'G'.repeat(33), 'Ann'],
    ['+8613900000005', '3', 'Gate 3', 'A'.repeat(65)],
  ];
  const res = await call('POST', `/v1/apps/${app()}/tasks/${id}/rows`, { header: ['callee', 'count', 'place', 'name'], rows });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual([res.body.added, res.body.refused.map((r: { index: number; reason: string }) => [r.index, r.reason])], [1, [[2, 'too_long'], [3, 'bad_value'], [4, 'too_long'], [5, 'too_long']]]);
  assert.match(res.body.refused[0].detail, /NUM_2.*node "notice"/);
  assert.match(res.body.refused[3].detail, /node "menu"/);
});
