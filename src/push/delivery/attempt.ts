// One HTTP attempt of a push at one URL: the dialect builds and signs the body, the sender posts
// it, the dialect judges the answer. The result is the attempt record and what the answer asks of
// the endpoint beyond its outcome (a 410, a Retry-After), for the dispatcher to act on.

import type { Agent } from 'undici';
import type { Push, PushAttempt } from '../../domain/push.js';
import { newNonce } from '../../lib/aksk.js';
import type { Dialect } from '../dialects/types.js';
import { isUnavailable } from './breaker.js';
import { classifyResponse } from './classify.js';
import { parseRetryAfter } from './retry-after.js';
import { send } from './sender.js';

/** What one attempt's answer asks of the push and its endpoint beyond its outcome. */
export interface Hints {
  retryAfterMs?: number;
  gone?: boolean;
}

export interface Tried {
  attempt: PushAttempt;
  hints: Hints;
  /** The breaker's verdict on the receiver; null when nothing reached it. */
  unavailable: boolean | null;
}

export interface AttemptInput {
  agent: Agent;
  push: Push;
  dialect: Dialect;
  /** null: unsigned (a format whose documents have no signature, without a subscription secret). */
  secret: string | null;
  url: string;
  n: number;
  /** When the attempt starts, on the scheduling clock. */
  at: number;
  /** The wall-clock time the signature's Created carries. */
  signedAt: number;
  timeoutMs: number;
  /** Headers beside the dialect's (the operator's test push marks itself). */
  extraHeaders?: Record<string, string>;
}

export async function tryAt(i: AttemptInput): Promise<Tried> {
  const { push, dialect } = i;
  const body = dialect.body(push.kind, push.items);
  const headers = dialect.headers({
    url: i.url, body, appKey: push.appKey, messageId: push.id, now: i.signedAt, nonce: newNonce(),
    ...(typeof i.secret === 'string' ? { secret: i.secret } : {}),
  });
  const res = await send(i.agent, i.url, { ...headers, ...i.extraHeaders }, body, i.timeoutMs);

  const attempt: PushAttempt = { pushId: push.id, n: i.n, at: i.at, latencyMs: res.latencyMs, ok: false };
  const hints: Hints = {};
  if (res.kind === 'response') {
    attempt.httpStatus = res.status;
    attempt.responseHead = res.body.slice(0, 1024);
    const verdict = dialect.judge(res.status, res.body, push.kind);
    attempt.ok = verdict.ok;
    if (!verdict.ok) {
      attempt.errorClass = classifyResponse(res.status, dialect.judge(200, res.body, push.kind).ok);
      attempt.error = verdict.reason ?? `HTTP ${res.status}`;
      if (res.status === 410) hints.gone = true;
      if (res.status === 429 || res.status === 503) {
        // An HTTP-date is read against the wall clock the push was signed on, when the answer came.
        const ms = parseRetryAfter(res.retryAfter, i.signedAt + res.latencyMs);
        if (ms !== undefined) hints.retryAfterMs = ms;
      }
    }
  } else {
    attempt.errorClass = res.errorClass;
    attempt.error = res.error;
  }
  // A target the guard refused was never contacted: no verdict on the receiver.
  const unavailable = attempt.errorClass === 'blocked_target' ? null : !attempt.ok && isUnavailable(attempt.errorClass, attempt.httpStatus);
  return { attempt, hints, unavailable };
}
