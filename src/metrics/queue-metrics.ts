// The outbox as the store sees it, read when Prometheus scrapes rather than kept up to date by
// events: the store is the truth shared by every node, while a node's events see only its own
// attempts. Every node reports the same figures, so each series carries scope="store" (registry.ts):
// across nodes, take max (or any one), never sum.

import { Counter, Gauge, type Registry } from 'prom-client';
import type { Clock } from '../lib/clock.js';
import type { PushState } from '../domain/push.js';
import type { OutboxRepo } from '../store/types.js';
import { STORE_SCOPE } from './registry.js';

export interface QueueMetricsDeps {
  outbox: Pick<OutboxRepo, 'counts' | 'depth'>;
  /** The scheduling clock: pushes' nextAt are on it. */
  clock: Clock;
  /**
   * counts() counts the whole pushes table, which is never pruned, synchronously on SQLite
   * (about 0.3 s per million rows, the event loop blocked meanwhile), so it is read at most this
   * often (real ms, default 60 000). depth() is read on every scrape.
   */
  countsEveryMs?: number;
  /** Real time, for the age of the counts (default Date.now). */
  now?: () => number;
  onError?: (err: unknown, source: string) => void;
}

const ZERO: Record<PushState, number> = { queued: 0, delivered: 0, failed: 0, merged: 0 };

/**
 * Gauges that one scrape collects together start in the same tick: they share one read rather
 * than querying the store once each.
 */
function shared<T>(read: () => Promise<T>, inFlight: Set<Promise<unknown>>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    if (pending) return pending;
    const p = read().finally(() => {
      pending = undefined;
      inFlight.delete(p);
    });
    inFlight.add(p);
    return (pending = p);
  };
}

export function registerQueueMetrics(registry: Registry, deps: QueueMetricsDeps): void {
  const inFlight = new Set<Promise<unknown>>();
  // Assigned below, after the gauges: see there.
  let errors: Counter<'source'> | undefined;
  // A failing store must not fail the whole scrape: the process and API metrics matter most then.
  const guarded = <T>(source: string, read: () => Promise<T>) => async (): Promise<T | undefined> => {
    try {
      return await read();
    } catch (err) {
      errors?.inc({ source });
      deps.onError?.(err, source);
      return undefined;
    }
  };

  const depth = shared(guarded('outbox_depth', () => deps.outbox.depth(deps.clock.now())), inFlight);
  const rate = deps.clock.rate ?? 1;
  const depthGauge = (name: string, help: string, value: (d: Awaited<ReturnType<OutboxRepo['depth']>>, now: number) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['scope'] as const,
      registers: [registry],
      async collect() {
        const now = deps.clock.now();
        const d = await depth();
        this.set(STORE_SCOPE, d === undefined ? Number.NaN : value(d, now));
      },
    });
  depthGauge('voxcall_push_queue_depth', 'Queued pushes, due or not, as the store counts them (all nodes).', (d) => d.queued);
  depthGauge('voxcall_push_queue_due', 'Queued pushes already due.', (d) => d.due);
  // Real seconds: on a clock that runs faster (a demo), the scheduling clock's age is divided by its rate.
  depthGauge('voxcall_push_oldest_due_age_seconds', 'How long the oldest due push has been due (0 when none is due).', (d, now) =>
    d.oldestDueAt === undefined ? 0 : Math.max(0, now - d.oldestDueAt) / 1000 / rate);

  const everyMs = deps.countsEveryMs ?? 60_000;
  const realNow = deps.now ?? Date.now;
  const readCounts = shared(guarded('outbox_counts', () => deps.outbox.counts()), inFlight);
  let counts: { at: number; value: Partial<Record<PushState, number>> } | undefined;
  new Gauge({
    name: 'voxcall_pushes',
    help: `Pushes in the store by state (all nodes; refreshed at most every ${everyMs / 1000} s).`,
    labelNames: ['state', 'scope'] as const,
    registers: [registry],
    async collect() {
      if (counts === undefined || realNow() - counts.at >= everyMs) {
        const value = await readCounts();
        counts = value === undefined ? undefined : { at: realNow(), value };
      }
      this.reset();
      if (counts === undefined) return;
      // A state with no push is absent from a GROUP BY; a series that comes and goes breaks rate().
      for (const [state, n] of Object.entries({ ...ZERO, ...counts.value })) this.set({ state, ...STORE_SCOPE }, n);
    },
  });
  // This node's own reads (scope unset, like every per-node series): one node's store link can fail alone.
  // A scrape reads every metric at once, in registration order: registered last and waiting for
  // the reads the gauges started, the counter includes a failure of this very scrape.
  errors = new Counter({
    name: 'voxcall_metrics_collect_errors_total',
    help: 'Scrapes whose read of the store failed, by what was read; the gauges it feeds are NaN or absent meanwhile.',
    labelNames: ['source'] as const,
    registers: [registry],
    async collect() {
      await Promise.allSettled([...inFlight]);
    },
  });
}
