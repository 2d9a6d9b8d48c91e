// What a final response means to the platform (RFC 3398 7.2.4.2 and 8.2.6, the reference's tables
// 7.1-7.3 through FAILURE_TABLE), and which status refuses a call for a Q.850 cause (RFC 3398
// 7.2.4.1). A `Reason: Q.850;cause=N` header says more than a status: when it names a cause we
// know, it decides the failure (480 with cause 20 is a phone switched off, 480 alone no answer).
// docs/sip.md tables every row.

import type { LegFailure } from '../types.js';
import type { Headers } from './message.js';

/** Q.850 causes that name a leg failure on their own. */
export const CAUSE_FAILURE: Record<number, LegFailure> = {
  1: 'vacant', 2: 'vacant', 3: 'vacant', 22: 'vacant', 28: 'vacant',
  17: 'busy',
  18: 'no_answer', 19: 'no_answer',
  20: 'powered_off',
  21: 'rejected',
  27: 'unreachable', 34: 'unreachable', 38: 'unreachable', 41: 'unreachable', 42: 'unreachable', 47: 'unreachable',
};

/** Final statuses that name a failure; any other 4xx, 5xx or 6xx is unreachable. */
export const STATUS_FAILURE: Record<number, LegFailure> = {
  401: 'rejected', 403: 'rejected', 407: 'rejected', 603: 'rejected',
  404: 'vacant', 410: 'vacant', 484: 'vacant', 604: 'vacant',
  480: 'no_answer', 487: 'no_answer',
  486: 'busy', 600: 'busy',
};

export function failureFor(status: number, headers?: Headers): LegFailure {
  const cause = headers ? reasonCause(headers) : undefined;
  if (cause !== undefined && CAUSE_FAILURE[cause]) return CAUSE_FAILURE[cause];
  return STATUS_FAILURE[status] ?? 'unreachable';
}

/** The cause of a `Reason: Q.850;cause=N` header, if any. */
export function reasonCause(headers: Headers): number | undefined {
  for (const value of headers.all('reason')) {
    for (const part of value.split(',')) {
      const m = /^\s*Q\.850\s*;(?:.*;)?\s*cause\s*=\s*(\d{1,3})\b/i.exec(part);
      if (m) return Number(m[1]);
    }
  }
  return undefined;
}

/** RFC 3398 7.2.4.1: the status that carries a Q.850 cause when we refuse a call. */
export const CAUSE_STATUS: Record<number, number> = {
  1: 404, 2: 404, 3: 404, 17: 486, 18: 408, 19: 480, 20: 480, 21: 403, 22: 410, 23: 410, 26: 404, 27: 502,
  28: 484, 29: 501, 31: 480, 34: 503, 38: 503, 41: 503, 42: 503, 47: 503, 55: 403, 57: 403, 58: 503, 65: 488,
  69: 501, 70: 488, 79: 501, 87: 403, 88: 503, 102: 504, 111: 500, 127: 500,
};

/** The status for a cause; an unlisted one by its class (normal 480, resources 503, others 500). */
export function statusForCause(q850: number): number {
  const listed = CAUSE_STATUS[q850];
  if (listed !== undefined) return listed;
  if (q850 < 32) return 480;
  if (q850 < 48) return 503;
  return 500;
}

export const reasonHeader = (q850: number): string => `Q.850;cause=${q850}`;
