// Expired nonces are dead weight: a NonceRepo may prune them any time after they expire. This
// runs the pruning on the injected clock so tests drive it and production keeps the table small.

import type { Clock } from '../../lib/clock.js';
import { every } from '../../lib/every.js';
import type { NonceRepo } from '../../store/types.js';

export interface NoncePrunerOptions {
  nonces: NonceRepo;
  clock: Clock;
  /** Default 5 minutes. */
  everyMs?: number;
  /** Told when a prune fails; the pruner keeps its schedule either way. */
  onError?: (err: unknown) => void;
}

/** Prunes every everyMs until stopped. */
export function startNoncePruner(opts: NoncePrunerOptions): { stop(): void } {
  return every(opts.clock, opts.everyMs ?? 5 * 60_000, () => opts.nonces.prune(opts.clock.now()), opts.onError);
}
