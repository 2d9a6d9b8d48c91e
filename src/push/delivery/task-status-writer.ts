// Task-status pushes (docs/push-formats.md, "voxcall: task status"): the TaskAnnouncer of the
// delivery stage. For a state change of an app's task it reads the app's subscriptions before the
// change's transaction and gives the store the builder of one push per subscription whose format
// pushes task events (voxcall); the store runs it inside the transaction (the outbox rule of
// docs/delivery.md), so a change is never stored without its pushes. One order key per task and
// subscription, the change's number as seq: a receiver gets a task's changes in order.

import { randomUUID } from 'node:crypto';
import type { NewPush } from '../../domain/push.js';
import type { Subscription } from '../../domain/subscription.js';
import { wantsTaskStatus } from '../../domain/subscription.js';
import type { TaskStatusEvent } from '../../domain/task-status.js';
import type { Clock } from '../../lib/clock.js';
import type { TaskChangePushes, TaskStateChange } from '../../store/task-repo.js';
import type { TaskAnnouncer } from '../../tasks/announce.js';
import type { Dialect } from '../dialects/types.js';

export interface TaskStatusWriterOptions {
  subscriptions: { forApp(appKey: string): Promise<Subscription[]> };
  formats: Map<string, Dialect>;
  clock: Clock;
  /** Called after a change with pushes was stored (wire it to Dispatcher.wake). */
  onEnqueued?: () => void;
}

/** A task's pushes to one subscription go one at a time, in the order of its changes. */
export const taskOrderKey = (taskId: string, subscriptionId: string): string => `task:${taskId} sub:${subscriptionId}`;

export function taskStatusEvent(c: TaskStateChange, action: string, reason: TaskStatusEvent['reason']): TaskStatusEvent {
  return {
    taskId: c.task.taskId, appKey: c.task.appKey, name: c.task.name, seq: c.seq,
    state: c.task.state, ...(c.task.pausedBy ? { pausedBy: c.task.pausedBy } : {}),
    previousState: c.previous.state, ...(c.previous.pausedBy ? { previousPausedBy: c.previous.pausedBy } : {}),
    action, reason, counters: c.counters, at: c.task.updatedAt,
  };
}

export function taskStatusWriter(o: TaskStatusWriterOptions): TaskAnnouncer {
  return async (appKey, action, reason, store) => {
    const targets: Array<{ sub: Subscription; dialect: Dialect }> = [];
    for (const sub of await o.subscriptions.forApp(appKey)) {
      const dialect = o.formats.get(sub.format);
      if (dialect?.encodeTaskStatus && wantsTaskStatus(sub)) targets.push({ sub, dialect });
    }
    if (targets.length === 0) return store(undefined);
    let built = 0;
    const pushes: TaskChangePushes = (change) => {
      const event = taskStatusEvent(change, action, reason);
      const now = o.clock.now();
      const out = targets.map(({ sub, dialect }): NewPush => ({
        id: randomUUID(),
        appKey,
        // A task's pushes carry its id where a call's carry its sessionId (the management API's filter).
        sessionId: change.task.taskId,
        dialect: dialect.name,
        kind: 'status',
        url: sub.url,
        orderKey: taskOrderKey(change.task.taskId, sub.id),
        seq: change.seq,
        item: dialect.encodeTaskStatus!(event, { subscriptionId: sub.id }),
        availableAt: now,
        schedule: [...(sub.retrySchedule ?? dialect.schedules.status)],
        timeoutMs: sub.timeoutMs ?? dialect.attemptTimeoutMs,
        createdAt: now,
        subscriptionId: sub.id,
      }));
      built += out.length;
      return out;
    };
    const result = await store(pushes);
    if (built > 0) o.onEnqueued?.();
    return result;
  };
}
