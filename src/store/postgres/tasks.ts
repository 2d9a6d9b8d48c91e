// Outbound call tasks on PostgreSQL (migration 014, SQL in ../sql/task-sql.ts), shared by every
// node. What keeps it correct with several nodes:
// - an upload, a rerun and a settle read the task's row FOR UPDATE first, so two of them on one
//   task run one after the other (the upload lease, the row count and the header are checked on
//   the newest version);
// - the claim locks the due rows it returns (FOR UPDATE SKIP LOCKED, as claim.ts does for
//   pushes): a row another node is claiming is passed over, one it claimed and committed since
//   the snapshot is re-checked on its newest version (READ COMMITTED) where it is no longer
//   pending, so no row is claimed twice, and no claimer waits for another;
// - a try is recorded by an INSERT ... ON CONFLICT DO NOTHING on (row, try): the second of two
//   concurrent records of one try waits for the first's commit, then inserts nothing.

import type pg from 'pg';
import type { PausedBy, TaskState } from '../../domain/task.js';
import type { ClaimedRow, NextRowClaim, TaskChangePushes, TaskRepo } from '../types.js';
import {
  gateOf, nextSlot, rerunRowsSql, sameHeader, TASK_SQL, taskParams, toClaimed, toCounters, toRow, toTask, toTry,
  type CounterDbRow, type GateDbRow, type RowDbRow, type TaskDbRow, type TryDbRow,
} from '../sql/task-sql.js';
import { enqueueIn } from './enqueue.js';
import { positional } from './params.js';
import { tx } from './pool.js';

const SQL = Object.fromEntries(Object.entries(TASK_SQL).map(([k, v]) => [k, positional(v)])) as Record<keyof typeof TASK_SQL, string>;
const LOCK_TASK = `${SQL.lockTask} FOR UPDATE`;
const DUE = `${SQL.due} FOR UPDATE SKIP LOCKED`;
// Claims of one task wait for each other here: the count of dialling rows and the slot are then exact across nodes.
const GATE = `${SQL.gate} FOR UPDATE`;
const CLAIM = `UPDATE task_rows SET state = 'dialling', tries = tries + 1, node_id = $1, updated_at = $2
  WHERE task_id = $3 AND row_index = ANY($4::int[])`;
const EXISTING = 'SELECT callee FROM task_rows WHERE task_id = $1 AND callee = ANY($2::text[])';
const STAGE = `INSERT INTO task_rows (task_id, row_index, callee, vals, tz, state, tries, max_tries, next_at, updated_at)
  SELECT $1, i, c, v, z, 'staged', 0, $2, $3, $3 FROM unnest($4::int[], $5::text[], $6::text[], $7::text[]) AS u(i, c, v, z)`;

interface LockedTask { state: string; header: string | null; row_count: number; upload_id: string | null; upload_until: number | null; upload_next: number | null }

const OPEN = new Set(['draft', 'scheduled', 'running', 'paused']);

