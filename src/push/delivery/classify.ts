// Maps a failed HTTP attempt to the error classes of the delivery docs. Matching is by error
// code and name (never by message text), walking the `cause` chain undici and node:net build.

import type { AttemptErrorClass } from '../../domain/push.js';
import { BLOCKED_TARGET_CODE } from './target-guard.js';

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'ABORT_ERR',
]);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'AbortError', 'ConnectTimeoutError', 'HeadersTimeoutError', 'BodyTimeoutError']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);

function isTls(code: string): boolean {
  return TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.startsWith('CERT_');
}

/** The class of an error thrown by the HTTP client (no response was received). */
export function classifyError(err: unknown): AttemptErrorClass {
  let e: unknown = err;
  for (let depth = 0; e !== null && typeof e === 'object' && depth < 5; depth++) {
    const { code, name } = e as { code?: unknown; name?: unknown };
    if (typeof code === 'string') {
      if (code === BLOCKED_TARGET_CODE) return 'blocked_target';
      if (TIMEOUT_CODES.has(code)) return 'timeout';
      if (code === 'ECONNREFUSED') return 'refused';
      if (DNS_CODES.has(code)) return 'dns';
      if (isTls(code)) return 'tls';
    }
    if (typeof name === 'string' && TIMEOUT_NAMES.has(name)) return 'timeout';
    e = (e as { cause?: unknown }).cause;
  }
  return 'network';
}

/**
 * The class of a response the dialect did not accept: `non_2xx` when the status code is the
 * problem (any non-2xx, or a 2xx other than the one the format wants), `rejected_body` when the
 * body refused it (the same body would fail under a 200 too).
 */
export function classifyResponse(status: number, bodyJudgedAt200Ok: boolean): AttemptErrorClass {
  if (status < 200 || status > 299) return 'non_2xx';
  return bodyJudgedAt200Ok ? 'non_2xx' : 'rejected_body';
}

/** A short, log-safe description of an error: its code (or name) and message. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const causeCode = (err.cause as { code?: unknown } | undefined)?.code;
    const tag = typeof code === 'string' ? code : typeof causeCode === 'string' ? causeCode : err.name;
    return `${tag}: ${err.message}`.slice(0, 500);
  }
  return String(err).slice(0, 500);
}
