// Apps and their display numbers are read on the hot paths: every API request authenticates its
// app, every push attempt looks up the secret that signs it, every call reads the app's numbers.
// A CPU profile under load put these reads at 7-9 % of the server's time, so they are kept in
// memory. Writes go through this same repository (management API, CLI, seeding) and drop what
// they touch, so one process sees its own changes at once (a suspension, a rotated secret); a
// change made elsewhere (another node sharing the database, a hand edit) is seen within ttlMs.

import type { App, DisplayNumber } from '../domain/app.js';
import type { AppRepo } from './types.js';

interface Entry<T> {
  value: Promise<T>;
  at: number;
}

/** A cache another node's change can empty (store/watch.ts). */
export interface Invalidatable {
  /** Drops what is kept for this key, or everything. */
  invalidate(key?: string): void;
}

/** `now` reads the real-time bound's clock (a test passes a manual one). */
export function withAppCache(inner: AppRepo, ttlMs = 30_000, now: () => number = () => performance.now()): AppRepo & Invalidatable {
  const apps = new Map<string, Entry<App | undefined>>();
  const numbers = new Map<string, Entry<DisplayNumber[]>>();

  // Freshness is a real-time bound, whatever clock the calls run on. A failed read is not kept.
  function cached<T>(map: Map<string, Entry<T>>, key: string, read: () => Promise<T>): Promise<T> {
    const hit = map.get(key);
    if (hit && now() - hit.at <= ttlMs) return hit.value;
    const value = read();
    map.set(key, { value, at: now() });
    value.catch(() => { if (map.get(key)?.value === value) map.delete(key); });
    return value;
  }

  // Callers get copies: one of them changing what it got must not change what the others see.
  const copyApp = (a: App | undefined): App | undefined => (a ? { ...a } : undefined);

  return {
    ...inner,
    // An app's numbers may have moved to another app: numbers are dropped for every app.
    invalidate(appKey) {
      if (appKey === undefined) apps.clear();
      else apps.delete(appKey);
      numbers.clear();
    },
    get: async (appKey) => copyApp(await cached(apps, appKey, () => inner.get(appKey))),
    async put(app) {
      apps.delete(app.appKey);
      try {
        await inner.put(app);
      } finally {
        apps.delete(app.appKey);
      }
    },
    numbers: async (appKey) => (await cached(numbers, appKey, () => inner.numbers(appKey))).map((n) => ({ ...n })),
    // A number may move between apps (putNumber upserts): every app's list is dropped.
    async putNumber(n) {
      numbers.clear();
      try {
        await inner.putNumber(n);
      } finally {
        numbers.clear();
      }
    },
    async addNumber(n) {
      try {
        return await inner.addNumber(n);
      } finally {
        numbers.clear();
      }
    },
    async removeNumber(appKey, number) {
      try {
        return await inner.removeNumber(appKey, number);
      } finally {
        numbers.clear();
      }
    },
  };
}
