// The JSON bodies of the privacy-number routes (and so of the OpenAPI document). Only JSON types
// and sizes here: numbers, times and ranges are checked in validate.ts, which names the field and
// answers the code of docs/privacy-numbers.md (a malformed number is 1092009, not a schema error).

import { Type, type Static } from '@sinclair/typebox';

const Num = (description: string) => Type.String({ maxLength: 32, description });

export const BindBody = Type.Object({
  requestId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "the app's id of this request: sent again, it answers the same binding" })),
  numberPoolNo: Type.String({ minLength: 1, maxLength: 64, description: 'the pool the X is taken from' }),
  bindType: Type.Optional(Type.Union([Type.Literal('AXB'), Type.Literal('AX')], { description: 'default AXB' })),
  phoneNoA: Num('A, +{country code}{number}'),
  phoneNoB: Type.Optional(Num('B (AXB only)')),
  phoneNoX: Type.Optional(Num('this X of the pool, rather than one picked')),
  areaCode: Type.Optional(Type.String({ maxLength: 8, description: 'an X of this area code' })),
  expireAt: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 with Z or an offset; absent: never expires' })),
  recordFlag: Type.Optional(Type.Boolean({ description: 'record its calls (default false)' })),
  maxDuration: Type.Optional(Type.Integer({ description: 'minutes a call may last, 0-1440, 0 = no limit (default)' })),
  callDisplayType: Type.Optional(Type.Integer({ description: 'what the callee sees: 1 X (default), 2 the real caller number' })),
  userData: Type.Optional(Type.String({ description: 'echoed in the vsp pushes of its calls; at most 2048 characters' })),
}, { additionalProperties: false });
export type BindBody = Static<typeof BindBody>;

export const ModifyBody = Type.Object({
  phoneNoA: Type.Optional(Num('a new A')),
  phoneNoB: Type.Optional(Num('a new B (AXB only)')),
  expireAt: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()], { description: 'a new expiry; null: never expires' })),
  recordFlag: Type.Optional(Type.Boolean()),
  maxDuration: Type.Optional(Type.Integer()),
  callDisplayType: Type.Optional(Type.Integer()),
  userData: Type.Optional(Type.String()),
}, { additionalProperties: false });
export type ModifyBody = Static<typeof ModifyBody>;

export const BindingListQuery = Type.Object({
  numberPoolNo: Type.Optional(Type.String({ maxLength: 64 })),
  phoneNoX: Type.Optional(Type.String({ maxLength: 32 })),
  phoneNo: Type.Optional(Type.String({ maxLength: 32, description: 'A or B' })),
  after: Type.Optional(Type.String({ maxLength: 64, description: 'the last subscriptionId of the previous page' })),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$', description: '1-200, default 50' })),
}, { additionalProperties: false });
export type BindingListQuery = Static<typeof BindingListQuery>;

export const SubscriptionParam = { subscriptionId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) };

export const PoolBody = Type.Object({
  numberPoolNo: Type.Optional(Type.String({ maxLength: 64, description: 'the pool id (letters, digits, _ and -); default: generated NP...' })),
  name: Type.Optional(Type.String({ maxLength: 128 })),
}, { additionalProperties: false });
export type PoolBody = Static<typeof PoolBody>;

export const PoolNumberBody = Type.Object({
  number: Type.String({ maxLength: 32, description: 'a display number of the app' }),
  areaCode: Type.Optional(Type.String({ maxLength: 8, description: 'city / area code, digits' })),
}, { additionalProperties: false });
export type PoolNumberBody = Static<typeof PoolNumberBody>;
