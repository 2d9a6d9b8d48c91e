// Decoding voxcall's own push: a task's state change (docs/push-formats.md, "voxcall: task status").

import { PushDecodeError, checkFields, parseObject, type FieldSpec } from './fields.js';
import type { DecodedPush, DecodedTaskStatus } from './model.js';

const F = 'voxcall';
const s = (name: string, required = true): FieldSpec => ({ name, type: 'string', required });

export const VOXCALL_TASK_FIELDS: FieldSpec[] = [
  s('type'), s('id'), s('taskId'), s('appKey'), s('name'), { name: 'seq', type: 'int', required: true }, s('state'), s('pausedBy', false),
  s('previousState'), s('previousPausedBy', false), s('action'), s('reason'), s('at'), s('subscriptionId', false),
];

const COUNTERS = ['total', 'dialled', 'answered', 'remaining', 'retryPending', 'dialling'];

export function decodeVoxcall(body: unknown): DecodedPush {
  const o = parseObject(F, body);
  checkFields(F, o, VOXCALL_TASK_FIELDS);
  const problems: string[] = [];
  if (o.type !== 'task.status') problems.push(`type: "${String(o.type)}" is not task.status`);
  const at = Date.parse(o.at as string);
  if (Number.isNaN(at)) problems.push('at: not an ISO 8601 time');
  const c = o.counters;
  if (c === null || typeof c !== 'object' || Array.isArray(c)) problems.push('counters: must be an object');
  else {
    for (const k of COUNTERS) if (!Number.isSafeInteger((c as Record<string, unknown>)[k])) problems.push(`counters.${k}: must be an integer`);
    const by = (c as Record<string, unknown>).byResult;
    if (by === null || typeof by !== 'object' || Array.isArray(by) || !Object.values(by).every((n) => Number.isSafeInteger(n))) problems.push('counters.byResult: must be an object of integers');
  }
  if (problems.length > 0) throw new PushDecodeError(F, problems);
  const item: DecodedTaskStatus = {
    kind: 'task', format: F, eventId: o.id as string, taskId: o.taskId as string, appKey: o.appKey as string, seq: o.seq as number,
    state: o.state as string, previousState: o.previousState as string, action: o.action as string, reason: o.reason as string,
    counters: c as Record<string, unknown>, at, fields: o,
  };
  return { format: F, kind: 'task', items: [item] };
}
