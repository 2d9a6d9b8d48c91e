// The port through which a task's state change is announced (voxcall's task-status push,
// docs/push-formats.md). The lifecycle's callers (the service for users, the dialler for the
// system actions) store each change through `announce`: it hands the store the builder of the
// change's pushes, which the store runs inside the change's transaction. The delivery stage
// implements it (src/push/delivery/task-status-writer.ts); without one, nothing is pushed.

import type { TaskChangeReason } from '../domain/task-status.js';
import type { TaskChangePushes } from '../store/task-repo.js';
import type { TaskAction } from './lifecycle.js';

export type TaskAnnouncer = <T>(
  appKey: string, action: TaskAction, reason: TaskChangeReason, store: (pushes: TaskChangePushes | undefined) => Promise<T>,
) => Promise<T>;

/** Stores the change with no push (no delivery stage wired). */
export const silentAnnouncer: TaskAnnouncer = (_appKey, _action, _reason, store) => store(undefined);
