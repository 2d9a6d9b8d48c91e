// Who a call involves, as the list and limit checks see it (docs/policy.md, "Parties").
//   caller: a callback's callerNbr; for a notification or verification code, which has no caller
//           leg, the number the callee sees calling: displayNbr.
//   callee: calleeNbr, for every service.
//   service numbers: the display numbers the call shows (a callback's displayNbr and
//           displayCalleeNbr, once each when equal; otherwise displayNbr).

import type { CallPlan } from '../domain/call.js';

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
