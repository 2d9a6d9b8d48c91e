// Number lists (1013010, 1013004, 1013011): set lookups in the PolicyBook, app and platform-wide.

import type { CallPlan } from '../domain/call.js';
import { refuse, type Refusal } from './refusal.js';
import type { PolicyBook } from './book.js';
import { calleeOf, callerOf } from './parties.js';

export function checkLists(appKey: string, plan: CallPlan, book: PolicyBook): Refusal | undefined {
  const caller = callerOf(plan);
  if (book.listed(appKey, 'callerBlacklist', caller)) return refuse('callerBlacklisted', `${caller} is on a caller blacklist`);
  const callee = calleeOf(plan);
  if (book.listed(appKey, 'calleeBlacklist', callee)) return refuse('calleeBlacklisted', `${callee} is on a callee blacklist`);
  if (book.effective(appKey).whitelistMode && !book.listed(appKey, 'calleeWhitelist', callee)) {
    return refuse('calleeNotWhitelisted', `whitelist mode is on and ${callee} is on no callee whitelist`);
  }
  return undefined;
}
