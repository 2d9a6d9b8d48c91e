// A node that dies with task rows dialling (docs/tasks.md, "Crash rules"): the node that adopts
// its calls also takes over the rows it claimed and records each as an interrupted try (28),
// retried by the task's policy, so a node that never comes back leaves no row dialling for ever.
// The dead node is a second store on the platform's SQLite file with its own node id; the live
// platform's wall clock is a ManualClock, so the timeout passes without waiting.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Task } from '../../src/domain/task.js';
import { ManualClock } from '../../src/lib/clock.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { startTestPlatform } from '../helpers/platform.js';

const TIMEOUT_S = 15;
const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

test('the rows a dead node left dialling are settled by the node that adopts it, once', { skip: process.env.VOXCALL_TEST_STORE === 'postgres' ? 'a second node on the SQLite file' : undefined }, async () => {
  const wall = new ManualClock(Date.now());
  const b = await startTestPlatform({ wallClock: wall, env: { VOXCALL_NODE_ID: 'node-b', VOXCALL_NODE_TIMEOUT_S: String(TIMEOUT_S) } });
  cleanups.push(() => b.close());
  const dead = createSqliteStore(join(b.dataDir, 'voxcall.db'), { nodeId: 'node-dead' });
  cleanups.push(() => dead.close());

  const now = b.clock.now();
  const task: Task = {
    taskId: 'task-dead', appKey: b.platform.demo.appKey, name: 'dead node', flowId: 'parcel', flowVersion: 1, displayNumbers: b.platform.demo.displayNumbers,
    timeZone: 'Asia/Shanghai', windows: [], forbiddenDates: [], concurrency: 4, cps: 2,
    retry: { maxTries: 2, intervalSeconds: 60, retryOn: ['28'] }, state: 'running', rowCount: 0, createdAt: now, updatedAt: now,
  };
  await dead.tasks.create(task);
  assert.ok((await dead.tasks.beginUpload(task.taskId, 'u1', ['callee'], now, 60_000)).ok);
  await dead.tasks.stageRows(task.taskId, 'u1', ['+8613900000001', '+8613900000002', '+8613900000003'].map((c) => ({ callee: c, values: [c] })), 2, now, 60_000);
  await dead.tasks.finishUpload(task.taskId, 'u1', ['callee'], now);
  // The dead node claimed two rows, then died; the task is paused so that node b dials nothing itself.
  assert.equal((await dead.tasks.claimDueRows(task.taskId, now, 2)).length, 2);
  await dead.tasks.setState(task.taskId, { state: 'running' }, { state: 'paused', pausedBy: 'user' }, now);
  await dead.nodes.heartbeat({ id: 'node-dead', role: 'all', hostName: 'h', startedAt: wall.now(), heartbeatAt: wall.now() });

  const rowStates = async () => (await b.platform.store.tasks.rows(task.taskId, 0, 10)).map((r) => [r.rowIndex, r.state, r.tries, r.lastResult ?? null]);
  await b.platform.cluster.beat();
  assert.deepEqual(await rowStates(), [[1, 'dialling', 1, null], [2, 'dialling', 1, null], [3, 'pending', 0, null]], 'alive: untouched');

  await wall.advance(TIMEOUT_S * 1000 + 1000);
  await b.platform.cluster.beat();
  assert.deepEqual(await rowStates(), [[1, 'pending', 1, '28'], [2, 'pending', 1, '28'], [3, 'pending', 0, null]]);
  const retryAt = (await b.platform.store.tasks.row(task.taskId, 1))?.nextAt;
  assert.equal(retryAt, b.clock.now() + 60_000, 'retried after the interval, on the dialler\'s clock');
  assert.deepEqual((await b.platform.store.tasks.tries(task.taskId, 2)).map((t) => [t.try, t.result]), [[1, '28']]);
  assert.deepEqual((await b.platform.store.nodes.list()).map((n) => n.id), ['node-b'], 'the dead node\'s row is gone');

  await b.platform.cluster.beat();
  assert.deepEqual((await b.platform.store.tasks.tries(task.taskId, 1)).map((t) => [t.try, t.result]), [[1, '28']], 'recorded once');
});
