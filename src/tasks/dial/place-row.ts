// One try of a row as a call: a flow call (the task's pinned flow, the row's values as its
// variables, the display number of the rotation) admitted by the same policy as an API call, with
// no HTTP request: a refusal comes back as a value for the dialler to record (result 27), never
// as an error. The call carries its row (plan.task) for the try's record, and the row's head and
// values (call.task) for the robot dialect's task record.

import type { App } from '../../domain/app.js';
import { serviceOf, type Call, type FlowPlan } from '../../domain/call.js';
import type { Flow } from '../../domain/flow.js';
import type { IdFactory } from '../../domain/ids.js';
import { rowDataId, type Task } from '../../domain/task.js';
import type { CallEngine } from '../../calls/types.js';
import type { Clock } from '../../lib/clock.js';
import { admit, type PolicyDeps } from '../../policy/admit.js';
import { isRefusal, type Refusal } from '../../policy/refusal.js';
import type { ClaimedRow } from '../../store/task-repo.js';
import type { CallRepo } from '../../store/types.js';
import { displayNumberFor } from '../retry.js';

/** What placing needs: the pieces of the API's placement (src/api/place-call.ts), shared with it (one session-id sequence). */
export interface RowPlacementDeps {
  policy: PolicyDeps;
  calls: Pick<CallRepo, 'create'>;
  engine: Pick<CallEngine, 'start'>;
  ids: IdFactory;
  clock: Clock;
  onAccepted?: (call: Call) => void;
}

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
  let call: Call | undefined;
  // As placeCall: the call row, the policy's counters and the app's ports are one transaction.
  const admitted = await admit(app, rowPlan(task, flow, row), deps.policy, { via: 'task' }, (plan, takes, ports) => {
    const now = deps.clock.now();
    call = {
      sessionId: deps.ids.sessionId(serviceOf(plan), now),
      icid: deps.ids.icid(now),
      appKey: app.appKey,
      spId: app.spId,
      plan,
      statusUrl: app.statusUrl,
      feeUrl: app.feeUrl,
      createdAt: now,
      task: {
        taskId: task.taskId, dataId: rowDataId(task.taskId, row.rowIndex), tries: row.try - 1, rowIndex: row.rowIndex,
        rowHead: [...(task.header ?? [])], rowValue: [...row.values],
      },
    };
    return deps.calls.create(call, takes, ports);
  });
  if (isRefusal(admitted)) return admitted;
  deps.onAccepted?.(call!);
  deps.engine.start(call!);
  return call!;
}
