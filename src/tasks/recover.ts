// After a crash: rows a node left dialling count as a try that ended with result 28 (line
// failure), and are retried if the task's policy says so (docs/tasks.md, "Crash safety"). The
// dialler (src/tasks/dial/) runs this at start for its own node, before it claims anything; a
// node's cluster sweep runs it for the rows of a node that stopped heartbeating, whose calls it
// adopts at the same time (src/platform/cluster.ts), so a node that never comes back leaves no row
// dialling for ever. A row is never dialled twice for one try: its try number was raised durably
// when it was claimed, and the record of that try is written once (recordTry is idempotent per
// row and try).

import type { Task } from '../domain/task.js';
import type { ClaimedRow, TaskRepo } from '../store/types.js';
import { INTERRUPTED_RESULT } from './results.js';
import { nextTry } from './retry.js';

/** Records each row's try as interrupted; resolves how many were recorded (an already recorded try is not counted). */
async function settleInterrupted(repo: TaskRepo, rows: ClaimedRow[], now: number, tasks = new Map<string, Task | undefined>()): Promise<number> {
  let settled = 0;
  for (const row of rows) {
    if (!tasks.has(row.taskId)) tasks.set(row.taskId, await repo.get(row.taskId));
    const task = tasks.get(row.taskId);
    const decision = task ? nextTry(task.retry, row, INTERRUPTED_RESULT, now) : { retry: false as const };
    if (await repo.recordTry(row.taskId, row.rowIndex, row.try, { result: INTERRUPTED_RESULT }, decision.retry ? decision.at : undefined, now)) settled++;
  }
  return settled;
}

/** Settles every row this node left dialling; resolves how many. */
export async function recoverInterruptedRows(repo: TaskRepo, now: number, batch = 500): Promise<number> {
  const tasks = new Map<string, Task | undefined>();
  let settled = 0;
  for (;;) {
    const rows = await repo.interruptedRows(batch);
    const progress = await settleInterrupted(repo, rows, now, tasks);
    settled += progress;
    // A row whose try was recorded already but is still dialling cannot be settled here: stop rather than loop.
    if (rows.length < batch || progress === 0) return settled;
  }
}

/**
 * Takes over the rows a dead node left dialling (none if it heartbeated since `staleBefore`) and
 * settles them; resolves how many. Taken over first, so that a crash of this node in between
 * leaves them to its own restart rather than to nobody.
 */
export async function adoptInterruptedRows(repo: TaskRepo, deadNodeId: string, staleBefore: number, now: number): Promise<number> {
  return settleInterrupted(repo, await repo.adoptRows(deadNodeId, staleBefore, now), now);
}
