// Inbound calls (docs/inbound.md): routes, the router the platform sets as the network's inbound
// handler, and what it needs from the platform's parts.

import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { Call } from '../domain/call.js';
import type { IdFactory } from '../domain/ids.js';
import type { MediaCatalog } from '../domain/media.js';
import type { Clock } from '../lib/clock.js';
import type { Network } from '../network/types.js';
import type { PolicyDeps } from '../policy/admit.js';
import type { PolicyBook } from '../policy/book.js';
import type { CallEngine, CallSink } from '../calls/types.js';
import type { Store } from '../store/types.js';
import { urlAsker } from './ask-url.js';
import { inboundRouter } from './router.js';

export { inboundRouter, REFUSALS } from './router.js';

export interface InboundParts {
  network: Network;
  store: Store;
  policy: PolicyBook;
  media: MediaCatalog;
  engine: CallEngine;
  /** The placement pieces of the call APIs: the same policy admits inbound calls. */
  place: { ids: IdFactory; policy: PolicyDeps; accepting?: () => boolean; onAccepted?: (call: Call) => void };
  clock: Clock;
  wall: Clock;
  hostName: string;
  logger: Logger;
  /** The push agent: the app's URL is asked through its guard, like a push. */
  agent: Dispatcher;
  /** The engine's sink (the outbox writer): a refusal the app is told of is written with its pushes. */
  sink?: Pick<CallSink, 'finish'>;
}

/** Routes the network's inbound calls from now on (replacing the refusal of a node still starting). */
export function routeInbound(p: InboundParts): void {
  p.network.onInbound(inboundRouter({
    store: p.store, admission: p.place.policy, media: p.media, engine: p.engine, ids: p.place.ids, clock: p.clock, wall: p.wall, ...(p.sink ? { sink: p.sink } : {}), hostName: p.hostName, logger: p.logger,
    askUrl: urlAsker(p.agent, p.wall), accepting: p.place.accepting ?? (() => true), ...(p.place.onAccepted ? { onAccepted: p.place.onAccepted } : {}),
  }));
}
