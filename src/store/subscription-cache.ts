// Every call event asks for its app's subscriptions (the outbox writer fans out to them), so
// they are kept in memory per app and dropped when they change. Changes go through this same
// repository (management API, CLI), so one process always sees its own changes at once; a change
// made elsewhere (another node sharing the database, a hand edit) is seen within ttlMs.

import type { Subscription } from '../domain/subscription.js';
import type { Invalidatable } from './app-cache.js';
import type { SubscriptionRepo } from './types.js';

export function withSubscriptionCache(inner: SubscriptionRepo, ttlMs = 30_000): SubscriptionRepo & Invalidatable {
  const byApp = new Map<string, Promise<Subscription[]>>();
  const readAt = new Map<string, number>();
  const copy = (list: Subscription[]) => list.map((s) => ({ ...s }));
  const drop = (appKey: string) => byApp.delete(appKey);
  return {
    invalidate(appKey) {
      if (appKey === undefined) byApp.clear();
      else drop(appKey);
    },
    async create(s) {
      drop(s.appKey);
      await inner.create(s);
      drop(s.appKey);
    },
    get: (id) => inner.get(id),
    async forApp(appKey) {
      let p = byApp.get(appKey);
      // Freshness is a real-time bound, whatever clock the calls run on.
      if (p && performance.now() - (readAt.get(appKey) ?? 0) > ttlMs) p = undefined;
      if (!p) {
        p = inner.forApp(appKey);
        byApp.set(appKey, p);
        readAt.set(appKey, performance.now());
        // A failed read is not cached: the next caller tries again.
        p.catch(() => { if (byApp.get(appKey) === p) byApp.delete(appKey); });
      }
      // Callers get copies: one of them editing its list must not change what the others see.
      return copy(await p);
    },
    async update(s) {
      drop(s.appKey);
      try {
        return await inner.update(s);
      } finally {
        drop(s.appKey);
      }
    },
    async delete(id) {
      const s = await inner.get(id);
      if (s) drop(s.appKey);
      try {
        return await inner.delete(id);
      } finally {
        if (s) drop(s.appKey);
      }
    },
  };
}
