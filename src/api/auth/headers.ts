// Parsing of the two authentication headers of table 4-1:
//   Authorization: AKSK realm="SDP",profile="UsernameToken",type="Appkey"
//   X-AKSK: UsernameToken Username="..",PasswordDigest="..",Nonce="..",Created=".."
// Strict about names and values, tolerant of spacing (spaces around `,` and `=`, `, `
// separators), because real clients differ there and spacing carries no meaning. Parsing is one
// pass over a value capped at MAX_AUTH_HEADER_CHARS: these headers come from anyone. Each function
// answers the catalogue entry of the first thing wrong, so the authenticator decides the order
// once and the parsing stays framework-free.

import { parseAttributes, splitScheme } from '../../lib/aksk.js';
import { RESULT, type ResultEntry } from '../result-codes.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; entry: ResultEntry };

export interface UsernameToken {
  username: string;
  passwordDigest: string;
  nonce: string;
  created: string;
}

/**
 * Longest header value read. A well-formed X-AKSK is under 400 characters (app key up to 64,
 * digest 44, nonce up to 128, Created 20, names and quotes); the rest is room for spacing. Longer
 * values are refused before they are parsed, with the code of a malformed header.
 */
export const MAX_AUTH_HEADER_CHARS = 1024;

/**
 * Checks the Authorization header. The scheme is matched case-insensitively (RFC 9110 11.1 makes
 * auth schemes case-insensitive); attribute names and values exactly as the reference writes them.
 * Presence of all three attributes is checked before their values.
 */
export function checkAuthorization(value: string | undefined): ResultEntry | undefined {
  if (value === undefined || value.length > MAX_AUTH_HEADER_CHARS || value.trim() === '') return RESULT.authFailed;
  const parts = splitScheme(value);
  if (!parts || parts.scheme.toUpperCase() !== 'AKSK') return RESULT.authFailed;
  const attrs = parseAttributes(parts.rest);
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
  if (value.length > MAX_AUTH_HEADER_CHARS) return { ok: false, entry: RESULT.usernameTokenMissing };
  const parts = splitScheme(value);
  if (!parts || parts.scheme !== 'UsernameToken') return { ok: false, entry: RESULT.usernameTokenMissing };
  const attrs = parseAttributes(parts.rest);
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
