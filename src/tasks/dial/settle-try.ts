// The end of a try, made durable: its task_result recorded once (recordTry is idempotent per row
// and try, so a second report of the same end, or a recovery racing it, changes nothing) and the
// row moved on by the task's retry policy (nextTry).

import type { TaskRepo } from '../../store/task-repo.js';
import { nextTry } from '../retry.js';

export interface TryEnd {
  taskId: string;
  rowIndex: number;
  try: number;
  result: string;
  sessionId?: string;
  tag?: string;
}

/** Records the try; resolves when the row is due again (undefined: finished, or the try was recorded already). */
export async function settleTry(repo: Pick<TaskRepo, 'get' | 'row' | 'recordTry'>, end: TryEnd, now: number): Promise<number | undefined> {
  const [task, row] = await Promise.all([repo.get(end.taskId), repo.row(end.taskId, end.rowIndex)]);
  if (!task || !row) return undefined;
  // row.tries is the claimed try (the row is dialling it); the try itself is what counts.
  const decision = nextTry(task.retry, { tries: end.try, maxTries: row.maxTries }, end.result, now);
  const retryAt = decision.retry ? decision.at : undefined;
  const outcome = { result: end.result, ...(end.sessionId ? { sessionId: end.sessionId } : {}), ...(end.tag ? { tag: end.tag } : {}) };
  const recorded = await repo.recordTry(end.taskId, end.rowIndex, end.try, outcome, retryAt, now);
  return recorded ? retryAt : undefined;
}
