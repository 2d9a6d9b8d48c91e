// Retention: every few minutes, pushes that can no longer matter (delivered and merged ones, and
// failed CDRs an operator exported) are deleted once older than the retention, and so are old
// feed entries. Small batches, each its own short transaction, with a yield to the event loop in
// between: the dispatcher's claims and the call path's writes never wait behind a big DELETE.

import type { Clock } from '../../lib/clock.js';
import { every } from '../../lib/every.js';
import type { FeedRepo, PushAdminRepo } from '../../store/types.js';

export interface RetentionOptions {
  pushes: Pick<PushAdminRepo, 'prune'>;
  feed?: Pick<FeedRepo, 'prune'>;
  /** The clock push times are written on (the dispatcher's). */
  clock: Clock;
  /** How long finished pushes are kept; 0 keeps them forever (no loop is started). */
  retentionMs: number;
  /** Default 10 minutes. */
  everyMs?: number;
  /** Rows per transaction; default 500 (a few ms of SQLite work). */
  batchSize?: number;
  onPruned?: (deleted: { pushes: number; feed: number }) => void;
  onError?: (err: unknown) => void;
}

export const DEFAULT_RETENTION_EVERY_MS = 10 * 60_000;
const DEFAULT_BATCH = 500;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function drainBatches(prune: (olderThan: number, batch: number) => Promise<number>, olderThan: number, batch: number, stopped: () => boolean): Promise<number> {
  let total = 0;
  while (!stopped()) {
    const n = await prune(olderThan, batch);
    total += n;
    if (n < batch) break;
    await yieldToLoop();
  }
  return total;
}

export interface RetentionLoop {
  /** One full pass now (also what each round runs). */
  runOnce(): Promise<{ pushes: number; feed: number }>;
  stop(): void;
}

export function startRetention(opts: RetentionOptions): RetentionLoop {
  const batch = opts.batchSize ?? DEFAULT_BATCH;
  let stopped = false;
  const isStopped = () => stopped;
  const runOnce = async () => {
    const olderThan = opts.clock.now() - opts.retentionMs;
    const pushes = await drainBatches((o, b) => opts.pushes.prune(o, b), olderThan, batch, isStopped);
    const feed = opts.feed ? await drainBatches((o, b) => opts.feed!.prune(o, b), olderThan, batch, isStopped) : 0;
    if (pushes + feed > 0) opts.onPruned?.({ pushes, feed });
    return { pushes, feed };
  };
  const loop = opts.retentionMs > 0 ? every(opts.clock, opts.everyMs ?? DEFAULT_RETENTION_EVERY_MS, runOnce, opts.onError) : undefined;
  return {
    runOnce,
    stop() {
      stopped = true;
      loop?.stop();
    },
  };
}
