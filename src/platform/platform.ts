// The composition root of a node with the call engine (roles all and api): builds every stage from
// the config and wires them along the pipeline
//   API -> policy -> call engine -> network;  engine -> outbox (store) -> dispatcher -> dialect -> SP.
// An api node builds the dispatcher (the management API and the metrics read it) but never starts
// it: the dispatcher nodes deliver what it writes. A dispatcher node is ./dispatcher-node.ts.

import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { closeServer } from './close-server.js';
import type { Logger } from 'pino';
import { ConfigError, type Config } from '../config.js';
import type { NodeRole } from '../config-node.js';
import type { CallEngine } from '../calls/types.js';
import { startNoncePruner } from '../api/auth/index.js';
import { RecordLinks } from '../api/record-links.js';
import { resolveAdminToken } from '../api/manage/token.js';
import { every } from '../lib/every.js';
import type { Clock } from '../lib/clock.js';
import { createMetrics } from '../metrics/index.js';
import type { Rule } from '../network/simulated/index.js';
import type { Network } from '../network/types.js';
import { PolicyBook } from '../policy/book.js';
import { startPolicyUpkeep } from '../policy/upkeep.js';
import type { Dispatcher } from '../push/delivery/dispatcher.js';
import { startRetention } from '../push/delivery/retention.js';
import type { Store } from '../store/types.js';
import { buildApiServer } from './api-server.js';
import { startCallSide } from './call-side.js';
import { joinCluster, type Membership } from './cluster.js';
import { buildDelivery } from './delivery.js';
import { liveDispatchers } from './live-dispatchers.js';
import { RecordingLinkBase } from './link-base.js';
import { StoreMediaCatalog } from './media-catalog.js';
import { keptSecret, nodeBase } from './node-base.js';
import { recoverInterruptedCalls } from './recovery.js';
import { Dialler } from '../tasks/dial/dialler.js';
import { adoptInterruptedRows } from '../tasks/recover.js';
import { startBindingSweeper } from '../privacy/sweeper.js';
import { FLUSH_MS, flushOutbox, within } from './drain.js';
import { createReadiness, type Readiness } from './readiness.js';
import { seed, type DemoApp } from './seed.js';
import { routeInbound } from '../inbound/index.js';
import { localUrl, removeServerFile, writeServerFile } from './server-file.js';

export interface PlatformOptions {
  config: Config;
  /** Clock of the simulated world: calls, push schedules. Default: the system clock scaled by config.networkSpeed. */
  clock?: Clock;
  /**
   * The wall clock: what a client signs (X-AKSK Created), nonce and IP-lockout windows, secret
   * grace periods, link expiry, the Created of pushes signed, node heartbeats. Default: the system
   * clock; tests inject a manual one so no test waits real seconds.
   */
  wallClock?: Clock;
  /** Callee rules of the simulated network. Default: config.networkRulesFile, else the built-in test numbers. */
  rules?: Rule[];
  /** The telephone network, injected (tests, embedders); default: the one config.network names. */
  network?: Network;
  /**
   * The store, injected (tests, embedders); default: the one config.store names. Open it with
   * nodeId: config.node.id, so the calls this node accepts are its own. Closed by close().
   */
  store?: Store;
  logger?: Logger;
  /** The dialogue flows tasks run (src/tasks/flow-catalog.ts); default: none. */
  flows?: import('../tasks/flow-catalog.js').FlowCatalog;
}

/** What every role has: who it is, where it listens, its store and its dispatcher. */
export interface NodeCommon {
  config: Config;
  /** This node in the cluster (docs/cluster.md). */
  node: { id: string; role: NodeRole };
  url: string;
  /** Bearer token of the management API (/v1) and /metrics. Never logged. */
  adminToken: string;
  store: Store;
  /** Started on roles all and dispatcher; an api node's is idle (its drain() claims nothing). */
  dispatcher: Dispatcher;
  server: FastifyInstance;
  /** Heartbeats, and on nodes with the engine, the sweep for dead nodes. */
  cluster: Membership;
  /** GET /ready's state: the store answers, the node does not drain. */
  readiness: Readiness;
  close(): Promise<void>;
  /**
   * Graceful shutdown (SIGTERM): not ready at once, new calls refused, in-flight requests served;
   * calls in progress may end by themselves within timeoutMs, then close() ends the rest. A node
   * that delivers also sends what is due before it stops (bounded by the same deadline, at least
   * FLUSH_MS), and a dispatcher's stop lets the attempts in flight finish.
   */
  drain(timeoutMs: number): Promise<void>;
}

