// The composition root: builds every stage from the config and wires them along the pipeline
//   API -> policy -> call engine -> network;  engine -> outbox (store) -> dispatcher -> dialect -> SP.

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { ConfigError, type Config } from '../config.js';
import { IdFactory } from '../domain/ids.js';
import { scaledClock, systemClock, type Clock } from '../lib/clock.js';
import { createAuthenticator, IpGuard, startNoncePruner } from '../api/auth/index.js';
import { RecordLinks } from '../api/record-links.js';
import { buildServer } from '../api/server.js';
import { storeProbe } from '../api/store-health.js';
import type { PlaceCallDeps } from '../api/place-call.js';
import { manageFrameworkError, registerManagementApi } from '../api/manage/index.js';
import { registerOpenApi } from '../api/manage/openapi.js';
import { resolveAdminToken } from '../api/manage/token.js';
import { removeAbandonedUploads } from '../api/manage/upload-leftovers.js';
import { createCallEngine } from '../calls/index.js';
import type { CallEngine } from '../calls/types.js';
import type { Rule } from '../network/simulated/index.js';
import type { Network } from '../network/types.js';
import { returnPorts } from '../policy/ports.js';
import { PolicyBook } from '../policy/book.js';
import { MemoryCounters } from '../policy/memory-counters.js';
import { startPolicyUpkeep } from '../policy/upkeep.js';
import { every } from '../lib/every.js';
import { dialects } from '../push/dialects/index.js';
import { huawei } from '../push/dialects/huawei.js';
import { Dispatcher } from '../push/delivery/dispatcher.js';
import { createAgent } from '../push/delivery/sender.js';
import { OutboxWriter } from '../push/delivery/outbox-writer.js';
import { startRetention } from '../push/delivery/retention.js';
import { createMetrics } from '../metrics/index.js';
import { openStore } from '../store/open.js';
import { holdSoleNode, type SoleNode } from '../store/postgres/sole-node.js';
import type { Store } from '../store/types.js';
import { StoreMediaCatalog } from './media-catalog.js';
import { createLogger } from './logger.js';
import { logCallAccepted, logCallEnds, logEndpointPaused, logLockouts, logPushFailures } from './log-lines.js';
import { RecordingLinkBase } from './link-base.js';
import { manageDeps } from './manage-deps.js';
import { refuseInbound } from './inbound-refusal.js';
import { createNetwork } from './network-factory.js';
import { recoverInterruptedCalls } from './recovery.js';
import { seed, type DemoApp } from './seed.js';
import { localUrl, removeServerFile, writeServerFile } from './server-file.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface PlatformOptions {
  config: Config;
  /** Clock of the simulated world: calls, push schedules. Default: the system clock scaled by config.networkSpeed. */
  clock?: Clock;
  /**
   * The wall clock: what a client signs (X-AKSK Created), nonce and IP-lockout windows, secret
   * grace periods, link expiry, the Created of pushes signed. Default: the system clock; tests
   * inject a manual one so no test waits real seconds.
   */
  wallClock?: Clock;
  /** Callee rules of the simulated network. Default: config.networkRulesFile, else the built-in test numbers. */
  rules?: Rule[];
  /** The telephone network, injected (tests, embedders); default: the one config.network names. */
  network?: Network;
  /** The store, injected (tests, embedders); default: the one config.store names. Closed by close(). */
  store?: Store;
  logger?: Logger;
}

