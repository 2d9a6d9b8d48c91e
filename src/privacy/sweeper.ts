// Ends bindings whose expiry passed (state expired), so their parties leave their X. A binding
// stops routing the moment it expires whether swept or not (the store counts expiry itself); the
// sweep is what makes it show as ended and keeps the parties table to the living. Runs on the
// injected wall clock, in batches until none is left.

import type { Clock } from '../lib/clock.js';
import { every } from '../lib/every.js';
import type { PrivacyRepo } from '../store/types.js';

export interface BindingSweeperOptions {
  repo: Pick<PrivacyRepo, 'sweep'>;
  clock: Clock;
  /** Default 30 s. */
  everyMs?: number;
  /** Bindings ended per transaction; default 500. */
  batch?: number;
  onSwept?: (count: number) => void;
  onError?: (err: unknown) => void;
}

export interface BindingSweeper {
  stop(): void;
  /** Resolves when no sweep is running. */
  idle(): Promise<void>;
}

export function startBindingSweeper(opts: BindingSweeperOptions): BindingSweeper {
  const batch = opts.batch ?? 500;
  let running: Promise<unknown> = Promise.resolve();
  const round = async () => {
    let total = 0;
    for (;;) {
      const n = await opts.repo.sweep(opts.clock.now(), batch);
      total += n;
      if (n < batch) break;
    }
    if (total > 0) opts.onSwept?.(total);
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
