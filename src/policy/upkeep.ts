// Periodic policy upkeep: re-read lists and settings (changes other nodes made to the shared
// store) and delete expired counter windows. On the injected clock, so tests drive it.

import type { Clock, Timer } from '../lib/clock.js';
import type { PolicyRepo } from '../store/types.js';
import type { PolicyBook } from './book.js';

export interface PolicyUpkeepOptions {
  book: PolicyBook;
  repo: Pick<PolicyRepo, 'pruneCounters'>;
  clock: Clock;
  everyMs: number;
  /** Told when a round fails; the schedule goes on either way. */
  onError?: (err: unknown) => void;
}

export function startPolicyUpkeep(opts: PolicyUpkeepOptions): { stop(): void } {
  let timer: Timer | undefined;
  let stopped = false;
  const schedule = (): void => {
    if (stopped) return;
    timer = opts.clock.setTimer(opts.everyMs, () => {
      Promise.all([opts.book.reload(), opts.repo.pruneCounters(opts.clock.now())])
        .catch((err: unknown) => opts.onError?.(err))
        .finally(schedule);
    });
  };
  schedule();
  return {
    stop() {
      stopped = true;
      timer?.cancel();
    },
  };
}
