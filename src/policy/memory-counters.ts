// API rate counters in memory, one fixed window per (scope, key). A request should not pay a
// database write for its rate check: in the store, taking the app's and the platform's counter was
// one more write transaction per request (about 50 us measured, some 5 % of a callnotify). Rate
// windows are 1 s or 60 s, so a restart loses at most one window's count; with several nodes each
// counts its own requests (the limit is per node), as in-memory rate limiters do. Call and
// frequency limits stay in the store: they must survive restarts and be shared.

import type { CounterTake } from '../store/types.js';

interface Window {
  start: number;
  count: number;
}

export class MemoryCounters {
  // Keys are app keys (plus the platform's): bounded by the number of apps, a stale window is
  // replaced by the next one, so nothing needs pruning.
  readonly #windows = new Map<string, Window>();

  /** Adds one to each counter, all or nothing; returns the index of the first that would pass its max. */
  async take(takes: CounterTake[]): Promise<number | undefined> {
    const current = takes.map((t) => {
      const key = `${t.scope}\n${t.key}`;
      const w = this.#windows.get(key);
      return { key, start: t.windowStart, count: w && w.start === t.windowStart ? w.count : 0 };
    });
    const refused = takes.findIndex((t, i) => current[i]!.count + 1 > t.max);
    if (refused >= 0) return refused;
    for (const c of current) this.#windows.set(c.key, { start: c.start, count: c.count + 1 });
    return undefined;
  }
}
