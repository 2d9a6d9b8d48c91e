// One claimed row of a running task, placed (docs/tasks.md, "Dialling"): outside its own zone's
// window the claim is undone; else the row goes through admission as a flow call. A refusal that
// passes with time (refusal-hold.ts) undoes the claim too and holds the task; any other refusal,
// or a placement that failed, is the try's end, recorded here (settleTry).

import type { Logger } from 'pino';
import type { App } from '../../domain/app.js';
import type { Call } from '../../domain/call.js';
import type { Flow } from '../../domain/flow.js';
import type { Task } from '../../domain/task.js';
import { isRefusal } from '../../policy/refusal.js';
import type { ClaimedRow, TaskRepo } from '../../store/task-repo.js';
import { isWithinWindow, nextWindowOpen } from '../windows.js';
import { placeRow, type RowPlacementDeps } from './place-row.js';
import { holdOf } from './refusal-hold.js';
import { settleTry, type TryEnd } from './settle-try.js';
import { pausesByWindow } from './task-clock.js';
import { PLACEMENT_FAILED_RESULT, POLICY_REFUSED_RESULT, refusalTag } from './try-result.js';

const DAY = 86_400_000;

export type Placed =
  /** The call runs: its end records the try. */
  | { placed: Call }
  /** Not dialled, no try spent: the row (outside its window) or the whole task (`hold`) waits until `until`. */
  | { released: true; until: number; hold: boolean }
  /** The try ended without a call: recorded; the row is due again at `retryAt` if retried. */
  | { ended: true; retryAt: number | undefined };

export interface PlaceClaimedDeps {
  repo: TaskRepo;
  place: RowPlacementDeps;
  now: () => number;
  logger?: Pick<Logger, 'info' | 'error'>;
}

export async function placeClaimed(d: PlaceClaimedDeps, app: App, task: Task, flow: Flow, row: ClaimedRow): Promise<Placed> {
  const now = d.now();
  if (!pausesByWindow(task) && !isWithinWindow(task, row, now)) {
    // The row's own zone is outside its window: the claim is undone, no try is spent.
    const opens = nextWindowOpen(task, row, now) ?? now + DAY;
    await d.repo.releaseClaim(task.taskId, row.rowIndex, row.try, opens, now);
    return { released: true, until: opens, hold: false };
  }
  let end: TryEnd;
  try {
    const res = await placeRow(app, task, flow, row, d.place);
    if (!isRefusal(res)) return { placed: res };
    const holdMs = holdOf(res.name);
    if (holdMs !== undefined) {
      const until = d.now() + holdMs;
      await d.repo.releaseClaim(task.taskId, row.rowIndex, row.try, until, d.now());
      d.logger?.info({ event: 'task.held', taskId: task.taskId, refusal: res.name, holdMs }, `task ${task.taskId} holds ${holdMs / 1000} s: ${refusalTag(res)}`);
      return { released: true, until, hold: true };
    }
    end = { taskId: task.taskId, rowIndex: row.rowIndex, try: row.try, result: POLICY_REFUSED_RESULT, tag: refusalTag(res) };
  } catch (err) {
    d.logger?.error({ err, taskId: task.taskId, rowIndex: row.rowIndex }, 'task row could not be placed');
    end = { taskId: task.taskId, rowIndex: row.rowIndex, try: row.try, result: PLACEMENT_FAILED_RESULT };
  }
  return { ended: true, retryAt: await settleTry(d.repo, end, d.now()) };
}
