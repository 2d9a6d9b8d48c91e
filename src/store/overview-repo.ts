// Read-only figures for the console's overview (GET /v1/overview): calls placed per minute by
// outcome, pushes of a recent window by state, and the queue with the push first in line. Each is
// one indexed query; none reads a whole table (the overview is polled every 2 s).

import type { CallOutcome } from '../domain/call.js';
import type { PushState } from '../domain/push.js';

/** Calls placed in one minute (start of the minute, ms) that are in progress or ended with an outcome. */
export interface CallMinute {
  minute: number;
  outcome: CallOutcome | 'in_progress';
  calls: number;
}

export interface QueueSummary {
  /** Queued pushes: runnable ones and those waiting behind an earlier event of their call. */
  queued: number;
  /** Runnable queued pushes already due at `now`. */
  due: number;
  /** The runnable queued push first in line (earliest nextAt): how far behind delivery is. */
  first?: { id: string; createdAt: number; nextAt: number; url: string };
}

export interface OverviewRepo {
  /** Calls placed at or after `since`, counted per minute (placed time) and outcome. */
  callsPerMinute(since: number): Promise<CallMinute[]>;
  /** Pushes created at or after `since` that are delivered or failed, by state. */
  pushesSince(since: number): Promise<Pick<Record<PushState, number>, 'delivered' | 'failed'>>;
  queue(now: number): Promise<QueueSummary>;
}