export interface Platform {
  config: Config;
  url: string;
  demo: DemoApp;
  /** Bearer token of the management API (/v1). Never logged. */
  adminToken: string;
  store: Store;
  engine: CallEngine;
  network: Network;
  dispatcher: Dispatcher;
  /** Lists and limit settings as the call path sees them. */
  policy: PolicyBook;
  server: FastifyInstance;
  /** Calls the restart found interrupted and ended. */
  recovered: number;
  /**
   * Resolves when every call in progress waits for a timer (or a callStop) and nothing is being
   * written to the outbox: with a manual clock, what the last timer set off is then stored.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** A key kept in the data directory, made on first use (recording links must outlive a restart). */
async function keptSecret(dataDir: string, name: string): Promise<string> {
  const file = join(dataDir, name);
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const key = randomBytes(32).toString('base64url');
  await writeFile(file, key, { mode: 0o600 });
  return key;
}

export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  const { config } = opts;
  // Recording links must not be built from whatever Host a client sends (src/api/public-base.ts).
  if (config.profile === 'production' && config.publicUrl === undefined) {
    throw new ConfigError('VOXCALL_PUBLIC_URL is required when VOXCALL_PROFILE=production: recording download links are built from it (e.g. https://voice.example.com)');
  }
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  // Calls and push schedules run on the simulated world's clock; what a client signs (Created)
  // and what a link's expiry means stay on the wall clock.
  const clock = opts.clock ?? scaledClock(config.networkSpeed);
  const wall = opts.wallClock ?? systemClock;
  const recordingsDir = join(config.dataDir, 'recordings');
  await mkdir(recordingsDir, { recursive: true });
  const mediaDir = join(config.dataDir, 'media');
  const abandoned = await removeAbandonedUploads(mediaDir);
  if (abandoned.length > 0) logger.warn({ files: abandoned }, 'removed uploads a previous run left unfinished');

  const store = opts.store ?? (await openStore(config, wall));
  // Until calls are owned per node (a node's restart recovers only its own), one node per database.
  let sole: SoleNode | undefined;
  if (config.store.kind === 'postgres') {
    sole = await holdSoleNode(config.store.url, config.store.schema).catch(async (err: unknown) => {
      await store.close();
      throw err;
    });
  }
  const demo = await seed(store, { dataDir: config.dataDir, now: clock.now(), demo: config.demo });
  const media = new StoreMediaCatalog(store.apps);
  await media.refresh();
  const policy = new PolicyBook(store.policy);
  await policy.reload();

  const pausedLine = logEndpointPaused(logger);
  // Made here, not by the dispatcher, so the push-target guard follows the config (closed in close()).
  const pushAgent = createAgent({ allowPrivate: config.push.allowPrivateTargets });
  const dispatcher = new Dispatcher({
    agent: pushAgent,
    outbox: store.outbox,
    dialects,
    clock,
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
  });
  logPushFailures(dispatcher, logger);
  const metrics = createMetrics({
    dispatcher, outbox: store.outbox, clock,
    breakers: () => dispatcher.breakers(),
    onError: (err, source) => logger.error({ err, source }, 'metrics: could not read the store'),
  });
  const links = new RecordLinks(await keptSecret(config.dataDir, 'record-link.key'), config.recordLinkTtlMs);
  const recordingLinks = new RecordingLinkBase(links, config.publicUrl, wall);
  const writer = new OutboxWriter({
    store, dialects: [huawei], formats: dialects, subscriptions: store.subscriptions, clock, onEnqueued: () => dispatcher.wake(),
    // The fee's recordFileDownloadUrl: the link the recording API would redirect to, valid from the
    // moment the record is stored (wall clock, as the link is checked).
    recordingLink: (r) => (r.recording ? recordingLinks.link(r.appKey, r.recording.objectName) : undefined),
  });
  const network = opts.network ?? (await createNetwork(config, { clock, logger, dataDir: config.dataDir, ...(opts.rules ? { rules: opts.rules } : {}) }));
  network.onInbound(refuseInbound(logger));
  await network.start();
  const reach = network.health();
  // A trunk that does not answer is reported, not fatal: calls fail unreachable until it does.
  if (reach.state === 'degraded') logger.warn({ event: 'network.degraded', detail: reach.detail }, `network degraded: ${reach.detail ?? 'unknown'}`);
  const engine = createCallEngine({
    network,
    clock,
    media,
    hostName: config.hostName,
    recordDomain: config.hostName,
    recordBucket: 'recordings',
    recordingsDir,
    sink: writer,
    onError: (err, call) => logger.error({ err, sessionId: call.sessionId }, 'call ended by an error; its record was built from the events stored'),
  });
  metrics.observeCalls(engine);
  // Before recovery below, whose records give back the ports the crashed run's calls held.
  const ports = returnPorts(engine, store.policy, (err) => logger.error({ err }, 'a call port could not be given back'));
  logCallEnds(engine, logger);

