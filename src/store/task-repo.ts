// Outbound call tasks in the store (migration 014, docs/tasks.md): tasks, their rows and every
// try of a row. Part of the repository interface (types.ts re-exports it). Every method is one
// transaction.

import type { NewPush } from '../domain/push.js';
import type { PausedBy, Task, TaskCounters, TaskRow, TaskState } from '../domain/task.js';

/** A row as an upload hands it to the store; the store gives it its index. */
export interface NewTaskRow {
  callee: string;
  values: string[];
  timeZone?: string;
}

/** A row the dialler claimed: `try` is the try number it is dialled for (= its tries now). */
export type ClaimedRow = TaskRow & { try: number };

/** A task's limits, held by the store across every node dialling the task. */
export interface ClaimLimits {
  /** Rows dialling at once, on every node. */
  concurrency: number;
  /** Claims per second: one every ceil(1000/cps) ms. */
  cps: number;
}

/** What claimNextRow got: a row, or why none. */
export type NextRowClaim =
  | { row: ClaimedRow }
  | { none: 'no_due_row' | 'not_running' }
  | { none: 'concurrency'; dialling: number }
  | { none: 'pace'; slotAt: number };

/** One try of a row, as recorded. */
export interface TaskTry {
  try: number;
  result: string;
  sessionId?: string;
  tag?: string;
  at: number;
}

export type UploadStart =
  | { ok: true; nextIndex: number }
  | { ok: false; why: 'not_found' | 'closed' | 'busy' | 'header'; header?: string[] };

export interface StagedBatch {
  /** Positions (0-based, in the batch) of rows whose callee the task already has: not staged. */
  duplicates: number[];
  /** Rows staged for the upload so far, this batch included. */
  staged: number;
}

/** A state change as its transaction saw it: the task after it, where it was, its counters, its number. */
export interface TaskStateChange {
  task: Task;
  previous: { state: TaskState; pausedBy?: PausedBy };
  counters: TaskCounters;
  /** The task's state changes so far, this one included (1 for the first). */
  seq: number;
}

/**
 * The pushes announcing a state change (voxcall's task status, docs/push-formats.md), stored in
 * the change's own transaction: a change is never stored without them, nor they without it.
 */
export type TaskChangePushes = (change: TaskStateChange) => NewPush[];

export interface TaskRepo {
  create(task: Task): Promise<void>;
  get(taskId: string): Promise<Task | undefined>;
  /** The app's tasks, newest first; `before` is the last task of the previous page. */
  list(appKey: string, before: { createdAt: number; taskId: string } | undefined, limit: number): Promise<Task[]>;
  /**
   * The tasks of every app in a state the dialler looks at (ACTIVE_TASK_STATES: scheduled,
   * running, paused), in task id order, those after `afterTaskId` (the last task of the previous
   * page; undefined for the first). Read through an index of those states alone (migration 020),
   * so its cost follows the active tasks, not every task ever made.
   */
  listActive(afterTaskId: string | undefined, limit: number): Promise<Task[]>;
  /**
   * Moves the task from `from` (its state and pausedBy when the transition was decided) to `to`,
   * only if it is still there (compare and set). Resolves the task as it is now, or undefined
   * when it had moved on (or does not exist). `pushes` (when given) are enqueued in the same
   * transaction, built from the change with its counters.
   */
  setState(
    taskId: string, from: { state: TaskState; pausedBy?: PausedBy }, to: { state: TaskState; pausedBy?: PausedBy }, now: number,
    pushes?: TaskChangePushes,
  ): Promise<Task | undefined>;
  /**
   * A completed task back to running with its finished rows whose last result is in `retryOn`
   * queued again (due now, `extraTries` more tries each), in one transaction. Resolves how many
   * rows were queued; undefined (and nothing changed) when the task is not completed or no row
   * qualifies (then 0). `pushes` as in setState, for the move back to running.
   */
  rerun(taskId: string, retryOn: string[], extraTries: number, now: number, pushes?: TaskChangePushes): Promise<number | undefined>;

