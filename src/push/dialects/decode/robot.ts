// Decoding the robot call record (basic or task record: the task record has task_row_index).

import type { CallTask } from '../../../domain/call.js';
import { DIRECTION_INBOUND } from '../robot.js';
import { OUTCOME_OF_TASK_RESULT } from '../robot-results.js';
import { checkFields, msOrUndefined, opt, parseObject, talkSeconds, type FieldSpec } from './fields.js';
import { e164Number } from '../call-facts.js';

const e164 = (n: string | undefined): string | undefined => (n === undefined ? undefined : e164Number(n));
import type { DecodedPush, DecodedRecord } from './model.js';

const F = 'robot';
const s = (name: string, required = false): FieldSpec => ({ name, type: 'string', required });
const i = (name: string, required = false): FieldSpec => ({ name, type: 'int', required });

/** Every field of the document's table; required as its 必填 column says ("仅呼出"/"仅呼入" ones are optional). */
export const ROBOT_FIELDS: FieldSpec[] = [
  s('business_id'), s('app_id'), s('robot_id'), s('call_uuid', true), s('caller'), s('callee'),
  i('direction', true), i('time_answer', true), i('time_hangup', true), i('duration_ring', true), i('duration_call', true),
  s('call_relation_id'), s('task_id'), s('task_data_id'), i('time_dial'), i('time_ring'),
  { name: 'task_result', type: 'intString', required: false }, s('task_result_desc'), i('task_tries'),
  i('task_row_index'), { name: 'task_row_head', type: 'stringArray', required: false },
  { name: 'task_row_value', type: 'stringArray', required: false },
];

export function decodeRobot(body: unknown): DecodedPush {
  const o = parseObject(F, body);
  checkFields(F, o, ROBOT_FIELDS);
  const r: DecodedRecord = {
    kind: 'record', format: F, callId: o.call_uuid as string,
    direction: o.direction === DIRECTION_INBOUND ? 'inbound' : 'outbound',
    endAt: o.time_hangup as number, durationSeconds: o.duration_call as number,
    taskRecord: o.task_row_index !== undefined, fields: o,
  };
  const set = <K extends keyof DecodedRecord>(k: K, v: DecodedRecord[K] | undefined): void => {
    if (v !== undefined) r[k] = v;
  };
  set('caller', e164(opt<string>(o, 'caller')));
  set('callee', e164(opt<string>(o, 'callee')));
  set('dialAt', msOrUndefined(opt<number>(o, 'time_dial')));
  set('ringAt', msOrUndefined(opt<number>(o, 'time_ring')));
  // "可以通过接听时间戳time_answer判定是否接通": 0 means not answered.
  set('answerAt', msOrUndefined(o.time_answer as number));
  r.talkSeconds = talkSeconds(r.answerAt, r.endAt);
  const result = opt<string>(o, 'task_result');
  set('outcome', result === undefined ? undefined : OUTCOME_OF_TASK_RESULT[result]);
  set('userData', opt<string>(o, 'call_relation_id'));
  const task: Partial<CallTask> = {};
  const put = <K extends keyof CallTask>(k: K, v: CallTask[K] | undefined): void => {
    if (v !== undefined) task[k] = v;
  };
  put('taskId', opt<string>(o, 'task_id'));
  put('dataId', opt<string>(o, 'task_data_id'));
  put('tries', opt<number>(o, 'task_tries'));
  put('rowIndex', opt<number>(o, 'task_row_index'));
  put('rowHead', opt<string[]>(o, 'task_row_head'));
  put('rowValue', opt<string[]>(o, 'task_row_value'));
  if (Object.keys(task).length > 0) r.task = task;
  return { format: F, kind: 'record', items: [r] };
}
