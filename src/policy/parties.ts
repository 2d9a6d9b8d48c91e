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
  /** Whether the flow names the number (`literal`) or reads it from a variable. */
  from: 'literal' | 'variable';
}

/** The numbers a flow call's transfers may dial, each with the node that dials it. */
export function transferTargetsOf(plan: CallPlan): TransferTarget[] {
  if (plan.kind !== 'flow') return [];
  const out: TransferTarget[] = [];
  for (const node of plan.definition.nodes) {
    if (node.type !== 'transfer') continue;
    const s = scanSingle(node.to);
    if ('variable' in s && plan.variables[s.variable] !== undefined) out.push({ node: node.id, number: plan.variables[s.variable]!, from: 'variable' });
    else if ('literal' in s) out.push({ node: node.id, number: s.literal, from: 'literal' });
  }
  return out;
}