  const guard = new IpGuard({
    clock: wall,
    repo: store.lockouts,
    maxFailures: config.auth.maxFailures,
    windowMs: config.auth.failureWindowMs,
    blockMs: config.auth.blockMs,
    onLockout: logLockouts(logger),
    onError: (err) => logger.error({ err }, 'IP lockouts: the store failed'),
  });
  // Blocks made before this node started are honoured from its first request.
  await guard.refresh();
  const authenticate = createAuthenticator({
    findApp: (appKey) => store.apps.get(appKey),
    nonces: store.nonces,
    clock: wall,
    toleranceMs: config.auth.toleranceMs,
    guard,
  });
  const adminToken = await resolveAdminToken(config.adminToken, config.dataDir);
  // One placement path (and one session-id sequence) for the call APIs and the management API's test calls.
  const place: PlaceCallDeps = {
    policy: {
      apps: store.apps, media, book: policy, counters: store.policy, clock, homeCountryCode: config.policy.homeCountryCode,
    },
    calls: store.calls,
    engine,
    ids: new IdFactory({ lastSeq: await store.calls.maxSessionSeq(), hostName: config.hostName }),
    clock,
    onAccepted: logCallAccepted(logger),
  };
  const server = buildServer({
    logger,
    bodyLimit: config.bodyLimitBytes,
    limits: config.http,
    apiRate: { book: policy, repo: new MemoryCounters(), clock },
    plugins: (app) => {
      registerOpenApi(app, VERSION);
      registerManagementApi(app, manageDeps({
        config, store, media, policy, clock, wall, mediaDir, adminToken, dispatcher, pushAgent, lockouts: guard, place, engine, recordingLinks,
      }));
      metrics.register(app, { adminToken, public: config.metricsPublic });
    },
    frameworkErrors: manageFrameworkError,
    authenticate,
    calls: store.calls,
    feed: store.feed,
    engine,
    clock: wall,
    publicUrl: config.publicUrl,
    allowedHosts: config.allowedHosts,
    networkHealth: () => ({ kind: config.network.kind, ...network.health() }),
    storeHealth: storeProbe(config.store.kind, store.ping && (() => store.ping!())),
    links,
    place,
    allowPrivatePushUrls: config.push.allowPrivateTargets,
  });
  await server.listen({ host: config.host, port: config.port });
  const { port } = server.server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  recordingLinks.listening(config.host, port);
  // After listen, so a record stored now gets its recording link (link-base.ts) like any later one.
  const recovered = await recoverInterruptedCalls(store, engine).catch(async (err: unknown) => {
    await server.close();
    throw err;
  });
  if (recovered > 0) logger.warn({ recovered }, 'ended calls that a previous run left in progress');
  const serverFile = writeServerFile(config.dataDir, localUrl(config.host, port));
  dispatcher.start();
  const upkeep = startPolicyUpkeep({ book: policy, repo: store.policy, clock, everyMs: config.policy.reloadMs, onError: (err) => logger.error({ err }, 'policy upkeep failed') });
  // Voice files and templates changed elsewhere (another node, a hand edit) are seen at the same pace.
  const mediaUpkeep = every(clock, config.policy.reloadMs, () => media.refresh(), (err) => logger.error({ err }, 'media catalog refresh failed'));
  const retention = startRetention({ pushes: store.pushAdmin, feed: store.feed, clock, retentionMs: config.push.retentionMs, onError: (err) => logger.error({ err }, 'push retention failed') });
  const pruner = startNoncePruner({ nonces: store.nonces, clock: wall, onError: (err) => logger.error({ err }, 'nonce pruning failed') });

  return {
    config,
    url,
    demo,
    adminToken,
    store,
    engine,
    network,
    dispatcher,
    policy,
    server,
    recovered,
    async settled() {
      // The engine awaits each write, so once it is settled only writes begun elsewhere (recovery)
      // can still run.
      await engine.settled();
      await writer.idle();
      await ports.idle();
    },
    async close() {
      removeServerFile(config.dataDir, serverFile);
      pruner.stop();
      guard.close();
      retention.stop();
      upkeep.stop();
      mediaUpkeep.stop();
      await server.close();
      // Live calls end with their network signals (hangup by the network) and are written before
      // the store closes, so each still gets its disconnect and CDR pushed on the next start.
      await network.close();
      await engine.settled();
      await writer.idle();
      await ports.idle();
      await dispatcher.stop();
      await pushAgent.close();
      await store.close();
      await sole?.release();
    },
  };
}
