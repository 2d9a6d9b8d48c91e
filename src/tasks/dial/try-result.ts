// The task_result of a try (docs/tasks.md, "Dialling"): how the call ended, as the robot record
// pushes it (the same table, src/push/dialects/robot-results.ts, so a row's last_result and its
// record's task_result never differ), and the two results a try gets without a call's end.

import type { CallRecord } from '../../domain/call.js';
import { TASK_RESULT_CODE_OF } from '../../push/dialects/robot-results.js';
import type { Refusal } from '../../policy/refusal.js';

/** A row the policy refused (blacklist, frequency limit, quiet hours, ports, ...): 呼出受限. */
export const POLICY_REFUSED_RESULT = '27';

/** A try whose call could not be placed for a fault of the platform (the store failed): 线路故障. */
export const PLACEMENT_FAILED_RESULT = '28';

export function tryResultOf(record: Pick<CallRecord, 'outcome'>): string {
  return TASK_RESULT_CODE_OF[record.outcome];
}

/**
 * What a refused try keeps as its reason: the try's tag (the field a try has for a word about how
 * it ended; a call's flow tag otherwise). The refusal's name and the policy's whole sentence.
 */
export function refusalTag(refusal: Pick<Refusal, 'name' | 'reason'>): string {
  return refusal.reason ? `refused ${refusal.name}: ${refusal.reason}` : `refused ${refusal.name}`;
}
