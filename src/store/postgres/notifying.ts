// Writes that other nodes cache: once one commits, the other nodes are told (signals.ts) so they
// drop what they hold. These wrap the PostgreSQL repositories below the caches, so a notice goes
// out only after the write resolved (committed); a write that failed changed nothing to announce.

import type { AppRepo, PolicyRepo, SubscriptionRepo } from '../types.js';
import type { ChangeTopic } from '../watch.js';

type Announce = (topic: ChangeTopic, key?: string) => void;

async function then<T>(write: Promise<T>, announce: () => void): Promise<T> {
  const out = await write;
  announce();
  return out;
}

export function notifyingApps(inner: AppRepo, changed: Announce): AppRepo {
  const media = <T>(p: Promise<T>) => then(p, () => changed('media'));
  return {
    ...inner,
    put: (app) => then(inner.put(app), () => changed('apps', app.appKey)),
    // A number may move from one app to another: every app's numbers are dropped (no key).
    putNumber: (n) => then(inner.putNumber(n), () => changed('apps')),
    addNumber: (n) => then(inner.addNumber(n), () => changed('apps')),
    removeNumber: (appKey, number) => then(inner.removeNumber(appKey, number), () => changed('apps')),
    putVoiceFile: (f) => media(inner.putVoiceFile(f)),
    addVoiceFile: (f) => media(inner.addVoiceFile(f)),
    reviewVoiceFile: (appKey, name, review, note) => media(inner.reviewVoiceFile(appKey, name, review, note)),
    putTemplate: (t) => media(inner.putTemplate(t)),
    addTemplate: (t) => media(inner.addTemplate(t)),
    reviewTemplate: (appKey, id, review, note) => media(inner.reviewTemplate(appKey, id, review, note)),
  };
}

export function notifyingSubscriptions(inner: SubscriptionRepo, changed: Announce): SubscriptionRepo {
  return {
    ...inner,
    create: (s) => then(inner.create(s), () => changed('subscriptions', s.appKey)),
    update: (s) => then(inner.update(s), () => changed('subscriptions', s.appKey)),
    async delete(id) {
      const s = await inner.get(id);
      return then(inner.delete(id), () => changed('subscriptions', s?.appKey));
    },
  };
}

export function notifyingPolicy(inner: PolicyRepo, changed: Announce): PolicyRepo {
  const policy = <T>(p: Promise<T>) => then(p, () => changed('policy'));
  return {
    ...inner,
    addListEntry: (e) => policy(inner.addListEntry(e)),
    removeListEntry: (scope, list, number) => policy(inner.removeListEntry(scope, list, number)),
    putSettings: (scope, settings, now) => policy(inner.putSettings(scope, settings, now)),
  };
}
