// The robot format's task_result codes (docs/tasks.md "task_result values"). A task row's last
// result comes from the API with the document's Chinese description; the English page shows the
// English one the docs give. A code 27 carrying a policy refusal's own reason keeps that reason.

const TASK_RESULT_EN: Record<string, readonly [zh: string, en: string]> = {
  '-1': ['超时', 'timeout'], 0: ['成功', 'success'], 2: ['正在通话中', 'in a call'], 3: ['无法接通', 'cannot be reached'],
  4: ['关机', 'powered off'], 5: ['用户正忙', 'busy'], 6: ['空号', 'vacant'], 7: ['号码错误', 'wrong number'],
  8: ['用户拒接', 'rejected'], 9: ['停机', 'suspended'], 15: ['客户接听后并主动挂机', 'answered, callee hung up'],
  16: ['客户掉线', 'answered, callee dropped'], 18: ['接通', 'connected'], 19: ['转人工', 'transferred to an agent'],
  20: ['用户未接', 'no answer'], 22: ['来电提醒', 'call reminder service'], 23: ['呼入限制', 'incoming calls barred'],
  25: ['呼叫转移', 'forwarding failed'], 26: ['网络故障', 'network fault'], 27: ['呼出受限', 'outgoing call restricted'],
  28: ['线路故障', 'line fault'],
};

/** The description of a row's last result in the page's language. */
export function taskResultDesc(code: string, desc: string | undefined, lang: string): string | undefined {
  const known = TASK_RESULT_EN[code];
  return lang === 'en' && known && known[0] === desc ? known[1] : desc;
}
