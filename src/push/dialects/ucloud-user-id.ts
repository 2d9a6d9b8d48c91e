// UserId of the UCloud receipt: "长度不能超过32位，不支持单引号、表情包符号等特殊字符". The
// request-time refusal (a call whose userData cannot become a UserId, when the app has a ucloud
// subscription) and the encoder use this one rule.

export const USER_ID_MAX = 32;

// Quotes and backslashes (they break the naive string building receivers of this format do),
// control characters, emoji and the joiners/selectors that build them, and lone surrogates.
const FORBIDDEN = /['"`\\\p{Cc}\p{Extended_Pictographic}\p{Emoji_Presentation}\u200d\ufe0e\ufe0f\p{Cs}]/u;

/** Why `userData` cannot be a UserId, or undefined when it can (an absent userData can: no UserId). */
export function userIdProblem(userData: string | undefined): string | undefined {
  if (userData === undefined) return undefined;
  if ([...userData].length > USER_ID_MAX) return `userData is longer than the ${USER_ID_MAX} characters of a UCloud UserId`;
  if (FORBIDDEN.test(userData)) return 'userData has a quote, backslash, control character or emoji, which a UCloud UserId forbids';
  return undefined;
}

export function canBeUserId(userData: string | undefined): boolean {
  return userIdProblem(userData) === undefined;
}
