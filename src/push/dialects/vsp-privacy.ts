// The vsp fields of a call through a privacy number (serviceType 200, docs/privacy-numbers.md,
// "Pushes"): the binding's pool, X, A, B, secretCallType, subscriptionId, callDisplayType and
// userData (vsp.ts takes the binding's), and the real caller and callee, which the binding's facts name whatever the call's
// plan is. Overlaid on the fields of every call, so the document's field order is kept.

import type { Call } from '../../domain/call.js';
import type { PrivacyFacts } from '../../domain/privacy.js';
import { nationalNumber } from './call-facts.js';
import { countryIsoCode } from './country.js';

export const SERVICE_PRIVACY = 200;
export const SUB_SERVICE_OF_BINDING: Record<PrivacyFacts['kind'], number> = { AXB: 201, AX: 202 };
/** A privacy call is the inbound call to X forwarded to the callee: a forwarded call's CDR. */
export const CDR_PRIVACY = 3;
/** A third party refused at X: nothing was forwarded, an inbound call's CDR. */
export const CDR_PRIVACY_REFUSED = 2;

/** Who called whom, in E.164: the caller dialled X, the platform dialled the callee. */
export function privacyParties(f: PrivacyFacts): { caller: string; callee: string } {
  switch (f.secretCallType) {
    case 10: return { caller: f.a, callee: f.b ?? '' };
    case 11: return { caller: f.b ?? '', callee: f.a };
    case 20: return { caller: f.b ?? '', callee: f.a };
    case 21: return { caller: f.a, callee: f.b ?? '' };
    // A third party refused at X: it called X, nobody was dialled.
    case 0: return { caller: f.caller ?? '', callee: f.x };
  }
}

/** The fields a privacy call's status push overrides; undefined for any other call. */
export function privacyStatusFields(call: Call) {
  const f = call.privacy;
  if (!f) return undefined;
  const p = privacyParties(f);
  return {
    serviceType: SERVICE_PRIVACY,
    caller: nationalNumber(p.caller),
    callee: nationalNumber(p.callee),
    phoneNoX: nationalNumber(f.x),
    phoneNoA: nationalNumber(f.a),
    phoneNoB: f.b === undefined ? '' : nationalNumber(f.b),
    subscriptionId: f.subscriptionId,
  };
}

/** The fields a privacy call's CDR overrides; undefined for any other call. */
export function privacyCdrFields(call: Call) {
  const f = call.privacy;
  const status = privacyStatusFields(call);
  if (!f || !status) return undefined;
  const p = privacyParties(f);
  return {
    ...status,
    subServiceType: SUB_SERVICE_OF_BINDING[f.kind],
    numberPoolNo: f.poolId,
    callerCountryIsoCode: countryIsoCode(p.caller),
    calleeCountryIsoCode: countryIsoCode(p.callee),
    secretCallType: f.secretCallType,
    callDisplayType: f.displayType,
    cdrType: f.secretCallType === 0 ? CDR_PRIVACY_REFUSED : CDR_PRIVACY,
  };
}
