// Call outcome -> robot task_result / task_result_desc (the document's "外呼结果说明" codes), and
// back. Published in docs/push-formats.md; a test checks the two agree.

import type { CallOutcome } from '../../domain/call.js';

export interface TaskResult {
  code: string;
  desc: string;
}

/** Every code of the document, with its description, in the document's order. */
export const TASK_RESULTS: TaskResult[] = [
  { code: '-1', desc: '超时' }, { code: '0', desc: '成功' }, { code: '2', desc: '正在通话中' },
  { code: '3', desc: '无法接通' }, { code: '4', desc: '关机' }, { code: '5', desc: '用户正忙' },
  { code: '6', desc: '空号' }, { code: '7', desc: '号码错误' }, { code: '8', desc: '用户拒接' },
  { code: '9', desc: '停机' }, { code: '15', desc: '客户接听后并主动挂机' }, { code: '16', desc: '客户掉线' },
  { code: '18', desc: '接通' }, { code: '19', desc: '转人工' }, { code: '20', desc: '用户未接' },
  { code: '22', desc: '来电提醒' }, { code: '23', desc: '呼入限制' }, { code: '25', desc: '呼叫转移' },
  { code: '26', desc: '网络故障' }, { code: '27', desc: '呼出受限' }, { code: '28', desc: '线路故障' },
];

/** What voxcall sends for each outcome. */
export const TASK_RESULT_CODE_OF: Record<CallOutcome, string> = {
  answered: '0',
  busy: '5',
  no_answer: '20',
  powered_off: '4',
  vacant: '6',
  rejected: '8',
  unreachable: '3',
  // Stopped before the callee answered: from the callee's side, a call not picked up.
  cancelled: '20',
  failed: '28',
};

/** How a decoder reads every document code as an outcome (several codes share one). */
export const OUTCOME_OF_TASK_RESULT: Record<string, CallOutcome> = {
  '-1': 'no_answer', '0': 'answered', '2': 'busy', '3': 'unreachable', '4': 'powered_off', '5': 'busy',
  '6': 'vacant', '7': 'vacant', '8': 'rejected', '9': 'unreachable', '15': 'answered', '16': 'answered',
  '18': 'answered', '19': 'answered', '20': 'no_answer', '22': 'no_answer', '23': 'unreachable',
  '25': 'unreachable', '26': 'failed', '27': 'failed', '28': 'failed',
};

export function taskResultOf(outcome: CallOutcome): TaskResult {
  const code = TASK_RESULT_CODE_OF[outcome];
  const row = TASK_RESULTS.find((r) => r.code === code);
  if (!row) throw new RangeError(`no robot task_result ${code}`);
  return row;
}
