// Refusals that pass with time (docs/tasks.md, "Refusals that pass"): the app's ports all in use
// and its quiet hours refuse a task's rows for now, not for ever. No try is spent, the task
// holds instead of running through its rows, and every row is dialled once the condition lifts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request as send } from 'undici';
import type { NewTaskRow } from '../../src/store/types.js';
import { usePlatform } from '../helpers/platform.js';
import { ADMIN, HEADER, putTask, storeFlow, taskOf, watchCalls } from './task-dial-helpers.js';

const ctx = usePlatform({ env: { VOXCALL_ADMIN_TOKEN: ADMIN }, rules: [{ prefix: '', outcome: 'answer', answerAfter: 2, talk: 20 }] });
const row = (i: number): NewTaskRow => {
  const c = `+86138009${String(i).padStart(5, '0')}`;
  return { callee: c, values: [c, '3', 'gate', 'Li'] };
};

async function manage(method: 'PATCH' | 'PUT', path: string, body: unknown): Promise<void> {
  const res = await send(`${ctx.t.platform.url}/v1${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.ok(res.statusCode < 300, `${method} ${path}: ${res.statusCode} ${await res.body.text()}`);
}

test('ports all in use: rows wait for a free port, none ends 27, the concurrency above the quota is never reached', async () => {
  const { t } = ctx;
  const p = t.platform;
  await storeFlow(p);
  await manage('PATCH', `/apps/${p.demo.appKey}`, { portQuota: 2 });
  const watch = watchCalls(p, () => t.clock.now());
  await putTask(p, taskOf(p, { taskId: 'task-ports', state: 'running', concurrency: 4, cps: 5, retry: { maxTries: 1, intervalSeconds: 60, retryOn: [] } }), HEADER, [1, 2, 3, 4, 5, 6, 7, 8].map(row));
  for (let i = 0; i < 30 && (await p.store.tasks.get('task-ports'))?.state !== 'completed'; i++) await t.run(60_000);
  const rows = await p.store.tasks.rows('task-ports', 0, 10);
  assert.deepEqual(rows.map((r) => [r.state, r.tries, r.lastResult]), rows.map(() => ['done', 1, '0']), 'every row answered on its one try');
  assert.equal(watch.started.length, 8);
  assert.ok((watch.maxInFlight.get('task-ports') ?? 0) <= 2, `in flight ${watch.maxInFlight.get('task-ports')}`);
});

test('quiet hours: the task holds with its rows pending and no try spent, and dials them all once the hours end', async () => {
  const { t } = ctx;
  const p = t.platform;
  // Quiet all day, Beijing time: every admission is refused 1013121 until the setting goes.
  await manage('PATCH', `/apps/${p.demo.appKey}/limits`, { quietHours: { start: '00:00', end: '24:00' } });
  const watch = watchCalls(p, () => t.clock.now());
  await putTask(p, taskOf(p, { taskId: 'task-quiet', state: 'running', concurrency: 2, cps: 5, retry: { maxTries: 1, intervalSeconds: 60, retryOn: [] } }), HEADER, [11, 12, 13, 14].map(row));
  await t.run(10 * 60_000);
  assert.equal(watch.started.filter((s) => s.call.plan.kind === 'flow' && s.call.plan.task?.taskId === 'task-quiet').length, 0);
  const held = await p.store.tasks.rows('task-quiet', 0, 10);
  assert.deepEqual(held.map((r) => [r.state, r.tries]), held.map(() => ['pending', 0]), 'nothing dialled, no try spent');
  assert.equal((await p.store.tasks.get('task-quiet'))?.state, 'running');
  for (const r of held) assert.deepEqual(await p.store.tasks.tries('task-quiet', r.rowIndex), []);

  await manage('PATCH', `/apps/${p.demo.appKey}/limits`, { quietHours: null });
  for (let i = 0; i < 30 && (await p.store.tasks.get('task-quiet'))?.state !== 'completed'; i++) await t.run(60_000);
  const rows = await p.store.tasks.rows('task-quiet', 0, 10);
  assert.deepEqual(rows.map((r) => [r.state, r.tries, r.lastResult]), rows.map(() => ['done', 1, '0']));
});
