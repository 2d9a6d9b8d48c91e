// The dialler's scan read (TaskRepo.listActive, migration 020) on both backends: only tasks in a
// state the dialler looks at, of every app, whole, in task id order, paged by the last task id;
// a state change moves a task into or out of it at once.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { TASK_STATES, type Task, type TaskState } from '../../src/domain/task.js';
import type { TaskRepo } from '../../src/store/types.js';
import { storeBackends, type TempStore } from './backends.js';
import { sampleTask, T0 } from './task-fixtures.js';

/** Every page of listActive, `limit` at a time, and the size of each page. */
async function allPages(repo: TaskRepo, limit: number): Promise<{ ids: string[]; sizes: number[] }> {
  const ids: string[] = [];
  const sizes: number[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await repo.listActive(after, limit);
    sizes.push(page.length);
    ids.push(...page.map((t) => t.taskId));
    if (page.length < limit) return { ids, sizes };
    after = page[page.length - 1]!.taskId;
  }
}

for (const b of storeBackends()) {
  describe(`tasks listActive (${b.name})`, { skip: b.skip }, () => {
    let ts: TempStore;
    let repo: TaskRepo;
    beforeEach(async () => {
      ts = await b.open();
      repo = ts.store.tasks;
    });
    afterEach(() => ts.cleanup());

    /** Two tasks in every state, one of each app, created newest-first against their ids so no order but the id's can pass. */
    async function everyState(): Promise<Map<string, Task>> {
      const made = new Map<string, Task>();
      let n = 0;
      for (const state of TASK_STATES) {
        for (const appKey of ['app1', 'app2']) {
          n++;
          const t = sampleTask({
            taskId: `t${String(n).padStart(2, '0')}-${state}`, appKey, state, createdAt: T0 - n, updatedAt: T0 - n,
            ...(state === 'paused' ? { pausedBy: appKey === 'app1' ? 'user' : 'window' } : {}),
          });
          await repo.create(t);
          made.set(t.taskId, t);
        }
      }
      return made;
    }

    test('returns the scheduled, running and paused tasks of every app, whole, in task id order; never draft, completed or cancelled', async () => {
      const made = await everyState();
      const active = await repo.listActive(undefined, 100);
      const want = [...made.values()].filter((t) => (['scheduled', 'running', 'paused'] as TaskState[]).includes(t.state)).map((t) => t.taskId).sort();
      assert.deepEqual(active.map((t) => t.taskId), want);
      assert.equal(want.length, 6);
      for (const t of active) assert.deepEqual(t, made.get(t.taskId));
      assert.deepEqual(new Set(active.map((t) => t.appKey)), new Set(['app1', 'app2']));
    });

    test('pages by the last task id: every active task once, whatever the page size', async () => {
      await everyState();
      const whole = (await repo.listActive(undefined, 100)).map((t) => t.taskId);
      for (const limit of [1, 2, 5]) {
        const { ids, sizes } = await allPages(repo, limit);
        assert.deepEqual(ids, whole, `limit ${limit}`);
        assert.ok(sizes.slice(0, -1).every((s) => s === limit), `limit ${limit}: full pages before the last, ${JSON.stringify(sizes)}`);
      }
      assert.deepEqual(await repo.listActive(whole[whole.length - 1], 10), []);
      assert.deepEqual((await repo.listActive(whole[2], 2)).map((t) => t.taskId), whole.slice(3, 5));
    });

    test('a state change moves a task into or out of it at once', async () => {
      await repo.create(sampleTask({ taskId: 'a', state: 'draft' }));
      await repo.create(sampleTask({ taskId: 'b', state: 'running' }));
      const ids = async () => (await repo.listActive(undefined, 10)).map((t) => t.taskId);
      assert.deepEqual(await ids(), ['b']);
      assert.ok(await repo.setState('a', { state: 'draft' }, { state: 'scheduled' }, T0 + 1));
      assert.ok(await repo.setState('b', { state: 'running' }, { state: 'completed' }, T0 + 1));
      assert.deepEqual(await ids(), ['a']);
      assert.ok(await repo.setState('a', { state: 'scheduled' }, { state: 'cancelled' }, T0 + 2));
      assert.deepEqual(await ids(), []);
      assert.equal(await repo.rerun('b', ['5'], 1, T0 + 3), 0);
      assert.deepEqual(await ids(), [], 'a rerun that queued no row leaves the task completed');
    });
  });
}
