// The flow call of POST /v1/apps/:appKey/calls (`kind: "flow"`): the flow's version (the newest
// unless given) read from the store, the variables it reads checked against it (the rules a task
// row will meet: src/flows/variables.ts), then the same admission and placement as every call.
// A test call holds no flow (no flow_uses row): it runs the definition it was placed with, which
// travels in its plan, so deleting the flow meanwhile changes nothing for it.

import type { FlowPlan } from '../../domain/call.js';
import type { Flow } from '../../domain/flow.js';
import type { MediaCatalog } from '../../domain/media.js';
import { checkVariableValue, flowVariableUses } from '../../flows/index.js';
import type { FlowRepo } from '../../store/flow-repo.js';
import type { CallRequest } from '../normalize.js';
import { checkUserData } from '../push-url.js';
import { manageError, notFound } from './errors.js';

export interface FlowCallBody {
  callee: string;
  flow?: string;
  flowVersion?: number;
  variables?: Record<string, string>;
  userData?: string;
}

/** The stored flow the body names, or a 400 / 404 that says what is wrong. */
export async function flowOf(flows: Pick<FlowRepo, 'get'>, appKey: string, b: FlowCallBody): Promise<Flow> {
  if (b.flow === undefined) throw manageError('invalid', 'flow is required for a flow call (the flow id)');
  const flow = await flows.get(appKey, b.flow, b.flowVersion);
  if (!flow) throw notFound(b.flowVersion === undefined ? `flow ${b.flow} of app ${appKey}` : `version ${b.flowVersion} of flow ${b.flow} of app ${appKey}`);
  return flow;
}

/**
 * Every variable the flow reads must be given and fit each place it is read; the first problem
 * refuses the call (400), naming the variable and the node. Names the flow does not read are kept
 * (a task row carries all its columns) but never spoken.
 */
export function checkFlowVariables(flow: Flow, variables: Record<string, string>, media: MediaCatalog): void {
  for (const use of flowVariableUses(flow.definition)) {
    const value = variables[use.name];
    if (value === undefined) throw manageError('invalid', `variables.${use.name} is required: node "${use.node}" of flow ${flow.id} reads \${${use.name}}`);
    const content = use.template === undefined ? undefined : media.template(flow.appKey, use.template)?.content;
    const problem = checkVariableValue(use, value, content);
    if (problem) throw manageError('invalid', `variables.${use.name}: ${problem} (node "${use.node}" of flow ${flow.id})`);
  }
}

export function flowRequest(flow: Flow, b: FlowCallBody, display: string): CallRequest {
  if (b.userData !== undefined) {
    const problem = checkUserData(b.userData);
    if (problem) throw manageError('invalid', `userData: ${problem}`);
  }
  const plan: FlowPlan = {
    kind: 'flow', displayNbr: display, calleeNbr: b.callee,
    flowId: flow.id, flowVersion: flow.version, definition: flow.definition, variables: { ...(b.variables ?? {}) },
  };
  return { plan, returnIdlePort: false, ...(b.userData === undefined ? {} : { userData: b.userData }) };
}