export interface Platform extends NodeCommon {
  demo: DemoApp;
  engine: CallEngine;
  network: Network;
  /** Lists and limit settings as the call path sees them. */
  policy: PolicyBook;
  /** Calls of this node id (and unowned ones) that the restart found interrupted and ended. */
  recovered: number;
  /**
   * Resolves when every call in progress waits for a timer (or a callStop) and nothing is being
   * written to the outbox: with a manual clock, what the last timer set off is then stored.
   */
  settled(): Promise<void>;
}

export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  const { config } = opts;
  if (config.node.role === 'dispatcher') throw new ConfigError('VOXCALL_ROLE=dispatcher runs no call APIs: start it with startNode (src/platform/node.ts)');
  // Recording links must not be built from whatever Host a client sends (src/api/public-base.ts).
  if (config.profile === 'production' && config.publicUrl === undefined) {
    throw new ConfigError('VOXCALL_PUBLIC_URL is required when VOXCALL_PROFILE=production: recording download links are built from it (e.g. https://voice.example.com)');
  }
  const { logger, clock, wall, store, recordingsDir, mediaDir } = await nodeBase(opts, { media: true });
  const delivers = config.node.role === 'all';
  const demo = await seed(store, { dataDir: config.dataDir, now: clock.now(), demo: config.demo });
  const media = new StoreMediaCatalog(store.apps);
  await media.refresh();
  const policy = new PolicyBook(store.policy);
  await policy.reload();

  const deliverers = liveDispatchers(config.node);
  const delivery = buildDelivery({ config, store, clock, wall, logger, membership: deliverers.membership });
  const { dispatcher, pushAgent } = delivery;
  const metrics = createMetrics({
    node: config.node, dispatcher, outbox: store.outbox, clock,
    breakers: () => dispatcher.breakers(),
    onError: (err, source) => logger.error({ err, source }, 'metrics: could not read the store'),
  });
  const links = new RecordLinks(await keptSecret(config.dataDir, 'record-link.key'), config.recordLinkTtlMs);
  const recordingLinks = new RecordingLinkBase(links, config.publicUrl, wall);
  const calls = await startCallSide({
    config, store, clock, logger, media, recordingsDir, dispatcher, metrics, recordingLinks,
    ...(opts.network ? { network: opts.network } : {}), ...(opts.rules ? { rules: opts.rules } : {}),
  });
  const { engine, network, writer } = calls;
  const adminToken = await resolveAdminToken(config.adminToken, config.dataDir);
  // Any small query of the shared tables shows the store answers (the nodes table has a row per node).
  const readiness = createReadiness({ probe: () => (store.ping ? store.ping() : store.nodes.list()), wall });
  const { server, guard, place } = await buildApiServer({
    config, store, clock, wall, logger, media, policy, delivery, calls, metrics, links, recordingLinks, adminToken, mediaDir, readiness, flows: opts.flows,
  });
  routeInbound({ network, store, policy, media, engine, place, clock, wall, hostName: config.hostName, logger, agent: delivery.pushAgent, sink: writer });
  // Registered before it listens: a call it accepts then belongs to a node the others know, so
  // they adopt it should this node die (a call of a node with no row would never be adopted).
  const cluster: Membership = await joinCluster({
    store, node: config.node, hostName: config.hostName, wall, engine, logger, onNodes: (nodes, now) => deliverers.update(nodes, now),
    onNodeGone: async (deadNodeId, staleBefore) => {
      const rows = await adoptInterruptedRows(store.tasks, deadNodeId, staleBefore, clock.now());
      if (rows > 0) logger.warn({ event: 'tasks.adopted', node: deadNodeId, rows }, `${rows} task row(s) left dialling by node ${deadNodeId} recorded as result 28`);
    },
  });
  try {
    await server.listen({ host: config.host, port: config.port });
  } catch (err) {
    cluster.stop();
    throw err;
  }
  const { port } = server.server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  recordingLinks.listening(config.host, port);
  // After listen, so a record stored now gets its recording link (link-base.ts) like any later one.
  // Only this node id's calls: another node's live calls are its own (or, dead, adopted below).
  let recovered: number;
  try {
    recovered = await recoverInterruptedCalls(store, engine, config.node.id);
  } catch (err) {
    cluster.stop();
    await server.close();
    throw err;
  }
  if (recovered > 0) logger.warn({ recovered }, 'ended calls that a previous run left in progress');
  // After the calls' recovery: the rows those calls dialled are then settled as interrupted (28).
  const dialler = new Dialler({
    repo: store.tasks, apps: store.apps, flows: store.flows, place, engine, clock, logger, accepting: () => !readiness.draining,
    announce: calls.announceTasks,
  });
  try {
    await dialler.start();
  } catch (err) {
    cluster.stop();
    await server.close();
    throw err;
  }
  const serverFile = writeServerFile(config.dataDir, localUrl(config.host, port));
  if (delivers) dispatcher.start();
  const upkeep = startPolicyUpkeep({ book: policy, repo: store.policy, clock, everyMs: config.policy.reloadMs, onError: (err) => logger.error({ err }, 'policy upkeep failed') });
  // Voice files and templates changed elsewhere (another node, a hand edit) are seen at the same pace.
  const mediaUpkeep = every(clock, config.policy.reloadMs, () => media.refresh(), (err) => logger.error({ err }, 'media catalog refresh failed'));
  // Another node's change (a shared store's notice) is taken at once rather than at the next period.
  const stopWatching = store.watch?.onChanged((topic) => {
    if (topic === 'media') media.refresh().catch((err: unknown) => logger.error({ err }, 'media catalog refresh failed'));
    else if (topic === 'policy') policy.reload().catch((err: unknown) => logger.error({ err }, 'policy reload failed'));
  });
  // Retention runs where delivery does: it prunes what the dispatcher finished.
  const retention = delivers
    ? startRetention({ pushes: store.pushAdmin, feed: store.feed, clock, retentionMs: config.push.retentionMs, onError: (err) => logger.error({ err }, 'push retention failed') })
    : undefined;
  // Expired privacy-number bindings leave their X, ended ones are deleted after their retention
  // (docs/privacy-numbers.md); expiry and retention are real times.
  const sweeper = startBindingSweeper({ repo: store.privacy, clock: wall, onError: (err) => logger.error({ err }, 'binding sweep failed') });
  const pruner = startNoncePruner({ nonces: store.nonces, clock: wall, onError: (err) => logger.error({ err }, 'nonce pruning failed') });

  const platform: Platform = {
    config,
    node: { id: config.node.id, role: config.node.role },
    url,
    readiness,
    demo,
    adminToken,
    store,
    engine,
    network,
    dispatcher,
    policy,
    server,
    cluster,
    recovered,
    async settled() {
      // The engine awaits each write, so once it is settled only writes begun elsewhere (recovery,
      // adoption of a dead node's calls) can still run.
      await dialler.idle();
      await sweeper.idle();
      await engine.settled();
      await cluster.idle();
      await writer.idle();
    },
    async close() {
      await shutdown(undefined);
    },
    async drain(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      readiness.drain();
      const active = engine.active();
      logger.info({ event: 'node.drain', active, timeoutMs }, `draining: new calls refused, waiting up to ${timeoutMs / 1000} s for ${active} call(s) in progress`);
      if (!(await within(engine.idle(), timeoutMs))) {
        logger.warn({ event: 'node.drain.deadline', active: engine.active() }, `drain deadline reached: ending ${engine.active()} call(s) still in progress`);
      }
      await shutdown(delivers ? Math.max(FLUSH_MS, deadline - Date.now()) : undefined);
    },
  };

  /** close() and the end of drain(); flushMs: time to send the pushes due (nodes that deliver). */
  async function shutdown(flushMs: number | undefined): Promise<void> {
    readiness.drain();
    removeServerFile(config.dataDir, serverFile);
    cluster.stop();
    pruner.stop();
    sweeper.stop();
    guard.close();
    retention?.stop();
    upkeep.stop();
    mediaUpkeep.stop();
    dialler.stop();
    stopWatching?.();
    // Waits for the requests in flight (a callStop, a query) to be answered.
    await closeServer(server);
    // Live calls end with their network signals (hangup by the network) and are written before
    // the store closes, so each still gets its disconnect and CDR pushed on the next start.
    await network.close();
    await engine.settled();
    await cluster.idle();
    await writer.idle();
    // The tries of the calls just ended are recorded before the store closes.
    await dialler.idle();
    await sweeper.idle();
    // Draining, the disconnects and CDRs just written are sent now rather than at the next start.
    if (flushMs !== undefined) await within(flushOutbox({ dispatcher, outbox: store.outbox, clock }), flushMs);
    await dispatcher.stop();
    await pushAgent.close();
    await store.close();
  }
  return platform;
}
