// Helpers of the dialler's end-to-end tests: a task written straight to the store (the APIs that
// create one have their own tests; the dialler starts from the store), the docs' two-level DTMF
// flow stored through the management API, and a watch on the engine's call events that counts
// calls in flight and starts per second per task.

import assert from 'node:assert/strict';
import { request } from 'undici';
import type { Call } from '../../src/domain/call.js';
import type { Task } from '../../src/domain/task.js';
import type { Platform } from '../../src/platform/platform.js';
import type { NewTaskRow } from '../../src/store/types.js';
import { docsExample } from '../calls/flow-example.js';

export const ADMIN = 'dialler-e2e-admin-token';
export const HEADER = ['callee', 'count', 'place', 'name'];

export async function storeFlow(platform: Platform, id = 'parcel'): Promise<void> {
  const res = await request(`${platform.url}/v1/apps/${platform.demo.appKey}/flows`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ flow: docsExample(), id, name: 'Parcel notice' }),
  });
  assert.equal(res.statusCode, 201, await res.body.text());
}

export function taskOf(platform: Platform, over: Partial<Task>): Task {
  const now = Date.UTC(2026, 10, 23, 2, 0, 0);
  return {
    taskId: 'task-e2e', appKey: platform.demo.appKey, name: 'e2e', flowId: 'parcel', flowVersion: 1, displayNumbers: platform.demo.displayNumbers,
    timeZone: 'Asia/Shanghai', windows: [], forbiddenDates: [], concurrency: 4, cps: 2,
    retry: { maxTries: 2, intervalSeconds: 60, retryOn: ['-1', '2', '3', '4', '5', '20', '22', '26', '28'] },
    state: 'draft', rowCount: 0, createdAt: now, updatedAt: now, ...over,
  };
}

/** Stores the task (as given, any state) with its rows. */
export async function putTask(platform: Platform, task: Task, header: string[], rows: NewTaskRow[]): Promise<void> {
  const repo = platform.store.tasks;
  await repo.create(task);
  const begun = await repo.beginUpload(task.taskId, 'up1', header, task.createdAt, 60_000);
  assert.ok(begun.ok, JSON.stringify(begun));
  const staged = await repo.stageRows(task.taskId, 'up1', rows, task.retry.maxTries, task.createdAt, 60_000);
  assert.deepEqual(staged?.duplicates, []);
  assert.ok(await repo.finishUpload(task.taskId, 'up1', header, task.createdAt));
}

export interface Started {
  call: Call;
  at: number;
}

/** Every task call the engine starts, and per task the most calls in flight and starts within one second seen. */
export function watchCalls(platform: Platform, now: () => number) {
  const started: Started[] = [];
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  const maxPerSecond = new Map<string, number>();
  const taskOfCall = (c: Call) => (c.plan.kind === 'flow' ? c.plan.task?.taskId : undefined);
  platform.engine.on('started', (call) => {
    const taskId = taskOfCall(call);
    if (!taskId) return;
    const at = now();
    started.push({ call, at });
    const n = (inFlight.get(taskId) ?? 0) + 1;
    inFlight.set(taskId, n);
    maxInFlight.set(taskId, Math.max(n, maxInFlight.get(taskId) ?? 0));
    const lastSecond = started.filter((s) => taskOfCall(s.call) === taskId && s.at > at - 1000).length;
    maxPerSecond.set(taskId, Math.max(lastSecond, maxPerSecond.get(taskId) ?? 0));
  });
  platform.engine.on('ended', (call) => {
    const taskId = taskOfCall(call);
    if (taskId) inFlight.set(taskId, (inFlight.get(taskId) ?? 1) - 1);
  });
  return { started, maxInFlight, maxPerSecond };
}

/**
 * The mixed callee population of the dialler's end-to-end tests: a simulated-network rule per
 * number prefix, the `task_result` each row ends with and its tag, and whether the task's retry
 * policy dials it again (then it takes every try the task allows).
 */
export const CALLEE_GROUPS = [
  { prefix: '+86138001', rule: { outcome: 'answer', answerAfter: 2, talk: 120, digits: ['1', '2'] }, result: '0', retried: false, tag: 'confirmed' },
  { prefix: '+86138002', rule: { outcome: 'answer', answerAfter: 2, talk: 120, digits: ['2'] }, result: '0', retried: false, tag: 'agent' },
  { prefix: '+86138003', rule: { outcome: 'answer', answerAfter: 2, talk: 300 }, result: '0', retried: false, tag: 'no_input' },
  { prefix: '+86138004', rule: { outcome: 'busy' }, result: '5', retried: true },
  { prefix: '+86138005', rule: { outcome: 'no_answer' }, result: '20', retried: true },
  { prefix: '+86138006', rule: { outcome: 'vacant' }, result: '6', retried: false },
] as const;

/** The groups with the tries each row takes under a task of `maxTries`. */
export const calleeGroups = (maxTries: number) => CALLEE_GROUPS.map((g) => ({ ...g, tries: g.retried ? maxTries : 1 }));
