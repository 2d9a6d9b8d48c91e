// Where a task stands in time for the dialler (docs/tasks.md, "Dialling"): which lifecycle action
// is due now, and when the next one can be. Pure functions of the task and an instant.

import type { Task } from '../../domain/task.js';
import type { SystemAction } from '../lifecycle.js';
import { TZ_COLUMN } from '../limits.js';
import { isWithinWindow, nextWindowOpen, windowCloses } from '../windows.js';

/**
 * Whether the task's own windows pause it. A task whose rows may carry their own time zone (a
 * `tz` column) is never paused by a window: some row's window may be open while the task's is
 * closed, so each row is held to its own window when it is claimed instead.
 */
export const pausesByWindow = (task: Pick<Task, 'header'>): boolean => !(task.header ?? []).includes(TZ_COLUMN);

/** The system action due at `now`, if any. */
export function dueAction(task: Task, now: number): SystemAction | undefined {
  if (task.endAt !== undefined && now >= task.endAt && (task.state === 'running' || task.state === 'paused' || task.state === 'scheduled')) return 'finish';
  if (task.state === 'scheduled') return task.startAt === undefined || task.startAt <= now ? 'begin' : undefined;
  if (!pausesByWindow(task)) return undefined;
  if (task.state === 'running' && !isWithinWindow(task, undefined, now)) return 'windowClose';
  if (task.state === 'paused' && task.pausedBy === 'window' && isWithinWindow(task, undefined, now)) return 'windowOpen';
  return undefined;
}

/** When the task's state may next need a system action (start, window change, end); undefined: none ahead. */
export function nextChange(task: Task, now: number): number | undefined {
  const at: (number | undefined)[] = [task.endAt];
  if (task.state === 'scheduled') at.push(task.startAt);
  if (pausesByWindow(task)) {
    if (task.state === 'running') at.push(windowCloses(task, undefined, now));
    if (task.state === 'paused' && task.pausedBy === 'window') at.push(nextWindowOpen(task, undefined, now));
  }
  const ahead = at.filter((t): t is number => t !== undefined && t > now);
  return ahead.length === 0 ? undefined : Math.min(...ahead);
}
