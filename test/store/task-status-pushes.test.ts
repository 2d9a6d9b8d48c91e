// Task-status pushes in the store (migration 015, docs/push-formats.md "voxcall: task status") on
// both backends: a state change (setState, rerun) and its pushes are one transaction, numbered
// per task, ordered per task and subscription, and built from the counters of that transaction;
// the delivery stage's writer picks the voxcall subscriptions only.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { NewPush } from '../../src/domain/push.js';
import type { Subscription } from '../../src/domain/subscription.js';
import { ManualClock } from '../../src/lib/clock.js';
import { dialects } from '../../src/push/dialects/index.js';
import { taskStatusWriter } from '../../src/push/delivery/task-status-writer.js';
import type { TaskChangePushes, TaskStateChange, TaskRepo } from '../../src/store/types.js';
import { storeBackends, type TempStore } from './backends.js';
import { sampleTask, T0 } from './task-fixtures.js';

interface PushDbRow { id: string; session_id: string; dialect: string; kind: string; order_key: string; seq: number; items: string; blocked: number; subscription_id: string }

/** A builder that records what it saw and makes one plain push per change. */
function recording(seen: TaskStateChange[]): TaskChangePushes {
  return (c) => {
    seen.push(c);
    const p: NewPush = {
      id: `p-${c.task.taskId}-${c.seq}`, appKey: c.task.appKey, sessionId: c.task.taskId, dialect: 'voxcall', kind: 'status',
      url: 'http://127.0.0.1:9/t', orderKey: `task:${c.task.taskId} sub:s1`, seq: c.seq, item: { seq: c.seq, state: c.task.state },
      availableAt: T0, schedule: [], timeoutMs: 1000, createdAt: T0, subscriptionId: 's1',
    };
    return [p];
  };
}

