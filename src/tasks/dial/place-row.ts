// One try of a row as a call: a flow call (the task's pinned flow, the row's values as its
// variables, the display number of the rotation) admitted by the same policy as an API call, with
// no HTTP request: a refusal comes back as a value for the dialler to record (result 27), never
// as an error. The call carries its row (plan.task) for the try's record, and the row's head and
// values (call.task) for the robot dialect's task record.

import type { App } from '../../domain/app.js';
import { place, type PlacementDeps } from '../../calls/place.js';
import type { Call, FlowPlan } from '../../domain/call.js';
import type { Flow } from '../../domain/flow.js';
import { rowDataId, type Task } from '../../domain/task.js';
import { isRefusal, type Refusal } from '../../policy/refusal.js';
import type { ClaimedRow } from '../../store/task-repo.js';
import { displayNumberFor } from '../retry.js';

/** What placing needs: the API's placement pieces (src/calls/place.ts), shared with it (one session-id sequence). */
export type RowPlacementDeps = PlacementDeps;

/** The row's values by column name, as `${name}` reads them. */
export function rowVariables(header: readonly string[], values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  header.forEach((name, i) => {
    out[name] = values[i] ?? '';
  });
  return out;
}

export function rowPlan(task: Task, flow: Flow, row: ClaimedRow): FlowPlan {
  return {
    kind: 'flow', displayNbr: displayNumberFor(task.displayNumbers, row.rowIndex, row.try), calleeNbr: row.callee,
    flowId: flow.id, flowVersion: flow.version, definition: flow.definition,
    variables: rowVariables(task.header ?? [], row.values),
    task: { taskId: task.taskId, rowIndex: row.rowIndex, try: row.try },
  };
}

/** Admits, stores and starts the row's call; resolves it, or the policy's refusal (nothing stored). */
export async function placeRow(app: App, task: Task, flow: Flow, row: ClaimedRow, deps: RowPlacementDeps): Promise<Call | Refusal> {
  const placed = await place(app, rowPlan(task, flow, row), {
    statusUrl: app.statusUrl,
    feeUrl: app.feeUrl,
    task: {
      taskId: task.taskId, dataId: rowDataId(task.taskId, row.rowIndex), tries: row.try - 1, rowIndex: row.rowIndex,
      rowHead: [...(task.header ?? [])], rowValue: [...row.values],
    },
  }, deps, { via: 'task' });
  return isRefusal(placed) ? placed : placed.call;
}
