// Tasks run stored dialogue flows: a task is refused for a flow the app does not have, or a CSV
// header that lacks a variable the flow reads; a task holds the flow's version it was created
// with, so the flow cannot be deleted under it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usePlatform } from '../helpers/platform.js';
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
});
