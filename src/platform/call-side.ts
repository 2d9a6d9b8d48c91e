// The call side of a node (roles all and api): the outbox writer, the telephone network and the
// call engine, wired so every end of call is stored with its pushes, logged and counted.

import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createCallEngine } from '../calls/index.js';
import type { CallEngine } from '../calls/types.js';
import type { Clock } from '../lib/clock.js';
import type { Metrics } from '../metrics/index.js';
import type { Rule } from '../network/simulated/index.js';
import type { Network } from '../network/types.js';
import { dialects } from '../push/dialects/index.js';
import { huawei } from '../push/dialects/huawei.js';
import type { Dispatcher } from '../push/delivery/dispatcher.js';
import { OutboxWriter } from '../push/delivery/outbox-writer.js';
import { taskStatusWriter } from '../push/delivery/task-status-writer.js';
import type { TaskAnnouncer } from '../tasks/announce.js';
import type { Store } from '../store/types.js';
import { refuseInbound } from './inbound-refusal.js';
import type { RecordingLinkBase } from './link-base.js';
import { logCallEnds } from './log-lines.js';
import type { StoreMediaCatalog } from './media-catalog.js';
import { createNetwork } from './network-factory.js';
import { CallNotActiveError } from '../store/call-ended.js';

export interface CallSide {
  network: Network;
  engine: CallEngine;
  writer: OutboxWriter;
  /** Task state changes with their task-status pushes (the service's and the dialler's). */
  announceTasks: TaskAnnouncer;
}

export interface CallSideDeps {
  config: Config;
  store: Store;
  clock: Clock;
  logger: Logger;
  media: StoreMediaCatalog;
  recordingsDir: string;
  /** Woken on every enqueue; on an api node it is never started and the wake does nothing. */
  dispatcher: Dispatcher;
  metrics: Metrics;
  recordingLinks: RecordingLinkBase;
  network?: Network;
  rules?: Rule[];
}

export async function startCallSide(d: CallSideDeps): Promise<CallSide> {
  const { config, store, clock, logger } = d;
  // This node's dispatcher at once; the others through the shared store's notice (delivery.ts).
  const onEnqueued = () => {
    d.dispatcher.wake();
    store.watch?.pushesQueued();
  };
  const writer = new OutboxWriter({
    store, dialects: [huawei], formats: dialects, subscriptions: store.subscriptions, clock, onEnqueued,
    // The fee's recordFileDownloadUrl: the link the recording API would redirect to, valid from the
    // moment the record is stored (wall clock, as the link is checked).
    recordingLink: (r) => (r.recording ? d.recordingLinks.link(r.appKey, r.recording.objectName) : undefined),
  });
  const network = d.network ?? (await createNetwork(config, { clock, logger, dataDir: config.dataDir, ...(d.rules ? { rules: d.rules } : {}) }));
  network.onInbound(refuseInbound(logger));
  await network.start();
  const reach = network.health();
  // A trunk that does not answer is reported, not fatal: calls fail unreachable until it does.
  if (reach.state === 'degraded') logger.warn({ event: 'network.degraded', detail: reach.detail }, `network degraded: ${reach.detail ?? 'unknown'}`);
  const engine = createCallEngine({
    network,
    clock,
    media: d.media,
    hostName: config.hostName,
    recordDomain: config.hostName,
    recordBucket: 'recordings',
    recordingsDir: d.recordingsDir,
    sink: writer,
    onError: (err, call) => (err instanceof CallNotActiveError
      ? logger.warn({ sessionId: call.sessionId }, 'call dropped: another node ended it while this node was taken for dead (docs/cluster.md)')
      : logger.error({ err, sessionId: call.sessionId }, 'call ended by an error; its record was built from the events stored')),
  });
  d.metrics.observeCalls(engine);
  logCallEnds(engine, logger);
  const announceTasks = taskStatusWriter({ subscriptions: store.subscriptions, formats: dialects, clock, onEnqueued });
  return { network, engine, writer, announceTasks };
}
