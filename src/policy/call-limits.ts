// Call volume and frequency limits (1013001-1013003, 1013116-1013118): one store counter per
// limit that applies. The counters are taken by the write that stores the call, in its
// transaction (CallRepo.create): only admitted calls count, and a refused call stores nothing.

import type { App } from '../domain/app.js';
import type { CallPlan } from '../domain/call.js';
import type { Limit, PolicySettings } from '../domain/policy.js';
import type { CounterTake, PolicyRepo } from '../store/types.js';
import { refuse, type Refusal, type RefusalName } from './refusal.js';
import { calleeOf, callerOf, serviceNumbersOf, transferTargetsOf } from './parties.js';
import { takeFor } from './windows.js';

export interface Counted {
  take: CounterTake;
  refusal: RefusalName;
  what: string;
}

/** The counters a call takes, in the documented order (the first full one names the refusal). */
export function callTakes(app: App, plan: CallPlan, s: PolicySettings, now: number): Counted[] {
  const out: Counted[] = [];
  const inbound = plan.kind === 'inbound';
  const add = (limit: Limit | undefined, what: string, key: string, refusal: RefusalName, label: string) => {
    if (limit) out.push({ take: takeFor(what, key, limit, now), refusal, what: `${label} ${key}: at most ${limit.max} calls per ${limit.windowS} s` });
  };
  // An inbound call was placed by its caller, not by the app: only the numbers it rings count
  // (docs/policy.md, "Inbound calls").
  if (!inbound) {
    add(s.spCalls, 'sp', app.spId, 'spCallLimit', 'SP');
    add(s.appCalls, 'app', app.appKey, 'appCallLimit', 'app');
    for (const n of serviceNumbersOf(plan)) add(s.displayNumberCalls, 'display', n, 'displayNumberCallLimit', 'display number');
    add(s.callerFrequency, 'caller', callerOf(plan), 'callerFrequencyLimit', 'caller');
    add(s.calleeFrequency, 'callee', calleeOf(plan), 'calleeFrequencyLimit', 'callee');
  }
  // A flow's transfer number read from a variable is a person the call may ring, as the callee is:
  // it shares the callee's counter (a number is limited however it is reached), once per call.
  // A number the flow names itself is the app's own line (an agent desk) and is not a callee.
  const counted = new Set(inbound ? [] : [calleeOf(plan)]);
  for (const t of transferTargetsOf(plan)) {
    if (t.from !== 'variable' || counted.has(t.number)) continue;
    counted.add(t.number);
    add(s.calleeFrequency, 'callee', t.number, 'calleeFrequencyLimit', `transfer number (flow node "${t.node}")`);
  }
  if (!inbound) for (const n of serviceNumbersOf(plan)) add(s.serviceNumberFrequency, 'service', n, 'serviceNumberFrequencyLimit', 'service number');
  return out;
}

/** The refusal of the take at `index` (the first full counter the store reported). */
export function limitRefusal(counted: Counted[], index: number): Refusal {
  const c = counted[index]!;
  return refuse(c.refusal, c.what);
}

/**
 * The refusal of the first counter that is already full, reading without counting. For a
 * request refused by a later check (no free port) before its write: the limits still come first.
 */
export async function checkCallLimits(repo: Pick<PolicyRepo, 'count'>, counted: Counted[]): Promise<Refusal | undefined> {
  for (let i = 0; i < counted.length; i++) {
    const t = counted[i]!.take;
    if ((await repo.count(t.scope, t.key, t.windowStart)) + 1 > t.max) return limitRefusal(counted, i);
  }
  return undefined;
}
