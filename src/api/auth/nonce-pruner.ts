// Expired nonces are dead weight: a NonceRepo may prune them any time after they expire. This
// runs the pruning on the injected clock so tests drive it and production keeps the table small.

import type { Clock, Timer } from '../../lib/clock.js';
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
  const everyMs = opts.everyMs ?? 5 * 60_000;
  let timer: Timer | undefined;
  let stopped = false;
  const schedule = (): void => {
    if (stopped) return;
    timer = opts.clock.setTimer(everyMs, () => {
      opts.nonces
        .prune(opts.clock.now())
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
