// Some push formats limit what a call's userData may be (ucloud: its UserId). While the app has an
// enabled subscription of such a format that receives records, a userData that cannot travel in
// it is refused at request time, rather than pushed broken. The rule belongs to the format
// (Dialect.userDataProblem); this check only asks the app's formats.

import { wantsRecords } from '../domain/subscription.js';
import type { Dialect } from '../push/dialects/types.js';
import type { SubscriptionRepo } from '../store/types.js';
import { refuse, type Refusal } from './refusal.js';

export interface PushFormatDeps {
  subscriptions: Pick<SubscriptionRepo, 'forApp'>;
  dialects: Map<string, Dialect>;
}

export async function checkPushFormats(appKey: string, userData: string | undefined, deps: PushFormatDeps | undefined): Promise<Refusal | undefined> {
  if (!deps) return undefined;
  for (const sub of await deps.subscriptions.forApp(appKey)) {
    if (!wantsRecords(sub)) continue;
    const problem = deps.dialects.get(sub.format)?.userDataProblem?.(userData);
    // resultdesc has room for the rule and no more (128 characters).
    if (problem) return refuse('invalidRequest', `${problem}.`);
  }
  return undefined;
}
