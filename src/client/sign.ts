// The request headers of table 4-1, signed with a fresh nonce each time.

import { AUTHORIZATION_VALUE, createdBeijing, createdUtc, newNonce, requestDigest, xAkskValue } from '../lib/aksk.js';

export type CreatedIn = 'utc' | 'beijing';

export const CONTENT_TYPE = 'application/json;charset=UTF-8';

export function signedHeaders(appKey: string, appSecret: string, nowMs: number, createdIn: CreatedIn): Record<string, string> {
  const nonce = newNonce();
  const created = createdIn === 'utc' ? createdUtc(nowMs) : createdBeijing(nowMs);
  return {
    'content-type': CONTENT_TYPE,
    authorization: AUTHORIZATION_VALUE,
    'x-aksk': xAkskValue(appKey, requestDigest(appSecret, nonce, created), nonce, created),
  };
}
