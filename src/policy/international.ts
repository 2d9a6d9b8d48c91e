// International calls (1013111, 1013112). A number is international when it does not start with
// the platform's home country code (+86 unless configured). Which number each code judges:
//   1013111 callin:  the calling side: every display number of the request (displayNbr, and a
//                    callback's displayCalleeNbr) and a callback's callerNbr.
//   1013112 callout: the called side: calleeNbr and a flow's transfer numbers.
// An inbound call is judged by what it dials out to only: its transfer numbers (callout).

import type { CallPlan } from '../domain/call.js';
import type { PolicySettings } from '../domain/policy.js';
import { transferTargetsOf } from './parties.js';
import { refuse, type Refusal } from './refusal.js';

export function isInternational(number: string, homeCountryCode: string): boolean {
  return !number.startsWith(homeCountryCode);
}

function callingSide(plan: CallPlan): Array<[string, string]> {
  // An inbound call shows no number of the app's choosing: its caller called from where it is.
  if (plan.kind === 'inbound') return [];
  if (plan.kind !== 'callback') return [['displayNbr', plan.displayNbr]];
  return [['displayNbr', plan.displayNbr], ['callerNbr', plan.callerNbr], ['displayCalleeNbr', plan.displayCalleeNbr]];
}

export function checkInternational(plan: CallPlan, settings: PolicySettings, homeCountryCode: string): Refusal | undefined {
  if (settings.internationalCallin === false) {
    for (const [field, number] of callingSide(plan)) {
      if (isInternational(number, homeCountryCode)) return refuse('internationalCallinForbidden', `${field} ${number} is outside ${homeCountryCode}`);
    }
  }
  if (settings.internationalCallout === false) {
    if (plan.kind !== 'inbound' && isInternational(plan.calleeNbr, homeCountryCode)) return refuse('internationalCalloutForbidden', `calleeNbr ${plan.calleeNbr} is outside ${homeCountryCode}`);
    for (const t of transferTargetsOf(plan)) {
      if (isInternational(t.number, homeCountryCode)) return refuse('internationalCalloutForbidden', `flow node "${t.node}" transfers to ${t.number}, outside ${homeCountryCode}`);
    }
  }
  return undefined;
}
