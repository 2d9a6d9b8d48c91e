// A task's state change as voxcall's own push format carries it (docs/push-formats.md, "voxcall:
// task status"). The documents voxcall implements define no task message, so this one is
// voxcall's: one event per change, numbered per task so a receiver can order and de-duplicate.

import type { PausedBy, TaskCounters, TaskState } from './task.js';

/**
 * Why the task changed state: `user` for an action through the APIs or the CLI, else what the
 * dialler saw (docs/tasks.md, "State machine").
 */
export type TaskChangeReason = 'user' | 'startAt' | 'windowClosed' | 'windowOpened' | 'allRowsFinal' | 'endAt';

export interface TaskStatusEvent {
  taskId: string;
  appKey: string;
  name: string;
  /** 1 for the task's first state change, then one more for each. */
  seq: number;
  state: TaskState;
  pausedBy?: PausedBy;
  previousState: TaskState;
  previousPausedBy?: PausedBy;
  /** The state machine's action (start, pause, resume, cancel, rerun, begin, windowClose, windowOpen, finish). */
  action: string;
  reason: TaskChangeReason;
  /** The task's counters in the same transaction as the change. */
  counters: TaskCounters;
  /** When the change was stored (ms since the epoch). */
  at: number;
}
