// The retry rule (docs/tasks.md, "Retries"): after a try ends with `result`, the row is tried
// again `intervalSeconds` later when the result is one the task retries and the row has tries
// left; otherwise it is finished with that result.

import type { RetryPolicy, TaskRow } from '../domain/task.js';
import { isAnswered } from './results.js';

export type TryDecision = { retry: true; at: number; try: number } | { retry: false; reason: 'answered' | 'not_retried' | 'no_tries_left' };

/** What follows the row's latest try (`row.tries` counts it). */
export function nextTry(policy: RetryPolicy, row: Pick<TaskRow, 'tries' | 'maxTries'>, result: string, now: number): TryDecision {
  if (isAnswered(result)) return { retry: false, reason: 'answered' };
  if (!policy.retryOn.includes(result)) return { retry: false, reason: 'not_retried' };
  if (row.tries >= row.maxTries) return { retry: false, reason: 'no_tries_left' };
  return { retry: true, at: now + policy.intervalSeconds * 1000, try: row.tries + 1 };
}

/** Whether a finished row would be re-queued by a rerun: its last result is one the task retries. */
export function isRetryableFailure(policy: RetryPolicy, lastResult: string | undefined): boolean {
  return lastResult !== undefined && !isAnswered(lastResult) && policy.retryOn.includes(lastResult);
}

/** The display number of a row's try: the task's numbers in rotation, by row and try. */
export function displayNumberFor(numbers: readonly string[], rowIndex: number, tryNo: number): string {
  return numbers[(rowIndex - 1 + tryNo - 1) % numbers.length]!;
}
