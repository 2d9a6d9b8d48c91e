// Every call event asks for its app's subscriptions (the outbox writer fans out to them), so
// they are kept in memory per app and dropped when they change. Changes go through this same
// repository (management API, CLI), so one process always sees its own changes at once. Several
// nodes sharing one database would also need a change notification between them; voxcall runs
// one writer node today.

import type { Subscription } from '../domain/subscription.js';
import type { SubscriptionRepo } from './types.js';

export function withSubscriptionCache(inner: SubscriptionRepo): SubscriptionRepo {
  const byApp = new Map<string, Promise<Subscription[]>>();
  const copy = (list: Subscription[]) => list.map((s) => ({ ...s }));
  const drop = (appKey: string) => byApp.delete(appKey);
  return {
    async create(s) {
      drop(s.appKey);
      await inner.create(s);
      drop(s.appKey);
    },
    get: (id) => inner.get(id),
    async forApp(appKey) {
      let p = byApp.get(appKey);
      if (!p) {
        p = inner.forApp(appKey);
        byApp.set(appKey, p);
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
