// Task-status pushes end to end (docs/push-formats.md, "voxcall: task status"): a small task
// created, filled and driven through the management API, dialled on the simulated network with a
// manual clock; a real receiver on 127.0.0.1 gets one signed voxcall push per state change, in
// order, with the counters of that moment: the user's start, pause, resume, rerun and cancel, the
// dialler's begin at startAt and its finish when every row is final. A vsp subscription of the
// same app gets the task's calls and no task event.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request as send } from 'undici';
import { WebhookVerifier } from '../../src/client/index.js';
import { ManualClock } from '../../src/lib/clock.js';
import { decodePush, type DecodedTaskStatus } from '../../src/push/dialects/decode/index.js';
import { usePlatform } from '../helpers/platform.js';
import { ADMIN, HEADER, storeFlow } from './task-dial-helpers.js';

const rules = [
  { prefix: '+86138001', outcome: 'answer' as const, answerAfter: 2, talk: 120, digits: ['1', '2'] },
  { prefix: '+86138004', outcome: 'busy' as const },
];
// The service decides on the wall clock, the dialler on the call clock: both start at the same
// instant here, so a startAt a minute ahead is ahead for both.
const wall = new ManualClock(Date.UTC(2026, 10, 23, 2, 0, 0));
const ctx = usePlatform({ env: { VOXCALL_ADMIN_TOKEN: ADMIN }, rules: rules as never, wallClock: wall });

interface TaskPush { type: string; id: string; taskId: string; seq: number; state: string; pausedBy?: string; previousState: string; action: string; reason: string; counters: Record<string, unknown>; at: string; subscriptionId: string }

