// Where a push goes after its attempts: delivered; back in the queue at the same step when the
// receiver said its URL is gone (410: the URL is paused until an operator resumes it, and the
// push waits without losing a retry); queued at the next delay of its schedule, stretched to the
// receiver's Retry-After within the schedule's bounds (the receiver is then held as long); or
// failed once the schedule is spent.

import type { Push, PushNext } from '../../domain/push.js';
import type { Hints } from './attempt.js';
import { clampToSchedule } from './retry-after.js';

export interface NextState {
  next: PushNext;
  /** Pause the push's URL (410 Gone). */
  pause?: true;
  /** Hold the push's receiver until then (Retry-After). */
  holdUntil?: number;
}

/** `retry` false: nothing was sent, waiting would change nothing. `canPause`: there is an endpoint registry to pause in. */
export function nextStateOf(push: Push, ok: boolean, hints: Hints, retry: boolean, canPause: boolean, now: number): NextState {
  if (ok) return { next: { state: 'delivered' } };
  if (hints.gone && canPause) return { next: { state: 'queued', nextAt: now, keepStep: true }, pause: true };
  let delay = retry ? push.schedule[push.step] : undefined;
  if (delay === undefined) return { next: { state: 'failed' } };
  if (hints.retryAfterMs === undefined) return { next: { state: 'queued', nextAt: now + delay } };
  delay = clampToSchedule(hints.retryAfterMs, push.schedule);
  return { next: { state: 'queued', nextAt: now + delay }, holdUntil: now + delay };
}