  /**
   * Starts an upload of rows with this header: one at a time per task (a lease until
   * now + leaseMs; an expired one is taken over and its staged rows dropped). Refused when the
   * task takes no rows, another upload holds it, or its header differs from the task's.
   */
  beginUpload(taskId: string, uploadId: string, header: string[], now: number, leaseMs: number): Promise<UploadStart>;
  /** Stages a batch of the upload (invisible until finishUpload); refused rows come back by position. Undefined: the upload lost its lease. */
  stageRows(taskId: string, uploadId: string, rows: NewTaskRow[], maxTries: number, now: number, leaseMs: number): Promise<StagedBatch | undefined>;
  /** Makes the staged rows the task's (due at `now`), in one statement. Undefined: the upload lost its lease, or the task no longer takes rows (its rows are dropped). */
  finishUpload(taskId: string, uploadId: string, header: string[], now: number): Promise<{ added: number; rowCount: number } | undefined>;
  /** Drops the upload's staged rows and releases the task. */
  abortUpload(taskId: string, uploadId: string): Promise<void>;

  /** Rows of the task with rowIndex > afterIndex, in index order. */
  rows(taskId: string, afterIndex: number, limit: number): Promise<TaskRow[]>;
  row(taskId: string, rowIndex: number): Promise<TaskRow | undefined>;
  tries(taskId: string, rowIndex: number): Promise<TaskTry[]>;
  counters(taskId: string): Promise<TaskCounters>;

  /**
   * Marks up to `limit` due rows (pending, nextAt <= now) of a running task as dialling, their
   * tries raised by one and stamped with this store's node, durably, and returns them: oldest due
   * first, then in row order. Two claimers never get the same row.
   */
  claimDueRows(taskId: string, now: number, limit: number): Promise<ClaimedRow[]>;
  /**
   * The dialler's claim: one due row as claimDueRows does, only while the task runs, has fewer
   * than `limits.concurrency` rows dialling (counted on every node) and its next dial slot has
   * come; the claim then moves the slot ceil(1000/cps) ms on. Decided under the task's row lock
   * (PostgreSQL: FOR UPDATE; SQLite: the write transaction), so several nodes together keep the
   * task's limits.
   */
  claimNextRow(taskId: string, now: number, limits: ClaimLimits): Promise<NextRowClaim>;
  /**
   * Deletes a task that is draft, completed or cancelled, with its rows and tries, in one
   * transaction; false (nothing deleted) when there is no such task or it is in another state.
   */
  delete(taskId: string): Promise<boolean>;
  /** When the task's earliest pending row falls due, whoever scheduled it; undefined when none is pending. */
  nextDueAt(taskId: string): Promise<number | undefined>;
  /**
   * Records the end of try `tryNo` of a row and moves it on: pending again at `retryAt`, or done.
   * Idempotent per (row, try): resolves false, changing nothing, when that try was recorded already.
   */
  recordTry(taskId: string, rowIndex: number, tryNo: number, outcome: { result: string; sessionId?: string; tag?: string }, retryAt: number | undefined, now: number): Promise<boolean>;
  /**
   * Undoes the claim of try `tryNo` of a row whose call was not placed (its own time zone's window
   * is closed now): pending again at `nextAt` with its tries lowered back, as if never claimed.
   * False, changing nothing, when the row is no longer dialling for that try.
   */
  releaseClaim(taskId: string, rowIndex: number, tryNo: number, nextAt: number, now: number): Promise<boolean>;
  /** Rows left dialling by this store's node (and by none): what a restart of the node must settle. */
  interruptedRows(limit: number): Promise<ClaimedRow[]>;
  /**
   * Makes the rows that node `deadNodeId` left dialling this store's node's, in one statement,
   * unless that node has heartbeated since `staleBefore`, and returns them for settling. Of two
   * adopters at once, each row goes to one. [] for a store opened without a node id.
   */
  adoptRows(deadNodeId: string, staleBefore: number, now: number): Promise<ClaimedRow[]>;
}
