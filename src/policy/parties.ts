// Who a call involves, as the list and limit checks see it (docs/policy.md, "Parties").
//   caller: a callback's callerNbr; for a notification or verification code, which has no caller
//           leg, the number the callee sees calling: displayNbr.
//   callee: calleeNbr, for every service.
//   service numbers: the display numbers the call shows (a callback's displayNbr and
//           displayCalleeNbr, once each when equal; otherwise displayNbr).
//   transfer targets: the numbers a flow call's transfer nodes may dial. A flow's variables are
//           fixed when the call is placed (a set node's values are outputs only), so every one is
//           known then, and each is checked like a callee (lists, international callout): a call
//           whose flow could reach a forbidden number is refused before it is placed. Those taken
//           from a variable (a task row's, the caller's) also count against the callee frequency
//           limit; a number the flow itself names (its own agent line) does not (call-limits.ts).
//   an inbound call (docs/policy.md, "Inbound calls"): its caller is the number calling in; it has
//           no callee of its own (the number called is the app's), only the numbers its flow may
//           transfer to: a flow's transfer nodes, read as above from the variables `${caller}` and
//           `${called}`; a forward's `to` (a flow of one transfer node) the app's route names, fixed
//           like a flow's literal; the `to` the app's URL answered or a privacy binding's callee,
//           which are chosen for this call and so are counted like a variable's value.

import type { CallPlan } from '../domain/call.js';
import { scanSingle } from '../flows/variables.js';

export function callerOf(plan: CallPlan): string {
  return plan.kind === 'callback' ? plan.callerNbr : plan.displayNbr;
}

export function calleeOf(plan: CallPlan): string {
  return plan.calleeNbr;
}

export function serviceNumbersOf(plan: CallPlan): string[] {
  if (plan.kind === 'callback' && plan.displayCalleeNbr !== plan.displayNbr) return [plan.displayNbr, plan.displayCalleeNbr];
  return [plan.displayNbr];
}

export interface TransferTarget {
  node: string;
  number: string;
  /** Whether the flow (or an inbound route) names the number (`literal`), or it is read from a variable or chosen for this call. */
  from: 'literal' | 'variable';
}

/** The numbers a flow call's (or an inbound call's) transfers may dial, each with the node that dials it. */
export function transferTargetsOf(plan: CallPlan): TransferTarget[] {
  const flow = plan.kind === 'flow' ? plan : plan.kind === 'inbound' ? plan.flow : undefined;
  if (!flow) return [];
  // A privacy call's callee and a URL's forward answer are named for this call only (src/inbound/
  // privacy.ts, decide.ts: a forward is the flow `forward`, version 0); a route's forward is fixed.
  const perCall = plan.kind === 'inbound' && (plan.route === 'privacy'
    || (plan.route === 'url' && plan.fallbackReason === undefined && flow.flowId === 'forward' && flow.flowVersion === 0));
  const out: TransferTarget[] = [];
  for (const node of flow.definition.nodes) {
    if (node.type !== 'transfer') continue;
    const s = scanSingle(node.to);
    if ('variable' in s && flow.variables[s.variable] !== undefined) out.push({ node: node.id, number: flow.variables[s.variable]!, from: 'variable' });
    else if ('literal' in s) out.push({ node: node.id, number: s.literal, from: perCall ? 'variable' : 'literal' });
  }
  return out;
}
