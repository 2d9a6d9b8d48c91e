// UserId of the UCloud receipt: "长度不能超过32位，不支持单引号、表情包符号等特殊字符". A push
// format never changes what the call API accepts (the reference allows userData of 256 printable
// characters, quotes included): a userData that is a valid UserId travels as it is, any other as
// a digest the SP can compute from its own userData (docs/push-formats.md, "UserId rules").

import { createHash } from 'node:crypto';

export const USER_ID_MAX = 32;
export const USER_ID_DIGEST_PREFIX = 'sha256:';
/** Hex digits of the digest kept: prefix + 25 = 32 characters, 100 bits. */
const DIGEST_HEX = USER_ID_MAX - USER_ID_DIGEST_PREFIX.length;

// Quotes and backslashes (they break the naive string building receivers of this format do),
// control characters, emoji and the joiners/selectors that build them, and lone surrogates.
const FORBIDDEN = /['"`\\\p{Cc}\p{Extended_Pictographic}\p{Emoji_Presentation}\u200d\ufe0e\ufe0f\p{Cs}]/u;

/** Why `userData` cannot be a UserId as it is, or undefined when it can (an absent userData can: no UserId). */
export function userIdProblem(userData: string | undefined): string | undefined {
  if (userData === undefined) return undefined;
  if ([...userData].length > USER_ID_MAX) return `userData is longer than the ${USER_ID_MAX} characters of a UCloud UserId`;
  if (FORBIDDEN.test(userData)) return 'userData has a quote, backslash, control character or emoji, which a UCloud UserId forbids';
  return undefined;
}

export function canBeUserId(userData: string | undefined): boolean {
  return userIdProblem(userData) === undefined;
}

/**
 * The UserId sent for a call's userData: `""` when none; the userData itself when it is a valid
 * UserId; else `sha256:` and the first 25 hex digits of SHA-256 over its UTF-8 bytes (32
 * characters, always valid). Pure: the same userData always gives the same UserId.
 */
export function userIdOf(userData: string | undefined): string {
  if (userData === undefined) return '';
  if (canBeUserId(userData)) return userData;
  return USER_ID_DIGEST_PREFIX + createHash('sha256').update(userData, 'utf8').digest('hex').slice(0, DIGEST_HEX);
}
