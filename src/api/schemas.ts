// Request schemas of the Huawei-compatible API, from the field tables 4-3, 4-8, 4-25, 5-4, 5-5 and
// 6-3. Fastify validates against them before a handler runs; what JSON Schema cannot say (Base64
// URLs, userData's characters, one-of rules) is checked in normalize.ts.

import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** +{country code}{number}: 4-31 characters in all, digits after the plus (tables 4-3, 5-4, 6-3). */
export const NUMBER_PATTERN = '^\\+[1-9][0-9]{2,29}$';

const Num = Type.String({ minLength: 4, maxLength: 31, pattern: NUMBER_PATTERN });
const Bool = Type.Unsafe<'true' | 'false'>({ type: 'string', enum: ['true', 'false'] });
const FileName = Type.String({ minLength: 1, maxLength: 128 });
/**
 * Base64 of a URL of at most 128 bytes (checked once decoded, for a clear refusal). An empty string means "not
 * given": the reference's own notification example sends `"statusUrl":""`.
 */
const UrlParam = Type.String({ maxLength: 1024 });
const UserData = Type.String({ minLength: 1, maxLength: 256 });

function enumOf<T extends string>(values: readonly T[]): TSchema {
  return Type.Unsafe<T>({ type: 'string', enum: [...values] });
}
const opt = <T extends TSchema>(s: T) => Type.Optional(s);

/** Fields every call-creating API shares (tables 4-3, 5-4, 6-3). */
const pushAndReply = {
  statusUrl: opt(UrlParam),
  feeUrl: opt(UrlParam),
  returnIdlePort: opt(Bool),
  userData: opt(UserData),
};

export const CallbackBody = Type.Object({
  displayNbr: Num,
  callerNbr: Num,
  displayCalleeNbr: Num,
  calleeNbr: Num,
  maxDuration: opt(Type.Integer({ minimum: 0, maximum: 1440 })),
  lastMinVoice: opt(FileName),
  lastMinToUE: opt(Type.Unsafe<'toa' | 'tob' | 'both'>(enumOf(['toa', 'tob', 'both']))),
  playPreVoice: opt(Bool),
  preVoice: opt(FileName),
  waitVoice: opt(FileName),
  calleeMedia: opt(Type.Unsafe<'all' | 'none' | 'fail'>(enumOf(['all', 'none', 'fail']))),
  recordFlag: opt(Bool),
  recordHintTone: opt(FileName),
  partyTypeRequiredInDisconnect: opt(Bool),
  ...pushAndReply,
});
export type CallbackBody = Static<typeof CallbackBody>;

const TemplateId = Type.String({ minLength: 1, maxLength: 32 });
const Trigger = Type.String({ minLength: 1, maxLength: 32 });

/** Table 5-5. Both spellings the reference uses are accepted (templateId/templatId, ...Replaying/...Replacing). */
export const PlayItemBody = Type.Object({
  notifyVoice: opt(FileName),
  templateId: opt(TemplateId),
  templatId: opt(TemplateId),
  templateParas: opt(Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { minItems: 1, maxItems: 10 })),
  collectInd: opt(Type.Integer({ minimum: 0, maximum: 32 })),
  replayAfterCollection: opt(Bool),
  collectContentTriggerReplaying: opt(Trigger),
  collectContentTriggerReplacing: opt(Trigger),
});
export type PlayItemBody = Static<typeof PlayItemBody>;

export const NotifyBody = Type.Object({
  displayNbr: Num,
  calleeNbr: Num,
  playInfoList: Type.Array(PlayItemBody, { minItems: 1, maxItems: 5 }),
  ...pushAndReply,
});
export type NotifyBody = Static<typeof NotifyBody>;

/**
 * Table 6-3. Its "String(1-28)" for preTone/postOne/statusUrl and "String(1-56)" for userData
 * read as typos of 128 and 256 (the same fields are 128/256 everywhere else). The table spells
 * the after-code tone `postOne`; the issue and common clients write `postTone`: both accepted.
 */
export const VerifyBody = Type.Object({
  displayNbr: Num,
  calleeNbr: Num,
  languageType: Type.Integer(),
  preTone: FileName,
  verifyCode: Type.String({ pattern: '^[0-9]{2,8}$' }),
  postTone: opt(FileName),
  postOne: opt(FileName),
  times: opt(Type.Integer({ minimum: 0, maximum: 9 })),
  ...pushAndReply,
});
export type VerifyBody = Static<typeof VerifyBody>;

export const CallStopBody = Type.Object({
  sessionid: Type.String({ minLength: 1, maxLength: 256 }),
  signal: Type.String({ minLength: 1, maxLength: 128 }),
});
export type CallStopBody = Static<typeof CallStopBody>;

export const RecordQuery = Type.Object({
  fileName: Type.String({ minLength: 1, maxLength: 128 }),
  recordDomain: Type.String({ minLength: 1, maxLength: 128 }),
});
export type RecordQuery = Static<typeof RecordQuery>;

/**
 * The OpenAPI security of every /rest API: both AK/SK headers together (reference table 4-1).
 * The schemes are declared in api/manage/openapi.ts under these names.
 */
export const AKSK_SECURITY = [{ akskAuthorization: [], aksk: [] }];

/** What a field must look like, for refusals that name the rule rather than a regular expression. */
export const PATTERN_HINTS: Record<string, string> = {
  [NUMBER_PATTERN]: 'must be +{country code}{number}, digits only (e.g. +8613800000001)',
  '^[0-9]{2,8}$': 'must be 2 to 8 digits',
};