export function pgTasks(pool: pg.Pool, nodeId?: string): TaskRepo {
  const owner = nodeId ?? null;
  type Place = { state: TaskState; pausedBy?: PausedBy };
  /** The compare and set, and the change's pushes, in the caller's transaction; the task after it, or undefined. */
  const move = async (c: pg.PoolClient, taskId: string, from: Place, to: Place, now: number, pushes: TaskChangePushes | undefined) => {
    const r = await c.query<{ state_seq: number }>(SQL.setState, [to.state, to.pausedBy ?? null, now, taskId, from.state, from.pausedBy ?? '']);
    const seq = r.rows[0]?.state_seq;
    if (seq === undefined) return undefined;
    const row = (await c.query<TaskDbRow>(SQL.get, [taskId])).rows[0];
    if (!row) return undefined;
    const task = toTask(row);
    if (pushes) {
      const counters = toCounters((await c.query<CounterDbRow>(SQL.counters, [taskId])).rows);
      await enqueueIn(c, pushes({ task, previous: from, counters, seq: Number(seq) }));
    }
    return task;
  };
  const lock = async (c: pg.PoolClient, taskId: string) => (await c.query<LockedTask>(LOCK_TASK, [taskId])).rows[0];
  const held = async (c: pg.PoolClient, taskId: string, uploadId: string, now: number) => {
    const t = await lock(c, taskId);
    return t && t.upload_id === uploadId && (t.upload_until ?? 0) > now ? t : undefined;
  };

  return {
    async create(task) {
      await pool.query(SQL.insert, taskParams(task));
    },
    async get(taskId) {
      const r = (await pool.query<TaskDbRow>(SQL.get, [taskId])).rows[0];
      return r && toTask(r);
    },
    async list(appKey, before, limit) {
      const r = before
        ? await pool.query<TaskDbRow>(SQL.listAfter, [appKey, before.createdAt, before.createdAt, before.taskId, limit])
        : await pool.query<TaskDbRow>(SQL.listFirst, [appKey, limit]);
      return r.rows.map(toTask);
    },
    async listActive(afterTaskId, limit) {
      return (await pool.query<TaskDbRow>(SQL.listActive, [afterTaskId ?? '', limit])).rows.map(toTask);
    },
    setState(taskId, from, to, now, pushes) {
      return tx(pool, (c) => move(c, taskId, from, to, now, pushes));
    },
    rerun(taskId, retryOn, extraTries, now, pushes) {
      return tx(pool, async (c) => {
        const t = await lock(c, taskId);
        if (!t || t.state !== 'completed') return undefined;
        if (retryOn.length === 0) return 0;
        const n = (await c.query(positional(rerunRowsSql(retryOn.length)), [extraTries, now, now, taskId, ...retryOn])).rowCount ?? 0;
        if (n > 0) await move(c, taskId, { state: 'completed' }, { state: 'running' }, now, pushes);
        return n;
      });
    },
    beginUpload(taskId, uploadId, header, now, leaseMs) {
      return tx(pool, async (c) => {
        const t = await lock(c, taskId);
        if (!t) return { ok: false as const, why: 'not_found' as const };
        if (!OPEN.has(t.state)) return { ok: false as const, why: 'closed' as const };
        if (t.upload_id !== null && (t.upload_until ?? 0) > now) return { ok: false as const, why: 'busy' as const };
        if (t.header !== null && !sameHeader(JSON.parse(t.header) as string[], header)) {
          return { ok: false as const, why: 'header' as const, header: JSON.parse(t.header) as string[] };
        }
        await c.query(SQL.dropStaged, [taskId]);
        await c.query(SQL.takeUpload, [uploadId, now + leaseMs, t.row_count + 1, now, taskId]);
        return { ok: true as const, nextIndex: t.row_count + 1 };
      });
    },
    stageRows(taskId, uploadId, rows, maxTries, now, leaseMs) {
      return tx(pool, async (c) => {
        const t = await held(c, taskId, uploadId, now);
        if (!t) return undefined;
        const existing = new Set((await c.query<{ callee: string }>(EXISTING, [taskId, rows.map((r) => r.callee)])).rows.map((r) => r.callee));
        let next = t.upload_next!;
        const duplicates: number[] = [];
        const idx: number[] = [];
        const callees: string[] = [];
        const vals: string[] = [];
        const tzs: Array<string | null> = [];
        rows.forEach((r, i) => {
          // A callee twice in one batch is a duplicate too (the unique index would refuse the insert).
          if (existing.has(r.callee)) return void duplicates.push(i);
          existing.add(r.callee);
          idx.push(next++);
          callees.push(r.callee);
          vals.push(JSON.stringify(r.values));
          tzs.push(r.timeZone ?? null);
        });
        if (idx.length > 0) await c.query(STAGE, [taskId, maxTries, now, idx, callees, vals, tzs]);
        await c.query(SQL.extendUpload, [now + leaseMs, next, taskId]);
        return { duplicates, staged: next - t.row_count - 1 };
      });
    },
    finishUpload(taskId, uploadId, header, now) {
      return tx(pool, async (c) => {
        const t = await held(c, taskId, uploadId, now);
        if (!t) return undefined;
        if (!OPEN.has(t.state)) {
          await c.query(SQL.dropStaged, [taskId]);
          await c.query(SQL.releaseUpload, [taskId]);
          return undefined;
        }
        const added = (await c.query(SQL.commitStaged, [now, now, taskId])).rowCount ?? 0;
        const rowCount = t.row_count + added;
        await c.query(SQL.finishUpload, [rowCount, JSON.stringify(header), now, taskId]);
        return { added, rowCount };
      });
    },
    async abortUpload(taskId, uploadId) {
      await tx(pool, async (c) => {
        const t = await lock(c, taskId);
        if (t?.upload_id !== uploadId) return;
        await c.query(SQL.dropStaged, [taskId]);
        await c.query(SQL.releaseUpload, [taskId]);
      });
    },
    async rows(taskId, afterIndex, limit) {
      return (await pool.query<RowDbRow>(SQL.rows, [taskId, afterIndex, limit])).rows.map(toRow);
    },
    async row(taskId, rowIndex) {
      const r = (await pool.query<RowDbRow>(SQL.row, [taskId, rowIndex])).rows[0];
      return r && toRow(r);
    },
    async tries(taskId, rowIndex) {
      return (await pool.query<TryDbRow>(SQL.tries, [taskId, rowIndex])).rows.map(toTry);
    },
    async counters(taskId) {
      return toCounters((await pool.query<CounterDbRow>(SQL.counters, [taskId])).rows);
    },
    claimDueRows(taskId, now, limit) {
      return tx(pool, async (c): Promise<ClaimedRow[]> => {
        const due = (await c.query<RowDbRow>(DUE, [taskId, now, limit])).rows;
        if (due.length === 0) return [];
        await c.query(CLAIM, [owner, now, taskId, due.map((r) => r.row_index)]);
        return due.map((r) => toClaimed({ ...r, state: 'dialling', tries: Number(r.tries) + 1, updated_at: now }));
      });
    },
    delete(taskId) {
      return tx(pool, async (c) => {
        if ((await c.query(SQL.deleteTask, [taskId])).rowCount === 0) return false;
        await c.query(SQL.deleteTries, [taskId]);
        await c.query(SQL.deleteRows, [taskId]);
        return true;
      });
    },
    async nextDueAt(taskId) {
      const at = (await pool.query<{ at: string | null }>(SQL.nextDue, [taskId])).rows[0]?.at;
      return at === null || at === undefined ? undefined : Number(at);
    },
    claimNextRow(taskId, now, limits) {
      return tx(pool, async (c): Promise<NextRowClaim> => {
        const gate = (await c.query<GateDbRow>(GATE, [taskId])).rows[0];
        const dialling = Number((await c.query<{ n: string }>(SQL.dialling, [taskId])).rows[0]?.n ?? 0);
        const held = gateOf(gate, dialling, now, limits);
        if (held) return held;
        const [due] = (await c.query<RowDbRow>(DUE, [taskId, now, 1])).rows;
        if (!due) return { none: 'no_due_row' };
        await c.query(CLAIM, [owner, now, taskId, [due.row_index]]);
        await c.query(SQL.paced, [nextSlot(gate!.next_dial_at, now, limits), taskId]);
        return { row: toClaimed({ ...due, state: 'dialling', tries: Number(due.tries) + 1, updated_at: now }) };
      });
    },
    recordTry(taskId, rowIndex, tryNo, o, retryAt, now) {
      return tx(pool, async (c) => {
        const ins = await c.query(SQL.insertTry, [taskId, rowIndex, tryNo, o.result, o.sessionId ?? null, o.tag ?? null, now]);
        if (ins.rowCount === 0) return false;
        await c.query(SQL.settleRow, [retryAt === undefined ? 'done' : 'pending', retryAt ?? 0, o.result, o.sessionId ?? null, o.tag ?? null, now, taskId, rowIndex, tryNo]);
        return true;
      });
    },
    async releaseClaim(taskId, rowIndex, tryNo, nextAt, now) {
      return (await pool.query(SQL.releaseClaim, [nextAt, now, taskId, rowIndex, tryNo])).rowCount === 1;
    },
    async interruptedRows(limit) {
      const r = owner === null
        ? await pool.query<RowDbRow>(SQL.interruptedUnowned, [limit])
        : await pool.query<RowDbRow>(SQL.interrupted, [owner, limit]);
      return r.rows.map(toClaimed);
    },
    async adoptRows(deadNodeId, staleBefore, now) {
      if (owner === null) return [];
      return (await pool.query<RowDbRow>(SQL.adoptRows, [owner, now, deadNodeId, deadNodeId, staleBefore])).rows.map(toClaimed);
    },
  };
}
