// A policy refusal is a value, not an HTTP answer: the call API, outbound task rows and inbound
// calls all need admission, and only the API has an HTTP request to answer. Each refusal names
// its entry of the reference's result-code catalogue (src/api/result-codes.ts, where api/ turns
// it into the answer); the codes are repeated here so that a task row or a log line can carry
// them without the HTTP layer, and src/api/policy-refusal.ts fails to compile if one differs.

/** The refusals the policy gives: catalogue name -> the reference's result code. */
export const POLICY_REFUSALS = {
  appKeySuspended: '1010008',
  ipNotWhitelisted: '1020166',
  apiNotAllowed: '1010040',
  recordingNotEnabled: '1012012',
  callTimeForbidden: '1013121',
  internationalCallinForbidden: '1013111',
  internationalCalloutForbidden: '1013112',
  callerBlacklisted: '1013010',
  calleeBlacklisted: '1013004',
  calleeNotWhitelisted: '1013011',
  invalidRequest: '1010002',
  templateParasMismatch: '1012005',
  invalidDisplayNumber: '1010023',
  serviceNumberSuspended: '1013119',
  spCallLimit: '1013001',
  appCallLimit: '1013002',
  displayNumberCallLimit: '1013003',
  callerFrequencyLimit: '1013116',
  calleeFrequencyLimit: '1013117',
  serviceNumberFrequencyLimit: '1013118',
  portLimit: '1020165',
  apiLimitReached: '1010009',
  flowControlPlatform: '1010010',
} as const;

export type RefusalName = keyof typeof POLICY_REFUSALS;

export interface Refusal {
  readonly refused: true;
  /** The catalogue entry (src/api/result-codes.ts) the refusal answers with. */
  readonly name: RefusalName;
  readonly resultcode: string;
  /** Why, in full (the API may cut its resultdesc to 128 characters; logs keep this). */
  readonly reason: string;
  /** Values of the catalogue description's placeholders (1012005 names the template variable). */
  readonly params: readonly string[];
}

export function refuse(name: RefusalName, reason = '', ...params: string[]): Refusal {
  return { refused: true, name, resultcode: POLICY_REFUSALS[name], reason, params };
}

export function isRefusal(v: unknown): v is Refusal {
  return typeof v === 'object' && v !== null && (v as { refused?: unknown }).refused === true;
}
