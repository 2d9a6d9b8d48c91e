// Outbound call tasks (migration 014): the SQL both engines run as it is (? parameters;
// PostgreSQL's side rewrites them) and the row mapping. The upload, claim and try statements run
// inside the one transaction of their repository method (sqlite/tasks.ts, postgres/tasks.ts).

import { ACTIVE_TASK_STATES, type Task, type TaskCounters, type TaskRow, type TaskState } from '../../domain/task.js';
import type { ClaimedRow, ClaimLimits, NextRowClaim, TaskTry } from '../task-repo.js';
import { ANSWERED_RESULTS } from '../../tasks/results.js';

const TASK_COLUMNS = `task_id, app_key, name, flow_id, flow_version, settings, start_at, end_at, state, paused_by, header,
  row_count, created_at, updated_at`;
const ROW_COLUMNS = 'task_id, row_index, callee, vals, tz, state, tries, max_tries, next_at, last_result, last_session_id, last_tag, updated_at';

export const TASK_SQL = {
  /** Params: the TASK_COLUMNS in order. */
  insert: `INSERT INTO tasks (${TASK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  get: `SELECT ${TASK_COLUMNS} FROM tasks WHERE task_id = ?`,
  /** Params: appKey, limit. */
  listFirst: `SELECT ${TASK_COLUMNS} FROM tasks WHERE app_key = ? ORDER BY created_at DESC, task_id DESC LIMIT ?`,
  /** Params: appKey, createdAt, createdAt, taskId, limit. */
  listAfter: `SELECT ${TASK_COLUMNS} FROM tasks WHERE app_key = ? AND (created_at < ? OR (created_at = ? AND task_id < ?))
    ORDER BY created_at DESC, task_id DESC LIMIT ?`,
  /**
   * The tasks the dialler looks at, of every app, in task id order after the given one ('' for
   * the first page). Params: afterTaskId, limit. The states are literals, as migration 020's
   * partial index tasks_active has them: an engine uses a partial index only for a query whose
   * WHERE implies the index's, so the scan walks that index alone (completed and cancelled
   * tasks, most of them in time, are not in it) and sorts nothing.
   */
  listActive: `SELECT ${TASK_COLUMNS} FROM tasks WHERE state IN (${ACTIVE_TASK_STATES.map((st) => `'${st}'`).join(', ')}) AND task_id > ?
    ORDER BY task_id LIMIT ?`,
  /**
   * Compare and set; counts the change (migration 015). Params: state, pausedBy, now, taskId,
   * fromState, fromPausedBy ('' for none). Returns the change's number.
   */
  setState: `UPDATE tasks SET state = ?, paused_by = ?, updated_at = ?, state_seq = state_seq + 1
    WHERE task_id = ? AND state = ? AND COALESCE(paused_by, '') = ? RETURNING state_seq`,
  /** The task's row for an upload or a rerun, read under its lock (PostgreSQL appends FOR UPDATE). */
  lockTask: 'SELECT state, header, row_count, upload_id, upload_until, upload_next FROM tasks WHERE task_id = ?',
  /** Params: taskId. */
  dropStaged: "DELETE FROM task_rows WHERE task_id = ? AND state = 'staged'",
  /** Params: uploadId, until, next, now, taskId. */
  takeUpload: 'UPDATE tasks SET upload_id = ?, upload_until = ?, upload_next = ?, updated_at = ? WHERE task_id = ?',
  /** Params: until, next, taskId. */
  extendUpload: 'UPDATE tasks SET upload_until = ?, upload_next = ? WHERE task_id = ?',
  /** Params: taskId, callee. */
  hasCallee: 'SELECT 1 FROM task_rows WHERE task_id = ? AND callee = ?',
  /** Params: taskId, rowIndex, callee, vals, tz, maxTries, now, now. */
  stageRow: `INSERT INTO task_rows (task_id, row_index, callee, vals, tz, state, tries, max_tries, next_at, updated_at)
    VALUES (?, ?, ?, ?, ?, 'staged', 0, ?, ?, ?)`,
  /** Params: now, now, taskId. */
  commitStaged: "UPDATE task_rows SET state = 'pending', next_at = ?, updated_at = ? WHERE task_id = ? AND state = 'staged'",
  /** Params: rowCount, header, now, taskId. */
  finishUpload: `UPDATE tasks SET row_count = ?, header = ?, upload_id = NULL, upload_until = NULL, upload_next = NULL, updated_at = ?
    WHERE task_id = ?`,
  /** Params: taskId. */
  releaseUpload: 'UPDATE tasks SET upload_id = NULL, upload_until = NULL, upload_next = NULL WHERE task_id = ?',
  /** Params: taskId, afterIndex, limit. Staged rows are invisible. */
  rows: `SELECT ${ROW_COLUMNS} FROM task_rows WHERE task_id = ? AND row_index > ? AND state <> 'staged' ORDER BY row_index LIMIT ?`,
  row: `SELECT ${ROW_COLUMNS} FROM task_rows WHERE task_id = ? AND row_index = ? AND state <> 'staged'`,
  tries: 'SELECT try, result, session_id, tag, at FROM task_row_tries WHERE task_id = ? AND row_index = ? ORDER BY try',
  /** Params: taskId. One scan of task_rows_progress. */
  counters: `SELECT state, last_result, CASE WHEN tries > 0 THEN 1 ELSE 0 END AS tried, COUNT(*) AS n
    FROM task_rows WHERE task_id = ? AND state <> 'staged' GROUP BY state, last_result, CASE WHEN tries > 0 THEN 1 ELSE 0 END`,
  /** Params: taskId, now, limit. Only a running task's rows (PostgreSQL appends its lock clause). */
  due: `SELECT ${ROW_COLUMNS} FROM task_rows
    WHERE task_id = ? AND state = 'pending' AND next_at <= ?
      AND EXISTS (SELECT 1 FROM tasks t WHERE t.task_id = task_rows.task_id AND t.state = 'running')
    ORDER BY next_at, row_index LIMIT ?`,
  /** Params: nodeId, now, taskId, rowIndex. */
  claimRow: "UPDATE task_rows SET state = 'dialling', tries = tries + 1, node_id = ?, updated_at = ? WHERE task_id = ? AND row_index = ? AND state = 'pending'",
  /** Params: taskId, rowIndex, try, result, sessionId, tag, at. Nothing when the try is recorded. */
  insertTry: `INSERT INTO task_row_tries (task_id, row_index, try, result, session_id, tag, at) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (task_id, row_index, try) DO NOTHING`,
  /** Params: state, nextAt, result, sessionId, tag, now, taskId, rowIndex, try. */
  settleRow: `UPDATE task_rows SET state = ?, next_at = ?, last_result = ?, last_session_id = ?, last_tag = ?, node_id = NULL, updated_at = ?
    WHERE task_id = ? AND row_index = ? AND state = 'dialling' AND tries = ?`,
  /** Params: nextAt, now, taskId, rowIndex, try. A claim undone before its call was placed: the try never happened. */
  releaseClaim: `UPDATE task_rows SET state = 'pending', tries = tries - 1, next_at = ?, node_id = NULL, updated_at = ?
    WHERE task_id = ? AND row_index = ? AND state = 'dialling' AND tries = ?`,
  /** Params: nodeId, limit. */
  interrupted: `SELECT ${ROW_COLUMNS} FROM task_rows WHERE state = 'dialling' AND (node_id = ? OR node_id IS NULL) ORDER BY task_id, row_index LIMIT ?`,
  /** Params: limit. Rows of no node (a store opened without a node id settles only those). */
  interruptedUnowned: `SELECT ${ROW_COLUMNS} FROM task_rows WHERE state = 'dialling' AND node_id IS NULL ORDER BY task_id, row_index LIMIT ?`,
  /** Params: taskId. The claim's gate: the task's state and next dial slot (PostgreSQL locks the row). */
  gate: 'SELECT state, next_dial_at FROM tasks WHERE task_id = ?',
  /** Params: taskId. Calls in flight of the task, on every node. */
  dialling: "SELECT COUNT(*) AS n FROM task_rows WHERE task_id = ? AND state = 'dialling'",
  /** Params: taskId, then the states a task may be deleted in (draft, completed, cancelled). */
  deleteTask: "DELETE FROM tasks WHERE task_id = ? AND state IN ('draft', 'completed', 'cancelled')",
  /** Params: taskId. */
  deleteTries: 'DELETE FROM task_row_tries WHERE task_id = ?',
  /** Params: taskId. */
  deleteRows: 'DELETE FROM task_rows WHERE task_id = ?',
  /** Params: taskId. When the task's next pending row falls due (an index seek on task_rows_due). */
  nextDue: "SELECT MIN(next_at) AS at FROM task_rows WHERE task_id = ? AND state = 'pending'",
  /** Params: nextDialAt, taskId. */
  paced: 'UPDATE tasks SET next_dial_at = ? WHERE task_id = ?',
  /**
   * Params: byNodeId, now, deadNodeId, deadNodeId, staleBefore. Rows a dead node left dialling
   * become the adopter's, unless that node is heartbeating again (it restarted and settles them).
   */
  adoptRows: `UPDATE task_rows SET node_id = ?, updated_at = ? WHERE state = 'dialling' AND node_id = ?
    AND NOT EXISTS (SELECT 1 FROM nodes WHERE id = ? AND heartbeat_at >= ?) RETURNING ${ROW_COLUMNS}`,
} as const;

/** Re-queues the finished rows of a rerun. Params: extraTries, now, now, taskId, then the n codes. */
export function rerunRowsSql(n: number): string {
  return `UPDATE task_rows SET state = 'pending', max_tries = tries + ?, next_at = ?, updated_at = ?
    WHERE task_id = ? AND state = 'done' AND last_result IN (${Array.from({ length: n }, () => '?').join(', ')})`;
}

export interface TaskDbRow {
  task_id: string;
  app_key: string;
  name: string;
  flow_id: string;
  flow_version: number | null;
  settings: string;
  start_at: number | null;
  end_at: number | null;
  state: string;
  paused_by: string | null;
  header: string | null;
  row_count: number;
  created_at: number;
  updated_at: number;
}

type Settings = Pick<Task, 'displayNumbers' | 'timeZone' | 'windows' | 'forbiddenDates' | 'concurrency' | 'cps' | 'retry'>;

/** The insert's parameters, in TASK_COLUMNS order. */
export function taskParams(t: Task): unknown[] {
  const settings: Settings = {
    displayNumbers: t.displayNumbers, timeZone: t.timeZone, windows: t.windows, forbiddenDates: t.forbiddenDates,
    concurrency: t.concurrency, cps: t.cps, retry: t.retry,
  };
  return [t.taskId, t.appKey, t.name, t.flowId, t.flowVersion ?? null, JSON.stringify(settings), t.startAt ?? null, t.endAt ?? null,
    t.state, t.pausedBy ?? null, t.header ? JSON.stringify(t.header) : null, t.rowCount, t.createdAt, t.updatedAt];
}

export function toTask(r: TaskDbRow): Task {
  const s = JSON.parse(r.settings) as Settings;
  return {
    taskId: r.task_id, appKey: r.app_key, name: r.name, flowId: r.flow_id,
    ...(r.flow_version !== null ? { flowVersion: Number(r.flow_version) } : {}),
    displayNumbers: s.displayNumbers, timeZone: s.timeZone, windows: s.windows, forbiddenDates: s.forbiddenDates,
    concurrency: s.concurrency, cps: s.cps, retry: s.retry,
    ...(r.start_at !== null ? { startAt: Number(r.start_at) } : {}),
    ...(r.end_at !== null ? { endAt: Number(r.end_at) } : {}),
    state: r.state as TaskState,
    ...(r.paused_by !== null ? { pausedBy: r.paused_by as Task['pausedBy'] } : {}),
    ...(r.header !== null ? { header: JSON.parse(r.header) as string[] } : {}),
    rowCount: Number(r.row_count), createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  };
}

export interface RowDbRow {
  task_id: string;
  row_index: number;
  callee: string;
  vals: string;
  tz: string | null;
  state: string;
  tries: number;
  max_tries: number;
  next_at: number;
  last_result: string | null;
  last_session_id: string | null;
  last_tag: string | null;
  updated_at: number;
}

export function toRow(r: RowDbRow): TaskRow {
  return {
    taskId: r.task_id, rowIndex: Number(r.row_index), callee: r.callee, values: JSON.parse(r.vals) as string[],
    ...(r.tz !== null ? { timeZone: r.tz } : {}),
    state: r.state as TaskRow['state'], tries: Number(r.tries), maxTries: Number(r.max_tries), nextAt: Number(r.next_at),
    ...(r.last_result !== null ? { lastResult: r.last_result } : {}),
    ...(r.last_session_id !== null ? { lastSessionId: r.last_session_id } : {}),
    ...(r.last_tag !== null ? { lastTag: r.last_tag } : {}),
    updatedAt: Number(r.updated_at),
  };
}

export const toClaimed = (r: RowDbRow): ClaimedRow => {
  const row = toRow(r);
  return { ...row, try: row.tries };
};

export interface TryDbRow { try: number; result: string; session_id: string | null; tag: string | null; at: number }

export const toTry = (r: TryDbRow): TaskTry => ({
  try: Number(r.try), result: r.result,
  ...(r.session_id !== null ? { sessionId: r.session_id } : {}),
  ...(r.tag !== null ? { tag: r.tag } : {}),
  at: Number(r.at),
});

export interface CounterDbRow { state: string; last_result: string | null; tried: number; n: number }

const ANSWERED = new Set(ANSWERED_RESULTS);

export function toCounters(rows: CounterDbRow[]): TaskCounters {
  const c: TaskCounters = { total: 0, dialled: 0, answered: 0, byResult: {}, remaining: 0, retryPending: 0, dialling: 0 };
  for (const r of rows) {
    const n = Number(r.n);
    const tried = Number(r.tried) === 1;
    c.total += n;
    if (tried) c.dialled += n;
    if (r.last_result !== null) {
      c.byResult[r.last_result] = (c.byResult[r.last_result] ?? 0) + n;
      if (ANSWERED.has(r.last_result)) c.answered += n;
    }
    if (r.state !== 'done') c.remaining += n;
    if (r.state === 'pending' && tried) c.retryPending += n;
    if (r.state === 'dialling') c.dialling += n;
  }
  return c;
}

/** Whether two headers are the same columns in the same order. */
export const sameHeader = (a: string[], b: string[]): boolean => a.length === b.length && a.every((c, i) => c === b[i]);

export interface GateDbRow { state: string; next_dial_at: number | string }

/**
 * The claim's decision before it looks for a row: the task must run, have fewer than
 * `concurrency` rows dialling (on every node), and its next dial slot must have come.
 */
export function gateOf(gate: GateDbRow | undefined, dialling: number, now: number, limits: ClaimLimits): NextRowClaim | undefined {
  if (gate?.state !== 'running') return { none: 'not_running' };
  if (dialling >= limits.concurrency) return { none: 'concurrency', dialling };
  const slotAt = Number(gate.next_dial_at);
  // A slot more than one interval ahead was set by a clock ahead of this one (another node's, or
  // this node's before a restart with a clock set back): waiting for it could stall the task.
  if (now < slotAt && slotAt - now <= Math.ceil(1000 / limits.cps)) return { none: 'pace', slotAt };
  return undefined;
}

/** How late a claim may be in its slot and still keep the grid (as the dialler's Pacer). */
const CATCH_UP_MS = 100;

/**
 * The slot after a claim at `now` in `slot`: on a grid ceil(1000/cps) ms apart, as the dialler's
 * Pacer spaces starts, so the time a claim takes is not lost at every claim; a claim later than
 * CATCH_UP_MS (or a slot) after its slot (the task was idle) begins a new grid.
 */
export function nextSlot(slot: number | string, now: number, limits: ClaimLimits): number {
  const interval = Math.ceil(1000 / limits.cps);
  const at = Number(slot);
  return (now - at < Math.max(interval, CATCH_UP_MS) ? at : now) + interval;
}
