// Call volume and frequency limits (1013001-1013003, 1013116-1013118): one store counter per
// limit that applies, all taken in one transaction. Only admitted calls count: when a limit
// refuses, the store takes none of them; when a later check refuses, the caller gives them back.

import type { App } from '../domain/app.js';
import type { CallPlan } from '../domain/call.js';
import type { Limit, PolicySettings } from '../domain/policy.js';
import type { CounterTake, PolicyRepo } from '../store/types.js';
import { apiError } from '../api/errors.js';
import { RESULT, type ResultEntry } from '../api/result-codes.js';
import { calleeOf, callerOf, serviceNumbersOf } from './parties.js';
import { takeFor } from './windows.js';

interface Counted {
  take: CounterTake;
  entry: ResultEntry;
  what: string;
}

/** The counters a call takes, in the documented order (the first full one names the refusal). */
export function callTakes(app: App, plan: CallPlan, s: PolicySettings, now: number): Counted[] {
  const out: Counted[] = [];
  const add = (limit: Limit | undefined, what: string, key: string, entry: ResultEntry, label: string) => {
    if (limit) out.push({ take: takeFor(what, key, limit, now), entry, what: `${label} ${key}: at most ${limit.max} calls per ${limit.windowS} s` });
  };
  add(s.spCalls, 'sp', app.spId, RESULT.spCallLimit, 'SP');
  add(s.appCalls, 'app', app.appKey, RESULT.appCallLimit, 'app');
  for (const n of serviceNumbersOf(plan)) add(s.displayNumberCalls, 'display', n, RESULT.displayNumberCallLimit, 'display number');
  add(s.callerFrequency, 'caller', callerOf(plan), RESULT.callerFrequencyLimit, 'caller');
  add(s.calleeFrequency, 'callee', calleeOf(plan), RESULT.calleeFrequencyLimit, 'callee');
  for (const n of serviceNumbersOf(plan)) add(s.serviceNumberFrequency, 'service', n, RESULT.serviceNumberFrequencyLimit, 'service number');
  return out;
}

/** Takes every counter or throws the refusal of the first that is full. Resolves to what was taken. */
export async function takeCallLimits(repo: Pick<PolicyRepo, 'take'>, counted: Counted[]): Promise<CounterTake[]> {
  const takes = counted.map((c) => c.take);
  const refused = await repo.take(takes);
  if (refused !== undefined) {
    const c = counted[refused]!;
    throw apiError(c.entry, c.what);
  }
  return takes;
}
