// The one error type of the HTTP layer (after hono's HTTPException): whatever refuses a request
// throws an ApiError, and one central handler answers it in the Huawei shape
// `{ resultcode, resultdesc }` with its HTTP status.

import { type ResultEntry, withParams } from './result-codes.js';

/** `resultdesc` is String(1-128) in every response table of the reference. */
export const MAX_RESULTDESC = 128;

export class ApiError extends Error {
  readonly httpStatus: number;
  readonly resultcode: string;
  readonly resultdesc: string;
  /** The whole text, before resultdesc was cut to the reference's length: what the logs keep. */
  readonly reason: string;

  constructor(httpStatus: number, resultcode: string, resultdesc: string, options?: { cause?: unknown; reason?: string }) {
    super(`${resultcode} ${resultdesc}`, options);
    this.name = 'ApiError';
    this.httpStatus = httpStatus;
    this.resultcode = resultcode;
    this.resultdesc = resultdesc;
    this.reason = options?.reason ?? resultdesc;
  }

  /** The response body of the reference's error answers. */
  toBody(): { resultcode: string; resultdesc: string } {
    return { resultcode: this.resultcode, resultdesc: this.resultdesc };
  }
}

/**
 * The ApiError of a catalogue entry. `params` fill the description's placeholders (`%s`, `%$`)
 * in order; `detail` is a human hint appended after the description. The whole resultdesc is cut
 * to 128 characters (code points, so a surrogate pair is never split), the cut marked with "...".
 */
export function apiError(entry: ResultEntry, detail?: string, ...params: string[]): ApiError {
  const base = params.length > 0 ? withParams(entry, ...params).desc : entry.desc;
  const text = detail ? `${base} ${detail}` : base;
  return new ApiError(entry.http, entry.code, truncate(text, MAX_RESULTDESC), { reason: text });
}

/** Cuts text to at most max code points, ending with "..." when something was cut. */
export function truncate(text: string, max: number): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  return points.slice(0, Math.max(0, max - 3)).join('').trimEnd() + '...';
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
