// The HTTP side of a node with the call APIs (roles all and api): AK/SK authentication with its
// IP guard, the one call placement path, and the server with the Huawei call APIs, the
// management API, OpenAPI, /metrics and /health.

import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { IdFactory, nodeField } from '../domain/ids.js';
import type { Clock } from '../lib/clock.js';
import { createAuthenticator, IpGuard } from '../api/auth/index.js';
import type { RecordLinks } from '../api/record-links.js';
import { buildServer } from '../api/server.js';
import { storeProbe } from '../api/store-health.js';
import type { PlaceCallDeps } from '../api/place-call.js';
import { manageFrameworkError, registerManagementApi } from '../api/manage/index.js';
import { registerOpenApi } from '../api/manage/openapi.js';
import { registerConsole } from '../console/serve.js';
import type { Metrics } from '../metrics/index.js';
import type { PolicyBook } from '../policy/book.js';
import { MemoryCounters } from '../policy/memory-counters.js';
import type { Dispatcher } from '../push/delivery/dispatcher.js';
import type { Store } from '../store/types.js';
import type { CallSide } from './call-side.js';
import type { Delivery } from './delivery.js';
import type { RecordingLinkBase } from './link-base.js';
import { logCallAccepted, logLockouts } from './log-lines.js';
import { manageDeps } from './manage-deps.js';
import type { StoreMediaCatalog } from './media-catalog.js';
import type { Readiness } from './readiness.js';
import { storeFlowCatalog } from '../flows/catalog.js';
import type { FlowCatalog } from '../tasks/flow-catalog.js';
import { TaskService } from '../tasks/service.js';
import { PrivacyService } from '../privacy/service.js';

export const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface ApiServerDeps {
  config: Config;
  store: Store;
  clock: Clock;
  wall: Clock;
  logger: Logger;
  media: StoreMediaCatalog;
  policy: PolicyBook;
  delivery: Delivery;
  calls: CallSide;
  metrics: Metrics;
  links: RecordLinks;
  recordingLinks: RecordingLinkBase;
  adminToken: string;
  mediaDir: string;
  /** /ready's answer; once it drains, new calls are refused (place-call.ts). */
  readiness: Readiness;
  /** The dialogue flows tasks run (src/tasks/flow-catalog.ts); default: the store's (src/flows/catalog.ts). */
  flows?: FlowCatalog;
}

export interface ApiServer {
  server: FastifyInstance;
  guard: IpGuard;
  dispatcher: Dispatcher;
  /** The call placement (one session-id sequence), shared with the task dialler. */
  place: PlaceCallDeps;
}

export async function buildApiServer(d: ApiServerDeps): Promise<ApiServer> {
  const { config, store, clock, wall, policy, media } = d;
  const { engine, network } = d.calls;
  const { dispatcher, pushAgent } = d.delivery;
  const guard = new IpGuard({
    clock: wall,
    repo: store.lockouts,
    maxFailures: config.auth.maxFailures,
    windowMs: config.auth.failureWindowMs,
    blockMs: config.auth.blockMs,
    onLockout: logLockouts(d.logger),
    onError: (err) => d.logger.error({ err }, 'IP lockouts: the store failed'),
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
  // One placement path (and one session-id sequence) for the call APIs and the management API's test calls.
  const place: PlaceCallDeps = {
    policy: {
      apps: store.apps, media, book: policy, clock, homeCountryCode: config.policy.homeCountryCode,
    },
    calls: store.calls,
    engine,
    // The session id's node field: the node id hashed, so one stable VOXCALL_NODE_ID keeps it.
    ids: new IdFactory({ lastSeq: await store.calls.maxSessionSeq(), hostName: config.hostName, nodeId: nodeField(config.node.id) }),
    clock,
    onAccepted: logCallAccepted(d.logger),
    accepting: () => !d.readiness.draining,
  };
  const tasks = new TaskService({
    // The dialler's clock: a row is due, and a task starts or ends, on the time the dialler reads.
    repo: store.tasks, apps: store.apps, flows: d.flows ?? storeFlowCatalog(store.flows, (appKey, name) => media.template(appKey, name)?.content), now: () => clock.now(), announce: d.calls.announceTasks,
    blacklisted: (appKey, callee) => policy.listed(appKey, 'calleeBlacklist', callee),
  });
  const server = buildServer({
    logger: d.logger,
    ...(config.trustProxy ? { trustProxy: config.trustProxy } : {}),
    bodyLimit: config.bodyLimitBytes,
    limits: config.http,
    apiRate: { book: policy, repo: new MemoryCounters(), clock },
    plugins: (app) => {
      registerOpenApi(app, VERSION);
      registerManagementApi(app, manageDeps({
        config, store, media, policy, clock, wall, mediaDir: d.mediaDir, adminToken: d.adminToken, dispatcher, pushAgent,
        lockouts: guard, place, engine, recordingLinks: d.recordingLinks, tasks, network,
      }));
      d.metrics.register(app, { adminToken: d.adminToken, public: config.metricsPublic });
      registerConsole(app);
    },
    frameworkErrors: manageFrameworkError,
    authenticate,
    calls: store.calls,
    feed: store.feed,
    tasks,
    privacy: new PrivacyService({ repo: store.privacy, apps: store.apps, now: () => wall.now() }),
    engine,
    clock: wall,
    publicUrl: config.publicUrl,
    allowedHosts: config.allowedHosts,
    networkHealth: () => ({ kind: config.network.kind, ...network.health() }),
    storeHealth: storeProbe(config.store.kind, store.ping && (() => store.ping!())),
    node: { id: config.node.id, role: config.node.role },
    ready: () => d.readiness.check(),
    links: d.links,
    place,
    allowPrivatePushUrls: config.push.allowPrivateTargets,
  });
  return { server, guard, dispatcher, place };
}
