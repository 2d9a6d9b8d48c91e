// The task state machine (docs/tasks.md, "State machine"). Users act through the APIs (start,
// pause, resume, cancel, rerun); the dialler (src/tasks/dial/) through the system actions (begin,
// windowClose, windowOpen, finish). A transition is legal when the table has it; the store then
// changes the state only if it is still the one the decision was made on (compare and set).

import type { PausedBy, Task, TaskState } from '../domain/task.js';

export type UserAction = 'start' | 'pause' | 'resume' | 'cancel' | 'rerun';
export type SystemAction = 'begin' | 'windowClose' | 'windowOpen' | 'finish';
export type TaskAction = UserAction | SystemAction;
export const USER_ACTIONS: readonly UserAction[] = ['start', 'pause', 'resume', 'cancel', 'rerun'];

export interface Transition {
  to: TaskState;
  pausedBy?: PausedBy;
}

type Rule = (task: Pick<Task, 'state' | 'pausedBy' | 'startAt'>, now: number) => Transition | undefined;

const startOrSchedule = (task: Pick<Task, 'startAt'>, now: number): Transition =>
  task.startAt !== undefined && task.startAt > now ? { to: 'scheduled' } : { to: 'running' };

/** Every legal transition: action -> state it leaves -> where it goes (undefined: illegal from there). */
export const TRANSITIONS: Record<TaskAction, Partial<Record<TaskState, Rule>>> = {
  start: { draft: (t, now) => startOrSchedule(t, now) },
  pause: {
    scheduled: () => ({ to: 'paused', pausedBy: 'user' }),
    running: () => ({ to: 'paused', pausedBy: 'user' }),
    // A user's pause holds a task the window paused: it then stays paused when the window opens.
    paused: (t) => (t.pausedBy === 'window' ? { to: 'paused', pausedBy: 'user' } : undefined),
  },
  resume: { paused: (t, now) => (t.pausedBy === 'user' ? startOrSchedule(t, now) : undefined) },
  cancel: {
    draft: () => ({ to: 'cancelled' }), scheduled: () => ({ to: 'cancelled' }), running: () => ({ to: 'cancelled' }), paused: () => ({ to: 'cancelled' }),
  },
  rerun: { completed: () => ({ to: 'running' }) },
  begin: { scheduled: () => ({ to: 'running' }) },
  windowClose: { running: () => ({ to: 'paused', pausedBy: 'window' }) },
  windowOpen: { paused: (t) => (t.pausedBy === 'window' ? { to: 'running' } : undefined) },
  finish: { running: () => ({ to: 'completed' }), paused: () => ({ to: 'completed' }), scheduled: () => ({ to: 'completed' }) },
};

/** Where the action takes the task, or undefined when it is illegal in the task's state. */
export function transition(action: TaskAction, task: Pick<Task, 'state' | 'pausedBy' | 'startAt'>, now: number): Transition | undefined {
  return TRANSITIONS[action][task.state]?.(task, now);
}

/** Rows may be added while the task can still dial them. */
export const acceptsRows = (state: TaskState): boolean => state !== 'completed' && state !== 'cancelled';
