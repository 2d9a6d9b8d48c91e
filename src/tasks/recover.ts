// After a crash: rows the node left dialling count as a try that ended with result 28 (line
// failure), and are retried if the task's policy says so (docs/tasks.md, "Crash safety"). The
// dialler (src/tasks/dial/) runs this at start, before it claims anything. A row is never dialled twice for one
// try: its try number was raised durably when it was claimed, and the record of that try is
// written once (recordTry is idempotent per row and try).

import type { Task } from '../domain/task.js';
import type { TaskRepo } from '../store/types.js';
import { INTERRUPTED_RESULT } from './results.js';
import { nextTry } from './retry.js';

/** Settles every row this node left dialling; resolves how many. */
export async function recoverInterruptedRows(repo: TaskRepo, now: number, batch = 500): Promise<number> {
  const tasks = new Map<string, Task | undefined>();
  let settled = 0;
  for (;;) {
    const rows = await repo.interruptedRows(batch);
    let progress = 0;
    for (const row of rows) {
      if (!tasks.has(row.taskId)) tasks.set(row.taskId, await repo.get(row.taskId));
      const task = tasks.get(row.taskId);
      const decision = task ? nextTry(task.retry, row, INTERRUPTED_RESULT, now) : { retry: false as const };
      if (await repo.recordTry(row.taskId, row.rowIndex, row.try, { result: INTERRUPTED_RESULT }, decision.retry ? decision.at : undefined, now)) progress++;
    }
    settled += progress;
    // A row whose try was recorded already but is still dialling cannot be settled here: stop rather than loop.
    if (rows.length < batch || progress === 0) return settled;
  }
}
