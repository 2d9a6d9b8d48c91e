// What a call from `caller` to the privacy number X becomes (docs/privacy-numbers.md, "Calls"):
// for the inbound router (src/inbound/), pure over the store. AXB: A calls X reaches B
// (secretCallType 10), B calls X reaches A (11), anyone else is refused. AX: another number
// calling X reaches A (20); A calling X calls out (21), to a callee the app names per call.
//
// A binding counts at `now`: the router asks when the call arrives, and a call that got through
// goes on after its binding expires or is unbound (the router keeps what it was told here).

import type { Binding, PrivacyFacts, SecretCallType } from '../domain/privacy.js';
import type { PrivacyRepo } from '../store/types.js';

export interface PrivacyRoute {
  ok: true;
  binding: Binding;
  /** Whom to dial; absent for A calling out through its AX X (the app names the callee). */
  callee?: string;
  secretCallType: SecretCallType;
  /** What the callee is shown: X (callDisplayType 1) or the caller's own number (2). */
  displayNumber: string;
  record: boolean;
  /** The longest the call may last, in seconds; 0 = no limit. */
  maxDurationS: number;
  /** For the call record (Call.privacy): what the vsp pushes report. AX from A: `b` is set once the callee is known. */
  facts: PrivacyFacts;
}

export type PrivacyRefusalReason =
  /** X is in no pool: not a privacy number (the router's other routes apply). */
  | 'not_privacy_number'
  /** X is a pool's, but carries no active binding. */
  | 'no_binding'
  /** X carries bindings, none of which the caller is a party of. */
  | 'third_party';

export interface PrivacyRefused {
  ok: false;
  reason: PrivacyRefusalReason;
  /** The pool's app, when X is a pool's: who the refusal is recorded for. */
  appKey?: string;
  poolId?: string;
}

/**
 * `owner`: the app that owns X now. A pool row of another app (the number was taken from that app
 * and given to this one) is not this app's privacy number: its bindings must never route this
 * app's calls, nor reach its pushes.
 */
export async function resolvePrivacyCall(
  repo: Pick<PrivacyRepo, 'number' | 'onX' | 'list'>, x: string, caller: string, now: number, owner?: string,
): Promise<PrivacyRoute | PrivacyRefused> {
  const own = await repo.number(x);
  if (!own || (owner !== undefined && own.appKey !== owner)) return { ok: false, reason: 'not_privacy_number' };
  const found = await repo.onX(x, caller, now);
  // The store keeps one binding per caller of X; a party row is preferred to an AX binding's whole-X row.
  const binding = found.find((b) => b.a === caller || b.b === caller) ?? found.find((b) => b.kind === 'AX');
  if (!binding) {
    const any = await repo.list(own.appKey, { x }, now, undefined, 1);
    return { ok: false, reason: any.length > 0 ? 'third_party' : 'no_binding', appKey: own.appKey, poolId: own.poolId };
  }
  const { callee, secretCallType, b } = routeOf(binding, caller);
  const facts: PrivacyFacts = {
    kind: binding.kind, poolId: binding.poolId, subscriptionId: binding.subscriptionId, x, a: binding.a,
    secretCallType, displayType: binding.displayType,
    ...(b !== undefined ? { b } : {}), ...(binding.userData !== undefined ? { userData: binding.userData } : {}),
  };
  return {
    ok: true, binding, ...(callee !== undefined ? { callee } : {}), secretCallType,
    displayNumber: binding.displayType === 2 ? caller : x,
    record: binding.record, maxDurationS: binding.maxDuration * 60, facts,
  };
}

function routeOf(binding: Binding, caller: string): { callee?: string; secretCallType: SecretCallType; b?: string } {
  if (binding.kind === 'AXB') {
    return caller === binding.a ? { callee: binding.b!, secretCallType: 10, b: binding.b! } : { callee: binding.a, secretCallType: 11, b: binding.b! };
  }
  // AX: the other party is the caller (20), or the callee the app names (21).
  return caller === binding.a ? { secretCallType: 21 } : { callee: binding.a, secretCallType: 20, b: caller };
}
