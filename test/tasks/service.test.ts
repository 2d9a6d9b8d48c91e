// The task service under concurrent requests, on both stores: two actions at once end in a state
// the machine allows (never a lost update), and two uploads at once never interleave (the second
// waits its turn or is refused uploadBusy, and no row is stored twice).

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { TaskRefusal } from '../../src/tasks/refusals.js';
import { TaskService } from '../../src/tasks/service.js';
import { storeBackends, type TempStore } from '../store/backends.js';
import { fakeFlows } from './fake-flows.js';

const T0 = Date.UTC(2026, 10, 25, 2, 0);
const APP = 'app1';
const NUMBER = '+8675528000001';
const callee = (i: number) => `+86139${String(i).padStart(8, '0')}`;

for (const b of storeBackends()) {
  describe(`task service, concurrent requests (${b.name})`, { skip: b.skip }, () => {
    let ts: TempStore;
    let service: TaskService;
    beforeEach(async () => {
      ts = await b.open();
      await ts.store.apps.putNumber({ number: NUMBER, appKey: APP, status: 'active' });
      service = new TaskService({ repo: ts.store.tasks, apps: ts.store.apps, flows: fakeFlows, blacklisted: () => false, now: () => T0 });
    });
    afterEach(() => ts.cleanup());

    const settled = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof TaskRefusal ? e.refusal : `unexpected: ${String(e)}`));

    test('a rerun once endAt has passed is refused, nothing requeued (the task would be finished at once)', async () => {
      const task = await service.create(APP, { flowId: 'plain', displayNumbers: [NUMBER], endAt: new Date(T0 + 60_000).toISOString(), retry: { retryOn: ['5'] } });
      await service.addRows(APP, task.taskId, ['callee'], [[callee(1)]]);
      await service.act(APP, task.taskId, 'start');
      const [row] = await ts.store.tasks.claimDueRows(task.taskId, T0, 1);
      assert.ok(await ts.store.tasks.recordTry(task.taskId, row!.rowIndex, row!.try, { result: '5' }, undefined, T0));
      assert.ok(await ts.store.tasks.setState(task.taskId, { state: 'running' }, { state: 'completed' }, T0));
      const later = new TaskService({ repo: ts.store.tasks, apps: ts.store.apps, flows: fakeFlows, blacklisted: () => false, now: () => T0 + 120_000 });
      assert.equal(await settled(later.act(APP, task.taskId, 'rerun')), 'invalid');
      assert.equal((await ts.store.tasks.row(task.taskId, 1))?.state, 'done');
      assert.equal((await later.task(APP, task.taskId)).state, 'completed');
    });

    test('pause and cancel at once: cancelled in the end, each one either done or refused as illegal', async () => {
      for (let round = 0; round < 10; round++) {
        const task = await service.create(APP, { flowId: 'plain', displayNumbers: [NUMBER] });
        await service.addRows(APP, task.taskId, ['callee'], [[callee(1)]]);
        await service.act(APP, task.taskId, 'start');
        const outcomes = await Promise.all([settled(service.act(APP, task.taskId, 'pause')), settled(service.act(APP, task.taskId, 'cancel'))]);
        assert.equal(outcomes[1], 'ok', 'cancel is legal from running and from paused');
        assert.ok(['ok', 'illegalTransition'].includes(outcomes[0]!), outcomes[0]);
        assert.equal((await service.task(APP, task.taskId)).state, 'cancelled');
      }
    });

    test('two uploads to one task at once: no row twice, a refused one is uploadBusy and kept nothing', async () => {
      const task = await service.create(APP, { flowId: 'plain', displayNumbers: [NUMBER] });
      const rows = (from: number) => Array.from({ length: 2500 }, (_, i) => [callee(from + i)]);
      const outcomes = await Promise.all([
        service.addRows(APP, task.taskId, ['callee'], rows(1)).then((r) => r.added, (e: unknown) => (e instanceof TaskRefusal ? e.refusal : String(e))),
        service.addRows(APP, task.taskId, ['callee'], rows(2001)).then((r) => r.added, (e: unknown) => (e instanceof TaskRefusal ? e.refusal : String(e))),
      ]);
      for (const o of outcomes) assert.ok(typeof o === 'number' || o === 'uploadBusy', String(o));
      const added = outcomes.filter((o): o is number => typeof o === 'number').reduce((a, n) => a + n, 0);
      const view = await service.view(APP, task.taskId);
      assert.equal(view.counters.total, added);
      assert.equal(view.task.rowCount, added);
      const stored = await ts.sql<{ n: number; d: number }>('SELECT COUNT(*) AS n, COUNT(DISTINCT callee) AS d FROM task_rows');
      assert.deepEqual([Number(stored[0]!.n), Number(stored[0]!.d)], [added, added], 'nothing staged is left, no callee twice');
    });
  });
}
