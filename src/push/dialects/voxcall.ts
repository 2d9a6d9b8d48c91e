// voxcall's own push format (docs/push-formats.md, "voxcall: task status"): what none of the four
// documents has, a task's state change, one event per push. The delivery rules are vsp's (any
// 2xx, its retry schedule, 3 s) and the signature is Standard Webhooks when the subscription has
// a secret, as for vsp/ucloud/robot. It carries no call events and no call records: the four
// document formats do that.

import type { TaskStatusEvent } from '../../domain/task-status.js';
import { singleItemBody } from './single-body.js';
import { jsonPushHeaders } from './standard-webhooks.js';
import type { Dialect, EncodeContext } from './types.js';
import { judge2xx, VSP_SCHEDULE } from './vsp.js';

export const TASK_STATUS_TYPE = 'task.status';

/** The body of a task-status push; key order as docs/push-formats.md tables it. */
export interface VoxcallTaskStatus {
  type: typeof TASK_STATUS_TYPE;
  /** The event's id: the same for every subscription that receives it (`<taskId>.<seq>`). */
  id: string;
  taskId: string;
  appKey: string;
  name: string;
  seq: number;
  state: string;
  pausedBy?: string;
  previousState: string;
  previousPausedBy?: string;
  action: string;
  reason: string;
  counters: TaskStatusEvent['counters'];
  at: string;
  subscriptionId: string;
}

export const taskEventId = (taskId: string, seq: number): string => `${taskId}.${seq}`;

export function encodeTaskStatus(e: TaskStatusEvent, ctx?: EncodeContext): VoxcallTaskStatus {
  return {
    type: TASK_STATUS_TYPE,
    id: taskEventId(e.taskId, e.seq),
    taskId: e.taskId,
    appKey: e.appKey,
    name: e.name,
    seq: e.seq,
    state: e.state,
    ...(e.pausedBy ? { pausedBy: e.pausedBy } : {}),
    previousState: e.previousState,
    ...(e.previousPausedBy ? { previousPausedBy: e.previousPausedBy } : {}),
    action: e.action,
    reason: e.reason,
    counters: { ...e.counters, byResult: { ...e.counters.byResult } },
    at: new Date(e.at).toISOString(),
    subscriptionId: ctx?.subscriptionId ?? '',
  };
}

export const voxcall: Dialect = {
  name: 'voxcall',
  schedules: { status: VSP_SCHEDULE, record: VSP_SCHEDULE },
  attemptTimeoutMs: 3000,
  maxBatch: 1,
  signatureOptional: true,
  // Task events only: calls reach a voxcall subscription's app through the other formats.
  encodeStatus: () => undefined,
  encodeRecords: () => [],
  encodeRecord: () => {
    throw new RangeError('the voxcall format carries task events only, no call record');
  },
  encodeTaskStatus,
  recordBatchKey: () => undefined,
  body: singleItemBody('voxcall'),
  headers: jsonPushHeaders,
  judge: (status) => judge2xx(status),
};
