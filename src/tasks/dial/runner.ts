// A task as one node's dialler follows it (dialler.ts): its pacing, its calls in flight from this
// node, its timer, and what the dialler last read of it; and when the periodic scan must wake it.

import type { Timer } from '../../lib/clock.js';
import type { PausedBy, Task, TaskState } from '../../domain/task.js';
import type { Pacer } from './pacer.js';

export interface Runner {
  taskId: string;
  /** The task's version as this runner last read it (versionOf). */
  seen?: string;
  /** When it last looked at the task. */
  steppedAt: number;
  cps: number;
  pacer: Pacer;
  /** Calls of the task this node placed and whose run has not ended. */
  inFlight: number;
  timer?: Timer;
  timerAt?: number;
  busy: boolean;
  again: boolean;
  /** The task's next change as last worked out (nextChangeOf). */
  change?: { version: string; from: number; at: number | undefined };
}

export const stateOf = (t: Task): { state: TaskState; pausedBy?: PausedBy } => ({ state: t.state, ...(t.pausedBy ? { pausedBy: t.pausedBy } : {}) });

export const versionOf = (t: Task): string => `${t.state}/${t.pausedBy ?? ''}/${t.updatedAt}/${t.rowCount}`;

/** How often an idle running task is looked at for rows this node did not schedule (docs/tasks.md). */
const IDLE_LOOK_MS = 60_000;

/**
 * A task this node follows is woken by its own timers and calls; the scan wakes it only when it
 * changed meanwhile (a user's action, rows added, another node's move), or when it runs with no
 * call of its own and no wake of its own within a scan period. A runner finding no due row
 * already wakes at the next pending row's time (nextDueAt), whoever scheduled it; this look is
 * the net for anything else.
 */
export function needsLook(r: Runner | undefined, t: Task, now: number, scanMs: number): boolean {
  if (!r || r.seen !== versionOf(t)) return true;
  const soon = r.timerAt !== undefined && r.timerAt <= now + scanMs;
  return t.state === 'running' && r.inFlight === 0 && !r.busy && !soon && now - r.steppedAt >= IDLE_LOOK_MS;
}
