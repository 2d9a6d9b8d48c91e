// Why a privacy-number operation is refused: one catalogue for both APIs. The application API
// (bindings) answers `{resultcode, resultdesc}` with `code` and `http`; the management API (pools)
// answers its VX code with `reason` = the name. docs/result-codes.md ("Privacy-number codes")
// tables the same; test/privacy/docs.test.ts compares them.

import { CodedRefusal, type RefusalEntry } from '../lib/coded-refusal.js';

/** `code`: voxcall's own 1092xxx (1010002 is the call APIs'). */
export interface PrivacyRefusalEntry extends RefusalEntry {
  readonly vx: 'VX.INVALID' | 'VX.NOT_FOUND' | 'VX.CONFLICT';
}

export const PRIVACY_REFUSALS = {
  invalid: { code: '1010002', http: 403, vx: 'VX.INVALID', desc: 'Invalid request.' },
  poolNotFound: { code: '1092001', http: 404, vx: 'VX.NOT_FOUND', desc: 'No such number pool.' },
  noFreeNumber: { code: '1092002', http: 409, vx: 'VX.CONFLICT', desc: 'No free number in the pool.' },
  numberNotInPool: { code: '1092003', http: 400, vx: 'VX.INVALID', desc: 'The number is not an X of the pool.' },
  numberBusy: { code: '1092004', http: 409, vx: 'VX.CONFLICT', desc: 'The X cannot take this binding.' },
  bindingNotFound: { code: '1092005', http: 404, vx: 'VX.NOT_FOUND', desc: 'No such binding.' },
  bindingEnded: { code: '1092006', http: 409, vx: 'VX.CONFLICT', desc: 'The binding has ended.' },
  partyBusy: { code: '1092007', http: 409, vx: 'VX.CONFLICT', desc: 'The number is already bound on this X.' },
  sameParties: { code: '1092008', http: 400, vx: 'VX.INVALID', desc: 'A and B are the same number.' },
  malformedNumber: { code: '1092009', http: 400, vx: 'VX.INVALID', desc: 'Malformed number.' },
  expiryNotFuture: { code: '1092010', http: 400, vx: 'VX.INVALID', desc: 'The expiry is not in the future.' },
  requestReused: { code: '1092011', http: 409, vx: 'VX.CONFLICT', desc: 'The requestId was used for another request.' },
  notAppNumber: { code: '1092012', http: 400, vx: 'VX.INVALID', desc: 'The number is not a display number of the app.' },
  numberTaken: { code: '1092013', http: 409, vx: 'VX.CONFLICT', desc: 'The number is in a pool already.' },
  numberInUse: { code: '1092014', http: 409, vx: 'VX.CONFLICT', desc: 'The number carries an active binding.' },
  poolInUse: { code: '1092015', http: 409, vx: 'VX.CONFLICT', desc: 'The pool has active bindings.' },
  poolIdTaken: { code: '1092016', http: 409, vx: 'VX.CONFLICT', desc: 'The pool id is taken.' },
} as const satisfies Record<string, PrivacyRefusalEntry>;

export type PrivacyRefusalName = keyof typeof PRIVACY_REFUSALS;

/** A refused privacy-number operation; the routes turn it into their API's answer. */
export class PrivacyRefusal extends CodedRefusal<PrivacyRefusalName, PrivacyRefusalEntry> {
  constructor(name: PrivacyRefusalName, message: string) {
    super(name, PRIVACY_REFUSALS[name], message);
    this.name = 'PrivacyRefusal';
  }
}

export const refusePrivacy = (name: PrivacyRefusalName, message: string): PrivacyRefusal => new PrivacyRefusal(name, message);
