// Parsing of the two authentication headers of table 4-1:
//   Authorization: AKSK realm="SDP",profile="UsernameToken",type="Appkey"
//   X-AKSK: UsernameToken Username="..",PasswordDigest="..",Nonce="..",Created=".."
// Strict about names and values, tolerant of spacing (spaces around `,` and `=`, `, `
// separators), because real clients differ there and spacing carries no meaning. Each function
// answers the catalogue entry of the first thing wrong, so the authenticator decides the order
// once and the parsing stays framework-free.

import { parseAttributes } from '../../lib/aksk.js';
import { RESULT, type ResultEntry } from '../result-codes.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; entry: ResultEntry };

export interface UsernameToken {
  username: string;
  passwordDigest: string;
  nonce: string;
  created: string;
}

/**
 * parseAttributes, refusing a repeated attribute (its Map keeps only the last): two `realm`s or
 * two `Username`s are ambiguous, and a proxy and voxcall might read different ones. A well-formed
 * list is `name="value"` items whose values hold no quote, so it has two quotes per attribute.
 */
function attributes(text: string): Map<string, string> | undefined {
  const attrs = parseAttributes(text);
  if (!attrs) return undefined;
  const quotes = text.split('"').length - 1;
  return quotes === attrs.size * 2 ? attrs : undefined;
}

/** Splits `Scheme rest` where the scheme is a single token; undefined when text has no scheme. */
function splitScheme(text: string): { scheme: string; rest: string } | undefined {
  const m = /^\s*([A-Za-z][A-Za-z0-9]*)(?:\s+([\s\S]*))?$/.exec(text);
  if (!m) return undefined;
  return { scheme: m[1]!, rest: m[2] ?? '' };
}

/**
 * Checks the Authorization header. The scheme is matched case-insensitively (RFC 9110 11.1 makes
 * auth schemes case-insensitive); attribute names and values exactly as the reference writes them.
 * Presence of all three attributes is checked before their values.
 */
export function checkAuthorization(value: string | undefined): ResultEntry | undefined {
  if (value === undefined || value.trim() === '') return RESULT.authFailed;
  const parts = splitScheme(value);
  if (!parts || parts.scheme.toUpperCase() !== 'AKSK') return RESULT.authFailed;
  const attrs = attributes(parts.rest);
  if (!attrs) return RESULT.authFailed;
  const realm = attrs.get('realm');
  const profile = attrs.get('profile');
  const type = attrs.get('type');
  if (realm === undefined) return RESULT.realmMissing;
  if (profile === undefined) return RESULT.profileMissing;
  if (type === undefined) return RESULT.typeMissing;
  if (realm !== 'SDP') return RESULT.realmInvalid;
  if (profile !== 'UsernameToken') return RESULT.profileInvalid;
  if (type !== 'Appkey') return RESULT.typeInvalid;
  return undefined;
}

/**
 * Parses the X-AKSK header. A value that does not start with the `UsernameToken` profile, or whose
 * attribute list is not well formed, has no usable UsernameToken (1023038). An attribute given
 * with an empty value counts as missing.
 */
export function parseXAksk(value: string | undefined): Parsed<UsernameToken> {
  if (value === undefined || value.trim() === '') return { ok: false, entry: RESULT.xAkskMissing };
  const parts = splitScheme(value);
  if (!parts || parts.scheme !== 'UsernameToken') return { ok: false, entry: RESULT.usernameTokenMissing };
  const attrs = attributes(parts.rest);
  if (!attrs) return { ok: false, entry: RESULT.usernameTokenMissing };
  const username = attrs.get('Username');
  const nonce = attrs.get('Nonce');
  const created = attrs.get('Created');
  const passwordDigest = attrs.get('PasswordDigest');
  if (!username) return { ok: false, entry: RESULT.usernameMissing };
  if (!nonce) return { ok: false, entry: RESULT.nonceMissing };
  if (!created) return { ok: false, entry: RESULT.createdMissing };
  if (!passwordDigest) return { ok: false, entry: RESULT.passwordDigestMissing };
  return { ok: true, value: { username, passwordDigest, nonce, created } };
}

/** Nonce: 1 to 128 letters and digits (table 4-1). */
export const NONCE_PATTERN = /^[A-Za-z0-9]{1,128}$/;
