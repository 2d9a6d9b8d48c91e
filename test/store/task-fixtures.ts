// A task and its rows as the task store tests set them up (tasks-repo, tasks-release,
// tasks-claim-limits, task-status-pushes): one shape, so that a field added to Task is added once.

import assert from 'node:assert/strict';
import type { Task } from '../../src/domain/task.js';
import type { NewTaskRow, TaskRepo } from '../../src/store/types.js';

export const T0 = Date.UTC(2026, 10, 25, 2, 0, 0);
export const HEADER = ['callee', 'name'];
const LEASE = 60_000;

export function sampleTask(over: Partial<Task> = {}): Task {
  return {
    taskId: 'task1', appKey: 'app1', name: 'sample', flowId: 'flow1', displayNumbers: ['+8675528000001'],
    timeZone: 'Asia/Shanghai', windows: [], forbiddenDates: [], concurrency: 10, cps: 5,
    retry: { maxTries: 3, intervalSeconds: 600, retryOn: ['5', '20', '28'] },
    state: 'draft', rowCount: 0, createdAt: T0, updatedAt: T0, ...over,
  };
}

/** Rows from..from+n-1 of the HEADER: a callee and a name. */
export const rowsOf = (from: number, n: number): NewTaskRow[] =>
  Array.from({ length: n }, (_, i) => ({ callee: `+86139${String(from + i).padStart(8, '0')}`, values: [`+86139${String(from + i).padStart(8, '0')}`, `v${from + i}`] }));

/** One whole upload of the rows (begin, stage, finish), asserted to succeed. */
export async function upload(repo: TaskRepo, taskId: string, rows: NewTaskRow[], now = T0, maxTries = 3): Promise<{ added: number; rowCount: number }> {
  const id = `up-${now}-${rows.length}`;
  const begun = await repo.beginUpload(taskId, id, HEADER, now, LEASE);
  assert.ok(begun.ok, JSON.stringify(begun));
  assert.ok(await repo.stageRows(taskId, id, rows, maxTries, now, LEASE));
  const done = await repo.finishUpload(taskId, id, HEADER, now);
  assert.ok(done);
  return done;
}