test('a task run to completion, re-run and another cancelled: one signed voxcall push per state change, in order', async () => {
  const { t, rx } = ctx;
  const p = t.platform;
  const app = p.demo.appKey;
  const vox = await request(p, 'POST', `/apps/${app}/subscriptions`, { url: `${rx.url}/voxcall`, format: 'voxcall', secret: true });
  assert.equal(vox.status, 201, JSON.stringify(vox.body));
  assert.equal((await request(p, 'POST', `/apps/${app}/subscriptions`, { url: `${rx.url}/vsp`, format: 'vsp', receives: 'status' })).status, 201);
  await storeFlow(p);

  const startAt = new Date(t.clock.now() + 60_000).toISOString();
  const created = await request(p, 'POST', `/apps/${app}/tasks`, {
    name: 'status demo', flowId: 'parcel', displayNumbers: p.demo.displayNumbers, startAt, concurrency: 3, cps: 3,
    retry: { maxTries: 1, intervalSeconds: 60, retryOn: ['5'] },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const taskId = created.body.task.taskId as string;
  const rows = ['+8613800100001', '+8613800100002', '+8613800400001'].map((c) => [c, '3', 'gate', 'Li']);
  assert.equal((await request(p, 'POST', `/apps/${app}/tasks/${taskId}/rows`, { header: HEADER, rows })).body.added, 3);
  const act = async (action: string, state: string) => {
    const res = await request(p, 'POST', `/apps/${app}/tasks/${taskId}/${action}`, {});
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.task.state, state);
  };
  await act('start', 'scheduled');
  await act('pause', 'paused');
  await act('resume', 'scheduled');
  const state = async () => (await p.store.tasks.get(taskId))?.state;
  // startAt comes: the dialler begins the task and dials the three rows; the busy one is not retried.
  for (let i = 0; i < 20 && (await state()) !== 'completed'; i++) await t.run(60_000);
  assert.equal(await state(), 'completed');
  await act('rerun', 'running');
  for (let i = 0; i < 20 && (await state()) !== 'completed'; i++) await t.run(60_000);
  assert.equal(await state(), 'completed');

  const other = await request(p, 'POST', `/apps/${app}/tasks`, { name: 'never run', flowId: 'parcel', displayNumbers: p.demo.displayNumbers });
  const otherId = other.body.task.taskId as string;
  assert.equal((await request(p, 'POST', `/apps/${app}/tasks/${otherId}/cancel`, {})).body.task.state, 'cancelled');

  const ofTask = (id: string) => rx.on('/voxcall').map((q) => q.body as TaskPush).filter((b) => b.taskId === id);
  await rx.until(() => ofTask(taskId).length >= 7 && ofTask(otherId).length >= 1);
  const got = ofTask(taskId);
  assert.deepEqual(got.map((b) => [b.seq, b.previousState, b.state, b.pausedBy, b.action, b.reason]), [
    [1, 'draft', 'scheduled', undefined, 'start', 'user'],
    [2, 'scheduled', 'paused', 'user', 'pause', 'user'],
    [3, 'paused', 'scheduled', undefined, 'resume', 'user'],
    [4, 'scheduled', 'running', undefined, 'begin', 'startAt'],
    [5, 'running', 'completed', undefined, 'finish', 'allRowsFinal'],
    [6, 'completed', 'running', undefined, 'rerun', 'user'],
    [7, 'running', 'completed', undefined, 'finish', 'allRowsFinal'],
  ]);
  for (const b of got) assert.deepEqual([b.type, b.id, b.subscriptionId], ['task.status', `${taskId}.${b.seq}`, vox.body.subscription.id]);
  // Every push decodes as voxcall's format; its time is the change's as stored (the task's updatedAt).
  const decoded = rx.on('/voxcall').map((q) => decodePush('voxcall', q.raw).items[0] as DecodedTaskStatus).filter((d) => d.taskId === taskId);
  assert.deepEqual(decoded.map((d) => d.seq), [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(decoded[6]!.at, (await p.store.tasks.get(taskId))?.updatedAt);
  assert.deepEqual(got[0]!.counters, { total: 3, dialled: 0, answered: 0, byResult: {}, remaining: 3, retryPending: 0, dialling: 0 });
  assert.deepEqual(got[4]!.counters, { total: 3, dialled: 3, answered: 2, byResult: { 0: 2, 5: 1 }, remaining: 0, retryPending: 0, dialling: 0 });
  assert.deepEqual([got[5]!.counters.remaining, got[5]!.counters.answered], [1, 2], 'the rerun queued the busy row again');
  assert.deepEqual(got[6]!.counters, got[4]!.counters);
  // The counters pushed are those the API answers.
  const shown = await request(p, 'GET', `/apps/${app}/tasks/${taskId}`, undefined);
  assert.deepEqual(shown.body.task.counters, got[6]!.counters);
  assert.deepEqual(ofTask(otherId).map((b) => [b.seq, b.previousState, b.state, b.action, b.reason, b.counters.total]), [[1, 'draft', 'cancelled', 'cancel', 'user', 0]]);

  // Signed with the subscription's secret (Standard Webhooks), one push per event.
  const verifier = new WebhookVerifier({ secret: vox.body.secret as string, clock: wall });
  for (const q of rx.on('/voxcall')) assert.equal(verifier.verify(q.headers, q.raw).ok, true);
  assert.equal(rx.on('/voxcall').length, 8, 'nothing but the task events reaches the voxcall subscription');
  // The vsp subscription got the task's calls (status events), and no task event.
  assert.ok(rx.on('/vsp').length > 0);
  assert.ok(rx.on('/vsp').every((q) => (q.body as Record<string, unknown>).type === undefined && (q.body as Record<string, unknown>).callId !== undefined));
  // The pushes are the task's in the management API (their sessionId is the task id), delivered.
  const listed = await p.store.outbox.list({ sessionId: taskId, limit: 100 });
  assert.deepEqual(listed.map((x) => [x.dialect, x.kind, x.state]), Array.from({ length: 7 }, () => ['voxcall', 'status', 'delivered']));
});

async function request(p: { url: string }, method: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await send(`${p.url}/v1${path}`, {
    method: method as 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? JSON.parse(text) : undefined };
}
