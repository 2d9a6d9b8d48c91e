// Outbound call tasks in the store (TaskRepo, migration 014) on both backends: tasks and their
// state changes (compare and set), uploads staged invisibly and committed or dropped whole, the
// one-upload-at-a-time lease, paging, counters, the dialler's claim (never a row twice, also
// with two nodes at once), tries recorded once per (row, try), interrupted rows, rerun.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { Task } from '../../src/domain/task.js';
import type { NewTaskRow, Store, TaskRepo } from '../../src/store/types.js';
import { sqliteBackend, storeBackends, type TempStore } from './backends.js';
import { adoptInterruptedRows, recoverInterruptedRows } from '../../src/tasks/recover.js';
import { TASK_SQL } from '../../src/store/sql/task-sql.js';
import { HEADER, rowsOf, sampleTask, T0, upload } from './task-fixtures.js';

const LEASE = 60_000;

for (const b of storeBackends()) {
  describe(`tasks repo (${b.name})`, { skip: b.skip }, () => {
    let ts: TempStore;
    let repo: TaskRepo;
    beforeEach(async () => {
      ts = await b.open();
      repo = ts.store.tasks;
    });
    afterEach(() => ts.cleanup());

    test('a task is stored and read back whole; list pages newest first per app', async () => {
      const full = sampleTask({
        flowVersion: 2, windows: [{ day: 1, from: '09:00', to: '18:00' }], forbiddenDates: ['2026-12-25'], startAt: T0 + 1, endAt: T0 + 2,
      });
      await repo.create(full);
      assert.deepEqual(await repo.get('task1'), full);
      assert.equal(await repo.get('nope'), undefined);
      for (let i = 2; i <= 5; i++) await repo.create(sampleTask({ taskId: `task${i}`, createdAt: T0 + i }));
      await repo.create(sampleTask({ taskId: 'other', appKey: 'app2' }));
      const first = await repo.list('app1', undefined, 2);
      assert.deepEqual(first.map((t) => t.taskId), ['task5', 'task4']);
      const rest = await repo.list('app1', { createdAt: first[1]!.createdAt, taskId: first[1]!.taskId }, 10);
      assert.deepEqual(rest.map((t) => t.taskId), ['task3', 'task2', 'task1']);
    });

    test('setState changes the state only from the state it was decided on', async () => {
      await repo.create(sampleTask());
      const running = await repo.setState('task1', { state: 'draft' }, { state: 'running' }, T0 + 5);
      assert.equal(running?.state, 'running');
      assert.equal(running?.updatedAt, T0 + 5);
      assert.equal(await repo.setState('task1', { state: 'draft' }, { state: 'cancelled' }, T0 + 6), undefined, 'no longer a draft');
      const paused = await repo.setState('task1', { state: 'running' }, { state: 'paused', pausedBy: 'window' }, T0 + 7);
      assert.deepEqual([paused?.state, paused?.pausedBy], ['paused', 'window']);
      assert.equal(await repo.setState('task1', { state: 'paused', pausedBy: 'user' }, { state: 'running' }, T0 + 8), undefined, 'paused by the window, not the user');
      const back = await repo.setState('task1', { state: 'paused', pausedBy: 'window' }, { state: 'running' }, T0 + 9);
      assert.deepEqual([back?.state, back?.pausedBy], ['running', undefined]);
    });

    test('an upload is invisible until finished; duplicates come back by position; indices stay dense', async () => {
      await repo.create(sampleTask());
      const begun = await repo.beginUpload('task1', 'u1', HEADER, T0, LEASE);
      assert.deepEqual(begun, { ok: true, nextIndex: 1 });
      const first = await repo.stageRows('task1', 'u1', rowsOf(1, 3), 3, T0, LEASE);
      assert.deepEqual(first, { duplicates: [], staged: 3 });
      assert.deepEqual(await repo.rows('task1', 0, 10), [], 'staged rows are invisible');
      assert.equal((await repo.counters('task1')).total, 0);
      const second = await repo.stageRows('task1', 'u1', [...rowsOf(3, 1), ...rowsOf(4, 2), ...rowsOf(4, 1)], 3, T0, LEASE);
      assert.deepEqual(second, { duplicates: [0, 3], staged: 5 });
      assert.deepEqual(await repo.finishUpload('task1', 'u1', HEADER, T0 + 1), { added: 5, rowCount: 5 });
      const rows = await repo.rows('task1', 0, 10);
      assert.deepEqual(rows.map((r) => [r.rowIndex, r.callee, r.state, r.tries, r.maxTries, r.nextAt]), [1, 2, 3, 4, 5].map((i) => [i, `+86139${String(i).padStart(8, '0')}`, 'pending', 0, 3, T0 + 1]));
      assert.deepEqual(rows[0]!.values, ['+8613900000001', 'v1']);
      const task = await repo.get('task1');
      assert.deepEqual([task?.rowCount, task?.header], [5, HEADER]);
      assert.deepEqual((await repo.rows('task1', 3, 10)).map((r) => r.rowIndex), [4, 5], 'paged by row index');
      // A second upload continues the indices and is checked against the rows already there.
      const more = await upload(repo, 'task1', rowsOf(5, 3), T0 + 2);
      assert.deepEqual(more, { added: 2, rowCount: 7 });
      assert.deepEqual((await repo.rows('task1', 5, 10)).map((r) => [r.rowIndex, r.callee]), [[6, '+8613900000006'], [7, '+8613900000007']]);
    });

    test('an aborted upload leaves nothing; one upload at a time; an expired lease is taken over and its rows dropped', async () => {
      await repo.create(sampleTask());
      assert.ok((await repo.beginUpload('task1', 'u1', HEADER, T0, LEASE)).ok);
      await repo.stageRows('task1', 'u1', rowsOf(1, 4), 3, T0, LEASE);
      assert.deepEqual(await repo.beginUpload('task1', 'u2', HEADER, T0 + 1, LEASE), { ok: false, why: 'busy' });
      await repo.abortUpload('task1', 'u1');
      const raw = await ts.sql<{ n: number }>('SELECT COUNT(*) AS n FROM task_rows');
      assert.equal(Number(raw[0]!.n), 0, 'the staged rows are gone');
      assert.ok((await repo.beginUpload('task1', 'u2', HEADER, T0 + 2, LEASE)).ok);
      await repo.stageRows('task1', 'u2', rowsOf(1, 2), 3, T0 + 2, LEASE);
      // u2 crashed: after its lease u3 takes over; u2's late batches are refused.
      const later = T0 + 2 + LEASE + 1;
      assert.deepEqual(await repo.beginUpload('task1', 'u3', HEADER, later, LEASE), { ok: true, nextIndex: 1 });
      assert.equal(await repo.stageRows('task1', 'u2', rowsOf(9, 1), 3, later, LEASE), undefined);
      assert.equal(await repo.finishUpload('task1', 'u2', HEADER, later), undefined);
      assert.deepEqual(await repo.stageRows('task1', 'u3', rowsOf(1, 2), 3, later, LEASE), { duplicates: [], staged: 2 }, "u2's staged rows were dropped");
      assert.deepEqual(await repo.finishUpload('task1', 'u3', HEADER, later), { added: 2, rowCount: 2 });
    });

    test('an upload is refused on a closed task, with another header, or on no task; a task cancelled mid-upload drops it', async () => {
      assert.deepEqual(await repo.beginUpload('none', 'u', HEADER, T0, LEASE), { ok: false, why: 'not_found' });
      await repo.create(sampleTask());
      await upload(repo, 'task1', rowsOf(1, 1));
      assert.deepEqual(await repo.beginUpload('task1', 'u', ['callee', 'other'], T0, LEASE), { ok: false, why: 'header', header: HEADER });
      assert.ok((await repo.beginUpload('task1', 'u', HEADER, T0, LEASE)).ok);
      await repo.stageRows('task1', 'u', rowsOf(2, 2), 3, T0, LEASE);
      await repo.setState('task1', { state: 'draft' }, { state: 'cancelled' }, T0);
      assert.equal(await repo.finishUpload('task1', 'u', HEADER, T0), undefined);
      assert.equal((await repo.counters('task1')).total, 1);
      const raw = await ts.sql<{ n: number }>('SELECT COUNT(*) AS n FROM task_rows');
      assert.equal(Number(raw[0]!.n), 1);
      assert.deepEqual(await repo.beginUpload('task1', 'u4', HEADER, T0, LEASE), { ok: false, why: 'closed' });
    });

    test('claim: due rows of a running task, oldest due first then in order, tries raised; recordTry once per try; counters follow', async () => {
      await repo.create(sampleTask());
      await upload(repo, 'task1', rowsOf(1, 5));
      assert.deepEqual(await repo.claimDueRows('task1', T0 + 10, 10), [], 'a draft task dials nothing');
      await repo.setState('task1', { state: 'draft' }, { state: 'running' }, T0);
      const claimed = await repo.claimDueRows('task1', T0 + 10, 2);
      assert.deepEqual(claimed.map((r) => [r.rowIndex, r.try, r.state]), [[1, 1, 'dialling'], [2, 1, 'dialling']]);
      assert.deepEqual((await repo.row('task1', 1))?.state, 'dialling');
      // Row 1 busy, retried at +600 s; row 2 answered.
      assert.equal(await repo.recordTry('task1', 1, 1, { result: '5', sessionId: 's1' }, T0 + 600_000, T0 + 20), true);
      assert.equal(await repo.recordTry('task1', 1, 1, { result: '0', sessionId: 'again' }, undefined, T0 + 21), false, 'that try is recorded');
      assert.equal(await repo.recordTry('task1', 2, 1, { result: '0', sessionId: 's2', tag: 'agreed' }, undefined, T0 + 22), true);
      const r1 = await repo.row('task1', 1);
      assert.deepEqual([r1?.state, r1?.tries, r1?.nextAt, r1?.lastResult, r1?.lastSessionId], ['pending', 1, T0 + 600_000, '5', 's1']);
      const r2 = await repo.row('task1', 2);
      assert.deepEqual([r2?.state, r2?.lastResult, r2?.lastTag], ['done', '0', 'agreed']);
      assert.deepEqual(await repo.tries('task1', 1), [{ try: 1, result: '5', sessionId: 's1', at: T0 + 20 }]);
      assert.deepEqual(await repo.counters('task1'), {
        total: 5, dialled: 2, answered: 1, byResult: { 5: 1, 0: 1 }, remaining: 4, retryPending: 1, dialling: 0,
      });
      // The fresh rows come before row 1's retry, which is not due yet.
      assert.deepEqual((await repo.claimDueRows('task1', T0 + 30, 10)).map((r) => r.rowIndex), [3, 4, 5]);
      assert.deepEqual(await repo.claimDueRows('task1', T0 + 31, 10), []);
      const retry = await repo.claimDueRows('task1', T0 + 600_000, 10);
      assert.deepEqual(retry.map((r) => [r.rowIndex, r.try]), [[1, 2]]);
      assert.equal((await repo.counters('task1')).dialling, 4);
      await repo.setState('task1', { state: 'running' }, { state: 'paused', pausedBy: 'user' }, T0);
      assert.equal(await repo.recordTry('task1', 3, 1, { result: '20' }, T0 + 700_000, T0 + 40), true, 'a paused task still records the calls in flight');
      assert.deepEqual(await repo.claimDueRows('task1', T0 + 800_000, 10), [], 'a paused task dials nothing');
    });

    test('two stores (two nodes) claiming at once never get the same row', async () => {
      const other: Store = await ts.another();
      await repo.create(sampleTask({ state: 'running' }));
      await upload(repo, 'task1', rowsOf(1, 200));
      const seen = new Set<number>();
      for (let round = 0; round < 20; round++) {
        const got = await Promise.all([repo.claimDueRows('task1', T0 + 1, 7), other.tasks.claimDueRows('task1', T0 + 1, 7), repo.claimDueRows('task1', T0 + 1, 3)]);
        for (const r of got.flat()) {
          assert.ok(!seen.has(r.rowIndex), `row ${r.rowIndex} claimed twice`);
          seen.add(r.rowIndex);
          assert.equal(r.try, 1);
        }
      }
      assert.equal(seen.size, 200);
      const tries = await ts.sql<{ n: number }>("SELECT SUM(tries) AS n FROM task_rows WHERE state = 'dialling'");
      assert.equal(Number(tries[0]!.n), 200);
    });

    test('two stores recording the same try at once: exactly one records it, the row moves once', async () => {
      const other: Store = await ts.another();
      await repo.create(sampleTask({ state: 'running' }));
      await upload(repo, 'task1', rowsOf(1, 20));
      const claimed = await repo.claimDueRows('task1', T0 + 1, 20);
      for (const r of claimed) {
        const outcomes = await Promise.all([
          repo.recordTry('task1', r.rowIndex, r.try, { result: '5', sessionId: 'a' }, T0 + 600_000, T0 + 2),
          other.tasks.recordTry('task1', r.rowIndex, r.try, { result: '0', sessionId: 'b' }, undefined, T0 + 2),
        ]);
        assert.equal(outcomes.filter(Boolean).length, 1, `row ${r.rowIndex}`);
        const row = await repo.row('task1', r.rowIndex);
        const tries = await repo.tries('task1', r.rowIndex);
        assert.equal(tries.length, 1);
        assert.equal(row?.lastResult, tries[0]!.result, 'the row follows the one recorded try');
      }
    });

    test('interruptedRows: rows left dialling by this node (or by none), not by another node', async () => {
      await repo.create(sampleTask({ state: 'running' }));
      await upload(repo, 'task1', rowsOf(1, 4));
      await repo.claimDueRows('task1', T0 + 1, 2);
      await ts.sql("UPDATE task_rows SET node_id = 'other-node' WHERE row_index = 2");
      assert.deepEqual((await repo.interruptedRows(10)).map((r) => [r.rowIndex, r.try]), [[1, 1]]);
    });

    test('rerun re-queues finished rows whose last result is retried, with more tries; refused unless completed', async () => {
      await repo.create(sampleTask({ state: 'running' }));
      await upload(repo, 'task1', rowsOf(1, 4));
      await repo.claimDueRows('task1', T0 + 1, 4);
      await repo.recordTry('task1', 1, 1, { result: '0' }, undefined, T0 + 2);
      await repo.recordTry('task1', 2, 1, { result: '5' }, undefined, T0 + 2);
      await repo.recordTry('task1', 3, 1, { result: '6' }, undefined, T0 + 2);
      await repo.recordTry('task1', 4, 1, { result: '28' }, undefined, T0 + 2);
      assert.equal(await repo.rerun('task1', ['5', '28'], 2, T0 + 3), undefined, 'running, not completed');
      await repo.setState('task1', { state: 'running' }, { state: 'completed' }, T0 + 3);
      assert.equal(await repo.rerun('task1', ['20'], 2, T0 + 4), 0, 'no row qualifies');
      assert.equal((await repo.get('task1'))?.state, 'completed');
      assert.equal(await repo.rerun('task1', ['5', '28'], 2, T0 + 5), 2);
      assert.equal((await repo.get('task1'))?.state, 'running');
      const rows = await repo.rows('task1', 0, 10);
      assert.deepEqual(rows.map((r) => [r.rowIndex, r.state, r.maxTries]), [[1, 'done', 3], [2, 'pending', 3], [3, 'done', 3], [4, 'pending', 3]]);
      assert.deepEqual((await repo.claimDueRows('task1', T0 + 5, 10)).map((r) => [r.rowIndex, r.try]), [[2, 2], [4, 2]]);
    });

    test('recoverInterruptedRows: a row left dialling counts as a try with result 28, retried by the policy, recorded once', async () => {
      await repo.create(sampleTask({ state: 'running', retry: { maxTries: 2, intervalSeconds: 60, retryOn: ['28'] } }));
      await upload(repo, 'task1', rowsOf(1, 3), T0, 2);
      await repo.claimDueRows('task1', T0 + 1, 3);
      await repo.recordTry('task1', 3, 1, { result: '0', sessionId: 's3' }, undefined, T0 + 2);
      // The node dies with rows 1 and 2 dialling; at restart:
      assert.equal(await recoverInterruptedRows(repo, T0 + 10), 2);
      const rows = await repo.rows('task1', 0, 10);
      assert.deepEqual(rows.map((r) => [r.rowIndex, r.state, r.tries, r.lastResult, r.nextAt]), [
        [1, 'pending', 1, '28', T0 + 10 + 60_000], [2, 'pending', 1, '28', T0 + 10 + 60_000], [3, 'done', 1, '0', 0]]);
      assert.equal(await recoverInterruptedRows(repo, T0 + 11), 0, 'nothing left');
      // Their second try (the last the policy allows) is interrupted too: finished with 28.
      const second = await repo.claimDueRows('task1', T0 + 10 + 60_000, 10);
      assert.deepEqual(second.map((r) => r.try), [2, 2]);
      assert.equal(await recoverInterruptedRows(repo, T0 + 100_000), 2);
      assert.deepEqual((await repo.rows('task1', 0, 2)).map((r) => [r.state, r.tries, r.lastResult]), [['done', 2, '28'], ['done', 2, '28']]);
      assert.deepEqual((await repo.tries('task1', 1)).map((t) => [t.try, t.result]), [[1, '28'], [2, '28']]);
      assert.deepEqual((await repo.counters('task1')).byResult, { 28: 2, 0: 1 });
    });

    test('adoptRows: a dead node\'s dialling rows go to one adopter and are settled as 28; not while it heartbeats', async () => {
      const dead = await ts.another({ nodeId: 'node-dead' });
      const [a, b] = [await ts.another({ nodeId: 'node-a' }), await ts.another({ nodeId: 'node-b' })];
      await repo.create(sampleTask({ state: 'running', retry: { maxTries: 2, intervalSeconds: 60, retryOn: ['28'] } }));
      await upload(repo, 'task1', rowsOf(1, 4), T0, 2);
      assert.equal((await dead.tasks.claimDueRows('task1', T0 + 1, 3)).length, 3);
      await dead.tasks.recordTry('task1', 3, 1, { result: '0' }, undefined, T0 + 2);
      assert.equal((await a.tasks.claimDueRows('task1', T0 + 2, 1))[0]?.rowIndex, 4, 'node-a dials row 4 itself');
      // Heartbeating since staleBefore: alive, nothing taken.
      await dead.nodes.heartbeat({ id: 'node-dead', role: 'all', hostName: 'h', startedAt: T0, heartbeatAt: T0 + 5 });
      assert.deepEqual(await a.tasks.adoptRows('node-dead', T0 + 5, T0 + 6), []);
      // Stale: two adopters at once, each row to one of them.
      const [ra, rb] = await Promise.all([adoptInterruptedRows(a.tasks, 'node-dead', T0 + 6, T0 + 10), adoptInterruptedRows(b.tasks, 'node-dead', T0 + 6, T0 + 10)]);
      assert.equal(ra + rb, 2);
      const rows = await repo.rows('task1', 0, 10);
      assert.deepEqual(rows.map((r) => [r.rowIndex, r.state, r.tries, r.lastResult ?? null]), [
        [1, 'pending', 1, '28'], [2, 'pending', 1, '28'], [3, 'done', 1, '0'], [4, 'dialling', 1, null]]);
      assert.equal(await adoptInterruptedRows(a.tasks, 'node-dead', T0 + 6, T0 + 11), 0, 'nothing left to adopt');
      assert.deepEqual(await repo.tries('task1', 4), [], 'node-a\'s own row is not touched');
    });
  });
}

// SQLite's query plans (PostgreSQL chooses by its statistics, so a plan there would test the statistics).
describe('task query plans (sqlite)', () => {
  test('the counters and the claim read an index, not the table', async () => {
    const ts = await sqliteBackend.open();
    try {
      const plan = async (sql: string, ...params: unknown[]) =>
        (await ts.sql<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, ...params)).map((r) => r.detail).join('; ');
      assert.match(await plan(TASK_SQL.counters, 'task1'), /USING COVERING INDEX task_rows_progress/);
      assert.match(await plan(TASK_SQL.due, 'task1', T0, 10), /SEARCH task_rows USING INDEX task_rows_due \(task_id=\? AND state=\? AND next_at<\?\)/);
      assert.doesNotMatch(await plan(TASK_SQL.due, 'task1', T0, 10), /TEMP B-TREE/, 'rows come in the index\'s order: no sort');
      assert.match(await plan(TASK_SQL.rows, 'task1', 0, 10), /USING INDEX sqlite_autoindex_task_rows_1|USING PRIMARY KEY/);
    } finally {
      await ts.cleanup();
    }
  });
});
