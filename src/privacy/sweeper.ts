// Ends bindings whose expiry passed (state expired), so their parties leave their X. A binding
// stops routing the moment it expires whether swept or not (the store counts expiry itself); the
// sweep is what makes it show as ended and keeps the parties table to the living. Then deletes
// ended bindings (unbound, expired) whose retention is over, so neither the bindings table nor
// the requestId memory grows without bound (docs/privacy-numbers.md, "Retention"). Runs on the
// injected wall clock, in batches until none is left.

import type { Clock } from '../lib/clock.js';
import { every } from '../lib/every.js';
import type { PrivacyRepo } from '../store/types.js';

/** How long an ended binding is kept after it ended: 30 days (docs/privacy-numbers.md, "Retention"). */
export const ENDED_RETENTION_MS = 30 * 86_400_000;

export interface BindingSweeperOptions {
  repo: Pick<PrivacyRepo, 'sweep' | 'purge'>;
  clock: Clock;
  /** Default 30 s. */
  everyMs?: number;
  /** Bindings ended (or deleted) per transaction; default 500. */
  batch?: number;
  /** How long ended bindings are kept; default ENDED_RETENTION_MS. */
  retainMs?: number;
  onSwept?: (count: number) => void;
  /** Ended bindings deleted in a round. */
  onPurged?: (count: number) => void;
  onError?: (err: unknown) => void;
}

export interface BindingSweeper {
  stop(): void;
  /** Resolves when no sweep is running. */
  idle(): Promise<void>;
}

/** Runs `step` in batches until one comes back short; resolves the total. */
async function drain(step: () => Promise<number>, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await step();
    total += n;
    if (n < batch) return total;
  }
}

export function startBindingSweeper(opts: BindingSweeperOptions): BindingSweeper {
  const batch = opts.batch ?? 500;
  const retainMs = opts.retainMs ?? ENDED_RETENTION_MS;
  let running: Promise<unknown> = Promise.resolve();
  const round = async () => {
    const now = opts.clock.now();
    const swept = await drain(() => opts.repo.sweep(now, batch), batch);
    if (swept > 0) opts.onSwept?.(swept);
    const purged = await drain(() => opts.repo.purge(now - retainMs, batch), batch);
    if (purged > 0) opts.onPurged?.(purged);
  };
  const timer = every(opts.clock, opts.everyMs ?? 30_000, () => {
    running = round();
    return running;
  }, opts.onError);
  return {
    stop: () => timer.stop(),
    idle: async () => {
      await running.catch(() => undefined);
    },
  };
}
