// voxcall's own format (docs/push-formats.md, "voxcall: task status"): the body of a task's state
// change field by field, the delivery rules (any 2xx, vsp's schedule, 3 s, single item, signed
// only with a secret), no call pushes at all, and the decoder's refusals.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TaskStatusEvent } from '../../src/domain/task-status.js';
import { decodePush, PushDecodeError } from '../../src/push/dialects/decode/index.js';
import { voxcall } from '../../src/push/dialects/index.js';
import { sampleCall } from '../../src/push/dialects/sample-call.js';

const event: TaskStatusEvent = {
  taskId: '5f0c2a9e1b7d4c83', appKey: 'app1', name: 'status demo', seq: 4, state: 'paused', pausedBy: 'window',
  previousState: 'running', action: 'windowClose', reason: 'windowClosed',
  counters: { total: 3, dialled: 1, answered: 1, byResult: { 0: 1 }, remaining: 2, retryPending: 0, dialling: 0 },
  at: Date.UTC(2026, 10, 23, 10, 0, 0, 5),
};

test('a state change: every field of the table, in its order; one item per push', () => {
  const item = voxcall.encodeTaskStatus!(event, { subscriptionId: 'sub_1' });
  const body = voxcall.body('status', [item]);
  assert.equal(body, JSON.stringify({
    type: 'task.status', id: '5f0c2a9e1b7d4c83.4', taskId: '5f0c2a9e1b7d4c83', appKey: 'app1', name: 'status demo', seq: 4,
    state: 'paused', pausedBy: 'window', previousState: 'running', action: 'windowClose', reason: 'windowClosed',
    counters: { total: 3, dialled: 1, answered: 1, byResult: { 0: 1 }, remaining: 2, retryPending: 0, dialling: 0 },
    at: '2026-11-23T10:00:00.005Z', subscriptionId: 'sub_1',
  }));
  assert.throws(() => voxcall.body('status', [item, item]), /one item/);
  const d = decodePush('voxcall', body);
  assert.deepEqual([d.kind, d.items[0]!.kind], ['task', 'task']);
  const t = d.items[0] as { seq: number; at: number; state: string; previousState: string };
  assert.deepEqual([t.seq, t.at, t.state, t.previousState], [4, event.at, 'paused', 'running']);
});

test('delivery rules: any 2xx, vsp\'s schedule and 3 s; unsigned without a secret, Standard Webhooks with one', () => {
  assert.deepEqual([voxcall.judge(204, '').ok, voxcall.judge(200, 'whatever').ok, voxcall.judge(301, '').ok, voxcall.judge(500, '').ok], [true, true, false, false]);
  assert.deepEqual(voxcall.schedules.status, [0, 5000, 30_000, 300_000, 1_800_000]);
  assert.equal(voxcall.attemptTimeoutMs, 3000);
  assert.equal(voxcall.signatureOptional, true);
  const base = { url: 'http://127.0.0.1/x', body: '{}', appKey: 'app1', messageId: 'm1', now: Date.UTC(2026, 0, 1), nonce: 'n' };
  assert.equal(voxcall.headers(base)['webhook-signature'], undefined);
  assert.match(voxcall.headers({ ...base, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })['webhook-signature'] ?? '', /^v1,/);
});

test('no call events and no call records: calls reach the app through the four document formats', () => {
  const s = sampleCall('app1', 'sp1', Date.UTC(2026, 0, 1));
  assert.equal(voxcall.encodeStatus(s.call, s.event), undefined);
  assert.deepEqual(voxcall.encodeRecords!(s.call, s.record), []);
});

test('the decoder names every problem of a body that is not a task event', () => {
  const bad = { type: 'call.status', id: 1, taskId: 't', appKey: 'a', name: 'n', seq: 'x', state: 'running', previousState: 'draft', action: 'start', reason: 'user', at: 'yesterday', counters: { total: 1 } };
  const err = (() => {
    try {
      decodePush('voxcall', bad);
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  assert.ok(err instanceof PushDecodeError);
  assert.ok(err.problems.some((p) => p.startsWith('id')), err.message);
  assert.ok(err.problems.some((p) => p.startsWith('seq')), err.message);
  const second = (() => {
    try {
      decodePush('voxcall', { ...bad, id: 't.1', seq: 1 });
    } catch (e) {
      return e as PushDecodeError;
    }
    return undefined;
  })();
  assert.ok(second?.problems.some((p) => p.startsWith('type')));
  assert.ok(second?.problems.some((p) => p.startsWith('at')));
  assert.ok(second?.problems.some((p) => p.startsWith('counters.dialled')));
});
