// Outbound call tasks on SQLite (migration 014, SQL in ../sql/task-sql.ts). Every method that
// reads then writes is one IMMEDIATE transaction: the write lock is taken before the read, so
// processes sharing the file (and the one writer of a node) never interleave inside one.

import type Database from 'better-sqlite3';
import type { NewPush } from '../../domain/push.js';
import type { PausedBy, TaskState } from '../../domain/task.js';
import type { ClaimedRow, ClaimLimits, NextRowClaim, TaskChangePushes, TaskRepo } from '../types.js';
import {
  gateOf, nextSlot, rerunRowsSql, sameHeader, TASK_SQL as SQL, taskParams, toClaimed, toCounters, toRow, toTask, toTry,
  type CounterDbRow, type GateDbRow, type RowDbRow, type TaskDbRow, type TryDbRow,
} from '../sql/task-sql.js';

interface LockedTask { state: string; header: string | null; row_count: number; upload_id: string | null; upload_until: number | null; upload_next: number | null }

const OPEN = new Set(['draft', 'scheduled', 'running', 'paused']);

type Place = { state: TaskState; pausedBy?: PausedBy };

/** `enqueue` inserts pushes in the caller's transaction (the outbox's enqueueSync). */
export function sqliteTasks(db: Database.Database, nodeId: string | undefined, enqueue: (pushes: NewPush[]) => void): TaskRepo {
  const s = Object.fromEntries(Object.entries(SQL).map(([k, v]) => [k, db.prepare(v)])) as Record<keyof typeof SQL, Database.Statement>;
  const owner = nodeId ?? null;

  /** The compare and set, and the change's pushes in the same transaction; the task after it, or undefined. */
  const move = (taskId: string, from: Place, to: Place, now: number, pushes: TaskChangePushes | undefined) => {
    const seq = s.setState.pluck().get(to.state, to.pausedBy ?? null, now, taskId, from.state, from.pausedBy ?? '') as number | undefined;
    if (seq === undefined) return undefined;
    const task = toTask(s.get.get(taskId) as TaskDbRow);
    if (pushes) {
      const counters = toCounters(s.counters.all(taskId) as CounterDbRow[]);
      const out = pushes({ task, previous: from, counters, seq: Number(seq) });
      if (out.length > 0) enqueue(out);
    }
    return task;
  };
  const moveTx = db.transaction(move);

  /** The upload's task when `uploadId` still holds it. */
  const held = (taskId: string, uploadId: string, now: number): LockedTask | undefined => {
    const t = s.lockTask.get(taskId) as LockedTask | undefined;
    return t && t.upload_id === uploadId && (t.upload_until ?? 0) > now ? t : undefined;
  };

  const rerun = db.transaction((taskId: string, retryOn: string[], extraTries: number, now: number, pushes: TaskChangePushes | undefined) => {
    const t = s.lockTask.get(taskId) as LockedTask | undefined;
    if (!t || t.state !== 'completed' || retryOn.length === 0) return t?.state === 'completed' ? 0 : undefined;
    const n = db.prepare(rerunRowsSql(retryOn.length)).run(extraTries, now, now, taskId, ...retryOn).changes;
    if (n > 0) move(taskId, { state: 'completed' }, { state: 'running' }, now, pushes);
    return n;
  });

  const begin = db.transaction((taskId: string, uploadId: string, header: string[], now: number, leaseMs: number) => {
    const t = s.lockTask.get(taskId) as LockedTask | undefined;
    if (!t) return { ok: false as const, why: 'not_found' as const };
    if (!OPEN.has(t.state)) return { ok: false as const, why: 'closed' as const };
    if (t.upload_id !== null && (t.upload_until ?? 0) > now) return { ok: false as const, why: 'busy' as const };
    if (t.header !== null && !sameHeader(JSON.parse(t.header) as string[], header)) {
      return { ok: false as const, why: 'header' as const, header: JSON.parse(t.header) as string[] };
    }
    s.dropStaged.run(taskId); // an upload a crash left behind
    s.takeUpload.run(uploadId, now + leaseMs, t.row_count + 1, now, taskId);
    return { ok: true as const, nextIndex: t.row_count + 1 };
  });

  const stage = db.transaction((taskId: string, uploadId: string, rows: Parameters<TaskRepo['stageRows']>[2], maxTries: number, now: number, leaseMs: number) => {
    const t = held(taskId, uploadId, now);
    if (!t) return undefined;
    let next = t.upload_next!;
    const duplicates: number[] = [];
    rows.forEach((r, i) => {
      if (s.hasCallee.get(taskId, r.callee) !== undefined) duplicates.push(i);
      else s.stageRow.run(taskId, next++, r.callee, JSON.stringify(r.values), r.timeZone ?? null, maxTries, now, now);
    });
    s.extendUpload.run(now + leaseMs, next, taskId);
    return { duplicates, staged: next - t.row_count - 1 };
  });

  const finish = db.transaction((taskId: string, uploadId: string, header: string[], now: number) => {
    const t = held(taskId, uploadId, now);
    if (!t) return undefined;
    if (!OPEN.has(t.state)) {
      s.dropStaged.run(taskId);
      s.releaseUpload.run(taskId);
      return undefined;
    }
    const added = s.commitStaged.run(now, now, taskId).changes;
    const rowCount = t.row_count + added;
    s.finishUpload.run(rowCount, JSON.stringify(header), now, taskId);
    return { added, rowCount };
  });

  const abort = db.transaction((taskId: string, uploadId: string) => {
    const t = s.lockTask.get(taskId) as LockedTask | undefined;
    if (t?.upload_id !== uploadId) return;
    s.dropStaged.run(taskId);
    s.releaseUpload.run(taskId);
  });

  const claim = db.transaction((taskId: string, now: number, limit: number): ClaimedRow[] => {
    const due = s.due.all(taskId, now, limit) as RowDbRow[];
    for (const r of due) s.claimRow.run(owner, now, taskId, r.row_index);
    return due.map((r) => toClaimed({ ...r, state: 'dialling', tries: r.tries + 1, updated_at: now }));
  });

  const claimNext = db.transaction((taskId: string, now: number, limits: ClaimLimits): NextRowClaim => {
    const gate = s.gate.get(taskId) as GateDbRow | undefined;
    const held = gateOf(gate, (s.dialling.get(taskId) as { n: number }).n, now, limits);
    if (held) return held;
    const [row] = claim(taskId, now, 1);
    if (!row) return { none: 'no_due_row' };
    s.paced.run(nextSlot(gate!.next_dial_at, now, limits), taskId);
    return { row };
  });

  const remove = db.transaction((taskId: string): boolean => {
    if (s.deleteTask.run(taskId).changes === 0) return false;
    s.deleteTries.run(taskId);
    s.deleteRows.run(taskId);
    return true;
  });

  const record = db.transaction((taskId: string, rowIndex: number, tryNo: number, o: { result: string; sessionId?: string; tag?: string }, retryAt: number | undefined, now: number) => {
    if (s.insertTry.run(taskId, rowIndex, tryNo, o.result, o.sessionId ?? null, o.tag ?? null, now).changes === 0) return false;
    s.settleRow.run(retryAt === undefined ? 'done' : 'pending', retryAt ?? 0, o.result, o.sessionId ?? null, o.tag ?? null, now, taskId, rowIndex, tryNo);
    return true;
  });

  return {
    async create(task) {
      s.insert.run(...taskParams(task));
    },
    async get(taskId) {
      const r = s.get.get(taskId) as TaskDbRow | undefined;
      return r && toTask(r);
    },
    async list(appKey, before, limit) {
      const rows = before ? s.listAfter.all(appKey, before.createdAt, before.createdAt, before.taskId, limit) : s.listFirst.all(appKey, limit);
      return (rows as TaskDbRow[]).map(toTask);
    },
    async listActive(afterTaskId, limit) {
      return (s.listActive.all(afterTaskId ?? '', limit) as TaskDbRow[]).map(toTask);
    },
    async setState(taskId, from, to, now, pushes) {
      return moveTx.immediate(taskId, from, to, now, pushes);
    },
    async rerun(taskId, retryOn, extraTries, now, pushes) {
      return rerun.immediate(taskId, retryOn, extraTries, now, pushes);
    },
    async beginUpload(taskId, uploadId, header, now, leaseMs) {
      return begin.immediate(taskId, uploadId, header, now, leaseMs);
    },
    async stageRows(taskId, uploadId, rows, maxTries, now, leaseMs) {
      return stage.immediate(taskId, uploadId, rows, maxTries, now, leaseMs);
    },
    async finishUpload(taskId, uploadId, header, now) {
      return finish.immediate(taskId, uploadId, header, now);
    },
    async abortUpload(taskId, uploadId) {
      abort.immediate(taskId, uploadId);
    },
    async rows(taskId, afterIndex, limit) {
      return (s.rows.all(taskId, afterIndex, limit) as RowDbRow[]).map(toRow);
    },
    async row(taskId, rowIndex) {
      const r = s.row.get(taskId, rowIndex) as RowDbRow | undefined;
      return r && toRow(r);
    },
    async tries(taskId, rowIndex) {
      return (s.tries.all(taskId, rowIndex) as TryDbRow[]).map(toTry);
    },
    async counters(taskId) {
      return toCounters(s.counters.all(taskId) as CounterDbRow[]);
    },
    async claimDueRows(taskId, now, limit) {
      return claim.immediate(taskId, now, limit);
    },
    async delete(taskId) {
      return remove.immediate(taskId);
    },
    async nextDueAt(taskId) {
      const at = (s.nextDue.get(taskId) as { at: number | null }).at;
      return at === null ? undefined : at;
    },
    async claimNextRow(taskId, now, limits) {
      return claimNext.immediate(taskId, now, limits);
    },
    async recordTry(taskId, rowIndex, tryNo, outcome, retryAt, now) {
      return record.immediate(taskId, rowIndex, tryNo, outcome, retryAt, now);
    },
    async releaseClaim(taskId, rowIndex, tryNo, nextAt, now) {
      return s.releaseClaim.run(nextAt, now, taskId, rowIndex, tryNo).changes === 1;
    },
    async interruptedRows(limit) {
      const rows = owner === null ? s.interruptedUnowned.all(limit) : s.interrupted.all(owner, limit);
      return (rows as RowDbRow[]).map(toClaimed);
    },
    async adoptRows(deadNodeId, staleBefore, now) {
      if (owner === null) return [];
      return (s.adoptRows.all(owner, now, deadNodeId, deadNodeId, staleBefore) as RowDbRow[]).map(toClaimed);
    },
  };
}
