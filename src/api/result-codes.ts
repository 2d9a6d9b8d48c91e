// The result-code catalogue of the Huawei reference: every code of tables 4-5 (click2Call), 4-10
// (callStop), 4-30 (recording download), 5-7 (callnotify) and 6-5 (callVerify), with the HTTP
// status the reference pairs it with and the reference's English description, verbatim (odd
// spacing included, so a client matching on text keeps working). docs/result-codes.md publishes
// the same table; test/api/result-codes.test.ts fails when the two disagree.
//
// Codes are not unique keys: 1010010 is both 401 "Invalid digest." and 403 "The flow control
// upper limit is reached on the platform.", so entries are addressed by name, never by code.

export interface ResultEntry {
  /** The `resultcode` string of the response body. */
  readonly code: string;
  /** The HTTP status answered with it. */
  readonly http: number;
  /** The reference's English description, the default `resultdesc`. */
  readonly desc: string;
}

export const RESULT = {
  // Table 4-5 reads "Success." while every response example answers "Success"; the examples are
  // what clients compare against, so voxcall answers "Success".
  success: { code: '0', http: 200, desc: 'Success' },

  // 400: malformed authentication headers. 1023006 is named after its Chinese description
  // ("authentication failed"): it answers a missing and an unreadable Authorization alike.
  authFailed: { code: '1023006', http: 400, desc: 'Authorization not contained in the HTTP header.' },
  realmMissing: { code: '1023007', http: 400, desc: 'realm not contained in Authorization.' },
  profileMissing: { code: '1023008', http: 400, desc: 'profile not contained in Authorization.' },
  realmInvalid: { code: '1023009', http: 400, desc: 'The value of realm in Authorization must be SDP.' },
  profileInvalid: { code: '1023010', http: 400, desc: 'The value of profile in Authorization must be UsernameToken.' },
  typeInvalid: { code: '1023011', http: 400, desc: 'The value of type in Authorization must be app_key.' },
  typeMissing: { code: '1023012', http: 400, desc: 'type not contained in Authorization.' },
  xAkskMissing: { code: '1023033', http: 400, desc: 'HTTP header not found X-AKSK field.' },
  usernameMissing: { code: '1023034', http: 400, desc: 'User Name not contained in X-AKSK.' },
  nonceMissing: { code: '1023035', http: 400, desc: 'Nonce not contained in X-AKSK.' },
  createdMissing: { code: '1023036', http: 400, desc: 'Created not contained in X-AKSK.' },
  passwordDigestMissing: { code: '1023037', http: 400, desc: 'PasswordDigest not contained in X-AKSK.' },
  usernameTokenMissing: { code: '1023038', http: 400, desc: 'UsernameToken not contained in X-AKSK.' },

  // 401: credentials present but not accepted.
  invalidDigest: { code: '1010010', http: 401, desc: 'Invalid digest.' },
  timeOutLimit: { code: '1010013', http: 401, desc: 'Time out limit.' },

  // 403: refused requests.
  invalidRequest: { code: '1010002', http: 403, desc: 'Invalid request.' },
  invalidAppKey: { code: '1010003', http: 403, desc: 'Invalid app_key.' },
  invalidRestApi: { code: '1010006', http: 403, desc: 'Invalid Rest API.' },
  userNotActive: { code: '1010007', http: 403, desc: 'The activeState of User is not ACTIVATING.' },
  appKeySuspended: { code: '1010008', http: 403, desc: 'The status of the app_key is unavailable.' },
  apiLimitReached: { code: '1010009', http: 403, desc: 'No more APIs can be invoked.' },
  flowControlPlatform: { code: '1010010', http: 403, desc: 'The flow control upper limit is reached on the platform.' },
  commercialAddressForbidden: { code: '1010011', http: 403, desc: 'The app is not allowed to access a commercial address.' },
  applicationUnavailable: { code: '1010021', http: 403, desc: 'Application unavailable.' },
  invalidDisplayNumber: { code: '1010023', http: 403, desc: 'Invalid display number.' },
  invalidCallerNumber: { code: '1010024', http: 403, desc: 'Invalid caller number.' },
  apiNotAllowed: { code: '1010040', http: 403, desc: 'The app_key is not allowed to invoke the API.' },
  underTrafficControl: { code: '1011006', http: 403, desc: 'Under traffic control status' },
  numberResourceNotApplied: { code: '1012001', http: 403, desc: 'Resource of number is not to be applied.' },
  templateParasMismatch: { code: '1012005', http: 403, desc: '%s of templateParas does not meet template requirements.' },
  serviceNumberNotApplied: { code: '1012006', http: 403, desc: 'The service number is not applied.' },
  recordNotFound: { code: '1012007', http: 403, desc: 'The record does not exist.' },
  recordingNotEnabled: { code: '1012012', http: 403, desc: 'Application does not open recording function.' },
  spCallLimit: { code: '1013001', http: 403, desc: 'Calls exceed the SP limit.' },
  appCallLimit: { code: '1013002', http: 403, desc: 'Calls exceed the APP limit.' },
  displayNumberCallLimit: { code: '1013003', http: 403, desc: 'Calls exceed the display number limit.' },
  calleeBlacklisted: { code: '1013004', http: 403, desc: 'Callee in blacklist.' },
  callerBlacklisted: { code: '1013010', http: 403, desc: 'Caller in blacklist.' },
  calleeNotWhitelisted: { code: '1013011', http: 403, desc: 'Callee is not on the whitelist.' },
  securityControlError: { code: '1013100', http: 403, desc: 'Common error code .' },
  abnormalCall: { code: '1013101', http: 403, desc: 'Abnormal call restricted .' },
  internationalCallinForbidden: { code: '1013111', http: 403, desc: 'International callin is forbidden.' },
  internationalCalloutForbidden: { code: '1013112', http: 403, desc: 'International callout is forbidden.' },
  abnormalCallDuration: { code: '1013113', http: 403, desc: 'Abnormal call duration restricted.' },
  abnormalCompletionRate: { code: '1013115', http: 403, desc: 'Abnormal call completion rate restricted.' },
  callerFrequencyLimit: { code: '1013116', http: 403, desc: 'Caller call frequency restricted.' },
  calleeFrequencyLimit: { code: '1013117', http: 403, desc: 'Callee call frequency restricted.' },
  serviceNumberFrequencyLimit: { code: '1013118', http: 403, desc: 'Service number call frequency restricted.' },
  serviceNumberSuspended: { code: '1013119', http: 403, desc: 'Service number suspend.' },
  ipAddressMissing: { code: '1013120', http: 403, desc: 'Ip address is null.' },
  callTimeForbidden: { code: '1013121', http: 403, desc: 'Call black time forbidden.' },
  subEnterpriseSuspended: { code: '1013122', http: 403, desc: 'Sub enterprise is suspended.' },
  portLimit: { code: '1020165', http: 403, desc: 'The number of app_key voice call ports exceeds the upper limit.' },
  ipNotWhitelisted: { code: '1020166', http: 403, desc: 'The app client ip is not in ip white list.' },
  loginIpBlacklisted: { code: '1020168', http: 403, desc: 'The call is rejected because the login IP of the peer app is blacklisted .' },
  loginIpBlacklistedArea: { code: '1020171', http: 403, desc: 'The call is rejected because the login IP of the peer app is blacklisted area.' },
  authBlocked: { code: '1020176', http: 403, desc: 'Authentication failed, try again later' },

  // 500: the platform could not serve the request.
  systemError: { code: '1010001', http: 500, desc: 'Internal system error.' },
  parameterError: { code: '1020001', http: 500, desc: 'Parameter error.' },
  internalError: { code: '1020002', http: 500, desc: 'Internal error.' },
  appKeyInvalid: { code: '1020150', http: 500, desc: 'The app_key is invalid.' },
  bindNumInvalid: { code: '1020151', http: 500, desc: 'The bindNum is invalid.' },
  invalidSessionId: { code: '1020152', http: 500, desc: 'Invalid sessionid.' },
  insufficientVoicePorts: { code: '1020154', http: 500, desc: 'Insufficient voice ports.' },
  gatewayInternalError: { code: '1023001', http: 500, desc: 'Internal error.' },
  responseTimeout: { code: '1023002', http: 500, desc: 'Response timeout.' },
  // The reference prints the placeholders as `%\$` (an escaped `%$`); voxcall keeps `%$`.
  southNeError: { code: '1040001', http: 500, desc: 'south ne error with responseCode: %$ and responseMsg: %$.' },
} as const satisfies Record<string, ResultEntry>;

export type ResultName = keyof typeof RESULT;

/** Every entry with its name, in catalogue order (for docs, tests and lookups). */
export const RESULT_ENTRIES: ReadonlyArray<{ name: ResultName } & ResultEntry> = (
  Object.keys(RESULT) as ResultName[]
).map((name) => ({ name, ...RESULT[name] }));

const PLACEHOLDER = /%s|%\$/g;

/**
 * The entry with its description's placeholders (`%s`, `%$`) filled in order, e.g.
 * `withParams(RESULT.templateParasMismatch, 'NUM_2')`. Missing values leave the placeholder.
 */
export function withParams(entry: ResultEntry, ...values: string[]): ResultEntry {
  let i = 0;
  const desc = entry.desc.replace(PLACEHOLDER, (m) => (i < values.length ? values[i++]! : m));
  return { code: entry.code, http: entry.http, desc };
}
