// An outbound call task (docs/tasks.md): an app's table of callees run through a dialogue flow
// within calling windows, with a retry policy. This slice stores and schedules tasks; the dialler
// that places their calls arrives in the next one.

/** The lifecycle (docs/tasks.md, "State machine"; src/tasks/lifecycle.ts holds the transitions). */
export type TaskState = 'draft' | 'scheduled' | 'running' | 'paused' | 'completed' | 'cancelled';
export const TASK_STATES: readonly TaskState[] = ['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled'];
/**
 * The states the dialler looks at (src/tasks/dial/dialler.ts): a task in one of them has a time
 * to act at or rows to dial. Migration 020's partial index (tasks_active) holds the same list:
 * change both together.
 */
export const ACTIVE_TASK_STATES: readonly TaskState[] = ['scheduled', 'running', 'paused'];

/** Who paused a paused task: its user (resumes only when asked), or the calling window closing (reopens by itself). */
export type PausedBy = 'user' | 'window';

/**
 * One calling window: on ISO weekday `day` (1 = Monday ... 7 = Sunday), local time from `from`
 * (inclusive) to `to` (exclusive), both "HH:MM" ("24:00" allowed as `to`). A `to` earlier than
 * `from` runs past midnight into the next day.
 */
export interface CallingWindow {
  day: number;
  from: string;
  to: string;
}

export interface RetryPolicy {
  /** Tries per row in all, the first included (1 = never retried). */
  maxTries: number;
  /** Wait between a failed try and the next (seconds). */
  intervalSeconds: number;
  /** The task_result codes that are retried (src/tasks/results.ts). */
  retryOn: string[];
}

/** What a task is asked to do: its settings, as validated (src/tasks/validate.ts) and stored. */
export interface TaskSettings {
  name?: string;
  flowId: string;
  /** The flow version the task runs: given, or the newest when the task was created (pinned then, src/flows/catalog.ts). */
  flowVersion?: number;
  /** Shown to callees, in rotation by row (one = always that one). Numbers of the app. */
  displayNumbers: string[];
  /** The task's IANA time zone; a row's `tz` column overrides it for that row. */
  timeZone: string;
  /** Empty: any time of any day. */
  windows: CallingWindow[];
  /** Local dates ("YYYY-MM-DD", in the row's time zone) on which nothing is dialled. */
  forbiddenDates: string[];
  /** Calls in flight at most. */
  concurrency: number;
  /** New calls per second at most. */
  cps: number;
  retry: RetryPolicy;
  /** No dial before (ms since the epoch). */
  startAt?: number;
  /** No dial from then on; a running task reaching it completes. */
  endAt?: number;
}

export interface Task extends Omit<TaskSettings, 'name'> {
  taskId: string;
  appKey: string;
  name: string;
  state: TaskState;
  pausedBy?: PausedBy;
  /** The columns of its rows, set by the first rows added (reserved: `callee`, `tz`). */
  header?: string[];
  /** Rows accepted so far (the next row's index is rowCount + 1). */
  rowCount: number;
  createdAt: number;
  updatedAt: number;
}

/** Where a row is: waiting (never tried or retry due at nextAt), being dialled, or finished. */
export type RowState = 'pending' | 'dialling' | 'done';

export interface TaskRow {
  taskId: string;
  /** 1-based, in the order rows were accepted, over every upload of the task (task_row_index). */
  rowIndex: number;
  callee: string;
  /** The row's values in header order (task_row_value). */
  values: string[];
  /** The row's own IANA time zone (its `tz` column), when it has one. */
  timeZone?: string;
  state: RowState;
  /** Tries made (a try claimed for dialling counts). */
  tries: number;
  /** The try number this row may not pass (the policy's maxTries; a rerun raises it). */
  maxTries: number;
  /** When a pending row is due. */
  nextAt: number;
  lastResult?: string;
  lastSessionId?: string;
  /** The flow tag the last call reached. */
  lastTag?: string;
  updatedAt: number;
}

/** The row's data id as pushed (task_data_id): task id and row index. */
export const rowDataId = (taskId: string, rowIndex: number): string => `${taskId}-${rowIndex}`;

/** Progress, computed from the rows (docs/tasks.md, "Progress"). */
export interface TaskCounters {
  total: number;
  /** Rows tried at least once. */
  dialled: number;
  /** Rows whose last result is an answered one. */
  answered: number;
  /** Rows per last task_result (rows never tried are not counted). */
  byResult: Record<string, number>;
  /** Rows not finished: waiting (first try or retry) or being dialled. */
  remaining: number;
  /** Rows tried and waiting for another try. */
  retryPending: number;
  /** Rows being dialled now. */
  dialling: number;
}
