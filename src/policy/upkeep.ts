// Periodic policy upkeep: re-read lists and settings (changes other nodes made to the shared
// store) and delete expired counter windows. On the injected clock, so tests drive it.

import type { Clock } from '../lib/clock.js';
import { every } from '../lib/every.js';
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
  return every(opts.clock, opts.everyMs, () => Promise.all([opts.book.reload(), opts.repo.pruneCounters(opts.clock.now())]), opts.onError);
}