for (const b of storeBackends()) {
  describe(`task-status pushes (${b.name})`, { skip: b.skip }, () => {
    let ts: TempStore;
    let repo: TaskRepo;
    const pushes = () => ts.sql<PushDbRow>('SELECT * FROM pushes ORDER BY seq, id');
    beforeEach(async () => {
      ts = await b.open();
      repo = ts.store.tasks;
    });
    afterEach(() => ts.cleanup());

    test('each change is stored with its push, numbered 1, 2, 3 and ordered behind the previous one', async () => {
      await repo.create(sampleTask());
      const seen: TaskStateChange[] = [];
      await repo.setState('task1', { state: 'draft' }, { state: 'running' }, T0 + 1, recording(seen));
      await repo.setState('task1', { state: 'running' }, { state: 'paused', pausedBy: 'user' }, T0 + 2, recording(seen));
      await repo.setState('task1', { state: 'paused', pausedBy: 'user' }, { state: 'cancelled' }, T0 + 3, recording(seen));
      assert.deepEqual(seen.map((c) => [c.seq, c.previous.state, c.previous.pausedBy, c.task.state, c.task.pausedBy, c.task.updatedAt]), [
        [1, 'draft', undefined, 'running', undefined, T0 + 1],
        [2, 'running', undefined, 'paused', 'user', T0 + 2],
        [3, 'paused', 'user', 'cancelled', undefined, T0 + 3],
      ]);
      const rows = await pushes();
      assert.deepEqual(rows.map((r) => [Number(r.seq), r.session_id, r.order_key, Number(r.blocked)]), [
        [1, 'task1', 'task:task1 sub:s1', 0],
        // Later changes wait for the earlier push of their task and subscription (the outbox's order rule).
        [2, 'task1', 'task:task1 sub:s1', 1],
        [3, 'task1', 'task:task1 sub:s1', 1],
      ]);
    });

    test('a change that loses its compare and set builds nothing and stores nothing', async () => {
      await repo.create(sampleTask());
      const seen: TaskStateChange[] = [];
      assert.equal(await repo.setState('task1', { state: 'running' }, { state: 'paused', pausedBy: 'user' }, T0 + 1, recording(seen)), undefined);
      assert.equal(seen.length, 0);
      assert.deepEqual(await pushes(), []);
      assert.equal((await repo.get('task1'))?.state, 'draft');
    });

    test('a builder that fails leaves the state unchanged: the change and its pushes are one transaction', async () => {
      await repo.create(sampleTask());
      await assert.rejects(repo.setState('task1', { state: 'draft' }, { state: 'running' }, T0 + 1, () => {
        throw new Error('encoding failed');
      }), /encoding failed/);
      assert.equal((await repo.get('task1'))?.state, 'draft');
      assert.deepEqual(await pushes(), []);
      // The change number was not spent either: the next change is still the first.
      const seen: TaskStateChange[] = [];
      await repo.setState('task1', { state: 'draft' }, { state: 'running' }, T0 + 2, recording(seen));
      assert.equal(seen[0]?.seq, 1);
    });

    test('the counters are those of the change\'s transaction; a rerun announces its move back to running', async () => {
      await repo.create(sampleTask());
      await repo.beginUpload('task1', 'u', ['callee', 'name'], T0, 60_000);
      await repo.stageRows('task1', 'u', [{ callee: '+8613900000001', values: ['+8613900000001', 'a'] }, { callee: '+8613900000002', values: ['+8613900000002', 'b'] }], 1, T0, 60_000);
      await repo.finishUpload('task1', 'u', ['callee', 'name'], T0);
      const seen: TaskStateChange[] = [];
      await repo.setState('task1', { state: 'draft' }, { state: 'running' }, T0 + 1, recording(seen));
      for (const row of await repo.claimDueRows('task1', T0 + 2, 2)) await repo.recordTry('task1', row.rowIndex, row.try, { result: row.rowIndex === 1 ? '0' : '20' }, undefined, T0 + 3);
      await repo.setState('task1', { state: 'running' }, { state: 'completed' }, T0 + 4, recording(seen));
      assert.equal(await repo.rerun('task1', ['20'], 1, T0 + 5, recording(seen)), 1);
      assert.deepEqual(seen.map((c) => [c.seq, c.previous.state, c.task.state, c.counters.total, c.counters.remaining, c.counters.answered, c.counters.byResult]), [
        [1, 'draft', 'running', 2, 2, 0, {}],
        [2, 'running', 'completed', 2, 0, 1, { 0: 1, 20: 1 }],
        [3, 'completed', 'running', 2, 1, 1, { 0: 1, 20: 1 }],
      ]);
      assert.deepEqual((await pushes()).map((r) => Number(r.seq)), [1, 2, 3]);
    });

    test('the writer pushes to enabled voxcall subscriptions that take status pushes, and to no other', async () => {
      const sub = (id: string, over: Partial<Subscription>): Subscription => ({
        id, appKey: 'app1', url: `http://127.0.0.1:9/${id}`, format: 'voxcall', receives: 'both', enabled: true, createdAt: T0, updatedAt: T0, ...over,
      });
      for (const s of [
        sub('vox', {}), sub('voxStatus', { receives: 'status', retrySchedule: [1000], timeoutMs: 2000 }), sub('voxRecords', { receives: 'records' }),
        sub('voxPaused', { enabled: false }), sub('vsp', { format: 'vsp' }), sub('robot', { format: 'robot' }), sub('other', { appKey: 'app2' }),
      ]) await ts.store.subscriptions.create(s);
      let woken = 0;
      const announce = taskStatusWriter({ subscriptions: ts.store.subscriptions, formats: dialects, clock: new ManualClock(T0 + 10), onEnqueued: () => woken++ });
      await repo.create(sampleTask());
      const moved = await announce('app1', 'start', 'user', (p) => repo.setState('task1', { state: 'draft' }, { state: 'running' }, T0 + 1, p));
      assert.equal(moved?.state, 'running');
      assert.equal(woken, 1);
      const rows = await pushes();
      assert.deepEqual(rows.map((r) => r.subscription_id).sort(), ['vox', 'voxStatus']);
      const byId = new Map(rows.map((r) => [r.subscription_id, r]));
      const item = (JSON.parse(byId.get('vox')!.items) as unknown[])[0];
      assert.deepEqual(item, {
        type: 'task.status', id: 'task1.1', taskId: 'task1', appKey: 'app1', name: 'sample', seq: 1, state: 'running', previousState: 'draft',
        action: 'start', reason: 'user', counters: { total: 0, dialled: 0, answered: 0, byResult: {}, remaining: 0, retryPending: 0, dialling: 0 },
        at: new Date(T0 + 1).toISOString(), subscriptionId: 'vox',
      });
      assert.deepEqual([byId.get('vox')!.dialect, byId.get('vox')!.kind, byId.get('vox')!.order_key], ['voxcall', 'status', 'task:task1 sub:vox']);
      const own = await ts.store.outbox.get(byId.get('voxStatus')!.id);
      assert.deepEqual([own?.schedule, own?.timeoutMs], [[1000], 2000], 'the subscription\'s own schedule and timeout');
      const vox = await ts.store.outbox.get(byId.get('vox')!.id);
      assert.deepEqual([vox?.schedule, vox?.timeoutMs], [[0, 5000, 30_000, 300_000, 1_800_000], 3000], 'the voxcall format\'s: vsp\'s schedule, 3 s');
      // No subscription of the app takes task events: the change is stored, nothing is built or woken.
      await repo.create(sampleTask({ taskId: 'task2', appKey: 'app3' }));
      await announce('app3', 'start', 'user', (p) => {
        assert.equal(p, undefined);
        return repo.setState('task2', { state: 'draft' }, { state: 'running' }, T0 + 1, p);
      });
      assert.equal((await repo.get('task2'))?.state, 'running');
      assert.equal(woken, 1);
    });
  });
}
