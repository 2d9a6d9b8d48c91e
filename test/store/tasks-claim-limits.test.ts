// The dialler's claim within a task's limits (TaskRepo.claimNextRow, migration 018) on both
// backends: the concurrency counted over every node's dialling rows and the calls-per-second slot
// are held by the store, so two nodes dialling one task together stay within them; and the
// deletion of a task that no longer runs.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { NextRowClaim, Store, TaskRepo } from '../../src/store/types.js';
import { storeBackends, type TempStore } from './backends.js';
import { rowsOf, sampleTask, T0, upload } from './task-fixtures.js';

const LIMITS = { concurrency: 3, cps: 2 };

async function withRows(repo: TaskRepo, n: number): Promise<void> {
  await repo.create(sampleTask({ state: 'running', concurrency: LIMITS.concurrency, cps: LIMITS.cps }));
  await upload(repo, 'task1', rowsOf(1, n));
}

const what = (c: NextRowClaim) => ('row' in c ? `row ${c.row.rowIndex}` : c.none === 'pace' ? `pace ${c.slotAt - T0}` : c.none);

for (const b of storeBackends()) {
  describe(`task claim limits (${b.name})`, { skip: b.skip }, () => {
    let ts: TempStore;
    let repo: TaskRepo;
    beforeEach(async () => {
      ts = await b.open();
      repo = ts.store.tasks;
    });
    afterEach(() => ts.cleanup());

    test('one row per slot, on a grid ceil(1000/cps) ms apart; none for a task that does not run', async () => {
      await withRows(repo, 5);
      assert.equal(what(await repo.claimNextRow('task1', T0, LIMITS)), 'row 1');
      assert.equal(what(await repo.claimNextRow('task1', T0 + 1, LIMITS)), 'pace 500');
      assert.equal(what(await repo.claimNextRow('task1', T0 + 499, LIMITS)), 'pace 500');
      // Late in its slot by the time a claim takes: the next slot stays on the grid, not 500 ms after this claim.
      assert.equal(what(await repo.claimNextRow('task1', T0 + 503, LIMITS)), 'row 2');
      assert.equal(what(await repo.claimNextRow('task1', T0 + 999, LIMITS)), 'pace 1000');
      await repo.setState('task1', { state: 'running' }, { state: 'paused', pausedBy: 'user' }, T0 + 600);
      assert.equal(what(await repo.claimNextRow('task1', T0 + 5000, LIMITS)), 'not_running');
      assert.equal(what(await repo.claimNextRow('nope', T0 + 5000, LIMITS)), 'not_running');
    });

    test('concurrency counts the dialling rows of every node; a settled row frees its place; no due row is said', async () => {
      const other: Store = await ts.another({ nodeId: 'node-2' });
      await withRows(repo, 4);
      const fast = { concurrency: 3, cps: 1000 };
      assert.equal(what(await repo.claimNextRow('task1', T0, fast)), 'row 1');
      assert.equal(what(await other.tasks.claimNextRow('task1', T0 + 1, fast)), 'row 2');
      assert.equal(what(await repo.claimNextRow('task1', T0 + 2, fast)), 'row 3');
      assert.equal(what(await other.tasks.claimNextRow('task1', T0 + 3, fast)), 'concurrency');
      assert.ok(await other.tasks.recordTry('task1', 2, 1, { result: '0' }, undefined, T0 + 4));
      assert.equal(what(await other.tasks.claimNextRow('task1', T0 + 5, fast)), 'row 4');
      await repo.recordTry('task1', 1, 1, { result: '0' }, undefined, T0 + 6);
      assert.equal(what(await repo.claimNextRow('task1', T0 + 7, fast)), 'no_due_row');
    });

    test('two nodes claiming at once never pass the concurrency together', async () => {
      const other: Store = await ts.another({ nodeId: 'node-2' });
      await withRows(repo, 40);
      const limits = { concurrency: 5, cps: 200 };
      // Each claim at its own time, far enough apart that no slot holds any of them back.
      const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? other : ts.store).tasks.claimNextRow('task1', T0 + i * 1000, limits)));
      assert.equal(claims.filter((c) => 'row' in c).length, 5, claims.map(what).join(', '));
      assert.equal((await repo.counters('task1')).dialling, 5);
    });

    test('nextDueAt: the earliest pending row\'s time, whoever set it; undefined when none is pending', async () => {
      await withRows(repo, 2);
      assert.equal(await repo.nextDueAt('task1'), T0);
      const fast = { concurrency: 5, cps: 1000 };
      const a = await repo.claimNextRow('task1', T0 + 1, fast);
      const b2 = await repo.claimNextRow('task1', T0 + 2, fast);
      assert.ok('row' in a && 'row' in b2);
      assert.equal(await repo.nextDueAt('task1'), undefined, 'both dialling');
      await repo.recordTry('task1', 2, 1, { result: '5' }, T0 + 90_000, T0 + 3);
      await repo.recordTry('task1', 1, 1, { result: '5' }, T0 + 60_000, T0 + 4);
      assert.equal(await repo.nextDueAt('task1'), T0 + 60_000);
      assert.equal(await repo.nextDueAt('nope'), undefined);
    });

    test('delete: a draft, completed or cancelled task goes with its rows and tries; a running one stays', async () => {
      await withRows(repo, 2);
      const [row] = await repo.claimDueRows('task1', T0, 1);
      await repo.recordTry('task1', row!.rowIndex, row!.try, { result: '5' }, undefined, T0);
      assert.equal(await repo.delete('task1'), false, 'running');
      assert.equal((await repo.rows('task1', 0, 10)).length, 2);
      await repo.setState('task1', { state: 'running' }, { state: 'cancelled' }, T0 + 1);
      assert.equal(await repo.delete('task1'), true);
      assert.equal(await repo.get('task1'), undefined);
      assert.deepEqual(await repo.rows('task1', 0, 10), []);
      assert.deepEqual(await repo.tries('task1', row!.rowIndex), []);
      assert.equal(await repo.delete('task1'), false, 'gone already');
    });

    test('a slot set by a clock far ahead (another node\'s, a restart\'s) does not stall the task', async () => {
      await withRows(repo, 2);
      await ts.sql('UPDATE tasks SET next_dial_at = ? WHERE task_id = ?', T0 + 3_600_000, 'task1');
      assert.equal(what(await repo.claimNextRow('task1', T0, LIMITS)), 'row 1');
    });
  });
}
