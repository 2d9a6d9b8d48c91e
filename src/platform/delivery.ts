// The push delivery stage of a node: the dispatcher and the HTTP agent it pushes through, built
// from the config and the store. Every role builds one (the management API and the metrics read
// it); only the roles that deliver (all, dispatcher) start it.

import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Clock } from '../lib/clock.js';
import { dialects } from '../push/dialects/index.js';
import { Dispatcher } from '../push/delivery/dispatcher.js';
import { createAgent } from '../push/delivery/sender.js';
import type { Membership } from '../push/delivery/partition.js';
import type { Store } from '../store/types.js';
import { logEndpointPaused, logPushFailures } from './log-lines.js';

export interface Delivery {
  dispatcher: Dispatcher;
  /** Made here, not by the dispatcher, so the push-target guard follows the config; closed by the caller. */
  pushAgent: ReturnType<typeof createAgent>;
}

export function buildDelivery(p: { config: Config; store: Store; clock: Clock; wall: Clock; logger: Logger; membership?: Membership }): Delivery {
  const { config, store, wall, logger } = p;
  const pausedLine = logEndpointPaused(logger);
  const pushAgent = createAgent({ allowPrivate: config.push.allowPrivateTargets });
  const dispatcher = new Dispatcher({
    agent: pushAgent,
    outbox: store.outbox,
    dialects,
    clock: p.clock,
    // Formats that sign with the app's secret (Huawei's AK/SK) use it; a subscription's other
    // formats use the subscription's own (Standard Webhooks), or none when it has none.
    secretFor: async (appKey, push) => {
      if (push.subscriptionId !== undefined && !dialects.get(push.dialect)?.signsWithAppSecret) {
        const sub = await store.subscriptions.get(push.subscriptionId);
        return sub ? (sub.secret ?? null) : undefined;
      }
      return (await store.apps.get(appKey))?.appSecret;
    },
    concurrency: config.push.concurrency,
    breaker: config.push.breaker,
    failoverFor: async (push) =>
      push.subscriptionId === undefined ? undefined : (await store.subscriptions.get(push.subscriptionId))?.failoverUrl,
    isPaused: async (url) => (await store.endpoints.get(url))?.paused === true,
    pauseEndpoint: async (url, reason) => {
      await store.endpoints.setPaused(url, true, reason, wall.now());
      pausedLine(url, reason);
    },
    logger,
    signingClock: wall,
    ...(p.membership ? { membership: p.membership } : {}),
  });
  // Pushes queued by another node (a shared store's notice) are claimed at once, not at the idle poll.
  store.watch?.onPushesQueued(() => dispatcher.wake());
  logPushFailures(dispatcher, logger);
  return { dispatcher, pushAgent };
}
