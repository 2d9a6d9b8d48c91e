// Replay, the parts both engines share: the row a replay reads, the checks before it, and the
// requeue UPDATE (@named params).

import type { PushQuery, ReplayRefusal } from '../types.js';

export interface ReplayTarget {
  id: string;
  state: string;
  order_key: string | null;
  seq: number;
  merged_into: string | null;
  created_at: number;
}

export const TARGET_COLUMNS = 'id, state, order_key, seq, merged_into, created_at';

// step 0: the schedule starts over; attempts is untouched, so the next attempt is n + 1.
// delivered_at goes (it is queued again); exported_at goes so that, should it fail again, it
// is exported again before retention may delete it. last_error stays: the history's last word.
// origin: rows that left the queue before migration 009 have none; their URL names the same gate.
// The state guard keeps a row another writer queued meanwhile as it is.
export const REQUEUE = `UPDATE pushes SET state = 'queued', next_at = @now, step = 0, replays = replays + 1, blocked = @blocked,
         delivered_at = NULL, exported_at = NULL, origin = CASE WHEN origin = '' THEN url ELSE origin END
  WHERE id = @id AND state IN ('delivered', 'failed')`;

/** The rows of `ids` (once each, in order) when all may be replayed, else why the first one may not. */
export function replayTargets(
  ids: Iterable<string>, target: (id: string) => ReplayTarget | undefined,
): { rows: ReplayTarget[] } | ReplayRefusal {
  const rows: ReplayTarget[] = [];
  for (const id of new Set(ids)) {
    const r = target(id);
    if (!r) return { reason: 'not_found', id };
    if (r.state === 'merged') return { reason: 'merged', id, mergedInto: r.merged_into ?? '' };
    if (r.state === 'queued') return { reason: 'queued', id };
    rows.push(r);
  }
  return { rows };
}

/** The state a replay by query replays (failed unless asked), or a RangeError for any other. */
export function replayedState(q: PushQuery): 'failed' | 'delivered' {
  const state = q.state ?? 'failed';
  // Queued ones are on their way already; merged ones travel inside another push.
  if (state !== 'failed' && state !== 'delivered') throw new RangeError(`only delivered or failed pushes can be replayed, not ${state}`);
  return state;
}
