// The robot call-record push (shared/spec/robot-call-record-push.md, receiveCallRecord). A call
// that belongs to an outbound task is pushed twice, a basic record and a task record (the basic
// fields plus task_row_*), as two independent pushes in no guaranteed order; other calls once.

import type { Call, CallRecord } from '../../domain/call.js';
import { moments, taskOf, wireRecordParties } from './call-facts.js';
import { taskResultOf } from './robot-results.js';
import { singleItemBody } from './single-body.js';
import { jsonPushHeaders } from './standard-webhooks.js';
import type { Dialect, Verdict } from './types.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const DIRECTION_INBOUND = 1;
export const DIRECTION_OUTBOUND = 2;

export interface RobotRecord {
  business_id: string;
  app_id: string;
  robot_id: string;
  call_uuid: string;
  call_relation_id?: string;
  task_id?: string;
  task_data_id?: string;
  caller: string;
  callee: string;
  direction: number;
  time_dial?: number;
  time_ring?: number;
  time_answer: number;
  time_hangup: number;
  duration_ring: number;
  duration_call: number;
  task_result?: string;
  task_result_desc?: string;
  task_tries?: number;
  task_row_index?: number;
  task_row_head?: string[];
  task_row_value?: string[];
}

/**
 * An inbound call (docs/inbound.md, "Pushes"): direction 1 with call_relation_id, and none of the
 * fields the document marks outbound-only (task_*, time_dial, time_ring), though its example mixes
 * them; robot_id is the flow the call ran (empty for a forward).
 */
function inbound(call: Call, r: CallRecord): RobotRecord {
  const p = wireRecordParties(call, r);
  const m = moments(r);
  const plan = call.plan.kind === 'inbound' ? call.plan : undefined;
  // A forward route's or URL's forward, or a privacy call: a flow voxcall made, no app's robot.
  const forward = (plan?.flow?.flowId === 'forward' || plan?.route === 'privacy') && plan.flow?.flowVersion === 0;
  return {
    business_id: r.spId,
    app_id: r.appKey,
    robot_id: plan?.flow && !forward ? plan.flow.flowId : '',
    call_uuid: r.sessionId,
    call_relation_id: r.callRelationId ?? call.callRelationId ?? '',
    caller: p.caller,
    callee: p.callee,
    direction: DIRECTION_INBOUND,
    time_answer: m.answerAt ?? 0,
    time_hangup: m.endAt,
    duration_ring: m.dialRingSeconds,
    duration_call: m.callSeconds,
  };
}

/** The basic record: every field but task_row_*. Key order as in the document's example. */
function basic(call: Call, r: CallRecord): RobotRecord {
  if (r.direction === 1) return inbound(call, r);
  const p = wireRecordParties(call, r);
  const m = moments(r);
  const task = taskOf(call, r);
  const result = taskResultOf(r.outcome);
  return {
    business_id: r.spId,
    app_id: r.appKey,
    // The flow a flow call walked (docs/flows.md); the other services run none and send it empty.
    robot_id: call.plan.kind === 'flow' ? call.plan.flowId : '',
    call_uuid: r.sessionId,
    // The business side's own identifier: the request's userData (the document lists it for
    // inbound calls, where the platform cannot know one; for outbound calls voxcall knows it).
    ...(call.userData === undefined ? {} : { call_relation_id: call.userData }),
    ...(task ? { task_id: task.taskId, task_data_id: task.dataId } : {}),
    caller: p.caller,
    callee: p.callee,
    direction: DIRECTION_OUTBOUND,
    time_dial: m.dialAt,
    time_ring: m.ringAt ?? 0,
    time_answer: m.answerAt ?? 0,
    time_hangup: m.endAt,
    duration_ring: m.dialRingSeconds,
    duration_call: m.callSeconds,
    task_result: result.code,
    task_result_desc: result.desc,
    ...(task ? { task_tries: task.tries } : {}),
  };
}

function encodeRecords(call: Call, r: CallRecord): RobotRecord[] {
  const first = basic(call, r);
  const task = taskOf(call, r);
  if (!task) return [first];
  return [first, { ...first, task_row_index: task.rowIndex, task_row_head: [...task.rowHead], task_row_value: [...task.rowValue] }];
}

/**
 * "接口返回"success"字符串代表成功": HTTP 2xx and a body that is `success`, bare or as the JSON
 * string `"success"` (surrounding whitespace ignored). Anything else, `fail` included, is a failure.
 */
export function judgeRobot(status: number, body: string): Verdict {
  if (status < 200 || status > 299) return { ok: false, reason: `HTTP ${status}` };
  const text = body.trim();
  if (text === 'success' || text === '"success"') return { ok: true };
  return { ok: false, reason: `body is not "success": ${JSON.stringify(text.slice(0, 40))}` };
}

export const ROBOT_SCHEDULE = [15 * SECOND, MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR];

export const robot: Dialect = {
  name: 'robot',
  // The document gives no schedule: voxcall's choice (docs/push-formats.md).
  schedules: { status: ROBOT_SCHEDULE, record: ROBOT_SCHEDULE },
  attemptTimeoutMs: 5000,
  maxBatch: 1,
  signatureOptional: true,
  // Records only: the document has no status push.
  encodeStatus: () => undefined,
  encodeRecord: (call, r) => basic(call, r),
  encodeRecords,
  recordBatchKey: () => undefined,
  body: singleItemBody('robot'),
  headers: jsonPushHeaders,
  judge: (status, body) => judgeRobot(status, body),
};
