// Number lists (1013010, 1013004, 1013011): set lookups in the PolicyBook, app and platform-wide.

import type { CallPlan } from '../domain/call.js';
import { refuse, type Refusal } from './refusal.js';
import type { PolicyBook } from './book.js';
import { calleeOf, callerOf, transferTargetsOf } from './parties.js';

export function checkLists(appKey: string, plan: CallPlan, book: PolicyBook): Refusal | undefined {
  const caller = callerOf(plan);
  if (book.listed(appKey, 'callerBlacklist', caller)) return refuse('callerBlacklisted', `${caller} is on a caller blacklist`);
  // The callee, then any number a flow's transfer may dial (parties.ts), each as a callee.
  // An inbound call's number called is the app's, not a callee: only its transfers are (parties.ts).
  const own = plan.kind === 'inbound' ? [] : [{ callee: calleeOf(plan), where: '' }];
  const callees = [...own, ...transferTargetsOf(plan).map((t) => ({ callee: t.number, where: ` (flow node "${t.node}" transfers to it)` }))];
  for (const { callee, where } of callees) {
    if (book.listed(appKey, 'calleeBlacklist', callee)) return refuse('calleeBlacklisted', `${callee} is on a callee blacklist${where}`);
    if (book.effective(appKey).whitelistMode && !book.listed(appKey, 'calleeWhitelist', callee)) {
      return refuse('calleeNotWhitelisted', `whitelist mode is on and ${callee} is on no callee whitelist${where}`);
    }
  }
  return undefined;
}
