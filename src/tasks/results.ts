// The task_result codes of the robot call record (../shared/spec/robot-call-record-push.md,
// "外呼结果说明"), as tasks use them: which are answered calls, which a task retries by default,
// and which it never retries unless asked. docs/tasks.md tables the same (a test compares them).

import { TASK_RESULTS } from '../push/dialects/robot-results.js';

/** Every code the document defines. The gaps (1, 10-14, 17, 21, 24) are left unassigned. */
export const TASK_RESULT_CODES: readonly string[] = TASK_RESULTS.map((r) => r.code);

/** A call that reached the callee: a row that ends with one of these is never retried. */
export const ANSWERED_RESULTS: readonly string[] = ['0', '15', '16', '18', '19'];

/**
 * Retried when a task names no retryOn: the callee could not be reached this time. Vacant (6),
 * wrong number (7) and suspended (9) never are, nor a rejection (8), call restrictions (23, 27) or
 * a failed forwarding (25): a task may add those to its retryOn, but not an answered code.
 */
export const DEFAULT_RETRY_ON: readonly string[] = ['-1', '2', '3', '4', '5', '20', '22', '26', '28'];

/** The result of a try a crash interrupted (line failure): it counts as a try (docs/tasks.md). */
export const INTERRUPTED_RESULT = '28';

export const isAnswered = (code: string): boolean => ANSWERED_RESULTS.includes(code);
export const isTaskResult = (code: string): boolean => TASK_RESULT_CODES.includes(code);

/** The description the document gives a code. */
export function resultDesc(code: string): string | undefined {
  return TASK_RESULTS.find((r) => r.code === code)?.desc;
}
