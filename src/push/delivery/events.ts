// The dispatcher's lifecycle events. Logs, metrics and tests subscribe; the dispatcher does not
// know who listens.

import type { Push, PushAttempt } from '../../domain/push.js';

export interface DispatcherEventMap {
  /** Every attempt, whatever its outcome, once it is recorded. */
  attempt: [push: Push, attempt: PushAttempt];
  delivered: [push: Push, attempt: PushAttempt];
  /** A failed attempt with retries left; nextAt is when the next one is due. */
  retry: [push: Push, attempt: PushAttempt, nextAt: number];
  /** The schedule is exhausted (or the push cannot be sent at all); the push is kept as failed. */
  failed: [push: Push, attempt: PushAttempt];
  /** The store failed under the loop; it goes on after the idle cap. */
  storeError: [error: unknown];
}
