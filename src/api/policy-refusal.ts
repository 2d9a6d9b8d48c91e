// Where a policy refusal (src/policy/refusal.ts) becomes an HTTP answer: the ApiError of its
// catalogue entry, with the same result code and resultdesc as if the check had thrown it.

import { isRefusal, POLICY_REFUSALS, type Refusal, type RefusalName } from '../policy/refusal.js';
import { apiError, type ApiError } from './errors.js';
import { RESULT } from './result-codes.js';

// Compile-time guarantee: every code the policy carries is the catalogue's code of that name.
POLICY_REFUSALS satisfies { readonly [K in RefusalName]: (typeof RESULT)[K]['code'] };

export function refusalError(r: Refusal): ApiError {
  return apiError(RESULT[r.name], r.reason || undefined, ...r.params);
}

/** The admitted value, or the refusal thrown as its ApiError. */
export function admittedOrThrow<T extends object>(v: T | Refusal): T {
  if (isRefusal(v)) throw refusalError(v);
  return v;
}
