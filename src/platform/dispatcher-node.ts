// A dispatcher node (VOXCALL_ROLE=dispatcher): push delivery and retention, and an HTTP server
// with /health and /metrics only (every other path is 404). No network, no call engine, no call
// or management API: the api nodes accept calls and write their pushes to the shared outbox; any
// number of dispatchers deliver them (the claim's leases keep two from sending one push at once).

import type { AddressInfo } from 'node:net';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { resolveAdminToken } from '../api/manage/token.js';
import { storeProbe } from '../api/store-health.js';
import type { Clock } from '../lib/clock.js';
import { createMetrics } from '../metrics/index.js';
import { startRetention } from '../push/delivery/retention.js';
import type { Store } from '../store/types.js';
import { closeServer } from './close-server.js';
import { joinCluster } from './cluster.js';
import { buildDelivery } from './delivery.js';
import { liveDispatchers } from './live-dispatchers.js';
import { nodeBase } from './node-base.js';
import type { NodeCommon } from './platform.js';
import { createReadiness } from './readiness.js';
import { registerReadyRoute } from '../api/routes/ready.js';

export interface DispatcherNodeOptions {
  config: Config;
  /** The push schedules' clock. Default: the system clock scaled by config.networkSpeed. */
  clock?: Clock;
  /** Signatures' Created and heartbeats. Default: the system clock. */
  wallClock?: Clock;
  store?: Store;
  logger?: Logger;
}

export type DispatcherNode = NodeCommon;

export async function startDispatcherNode(opts: DispatcherNodeOptions): Promise<DispatcherNode> {
  const { config } = opts;
  const { logger, clock, wall, store } = await nodeBase(opts, { media: false });
  const deliverers = liveDispatchers(config.node);
  const { dispatcher, pushAgent } = buildDelivery({ config, store, clock, wall, logger, membership: deliverers.membership });
  const metrics = createMetrics({
    node: config.node, dispatcher, outbox: store.outbox, clock,
    breakers: () => dispatcher.breakers(),
    onError: (err, source) => logger.error({ err, source }, 'metrics: could not read the store'),
  });
  const adminToken = await resolveAdminToken(config.adminToken, config.dataDir);
  const node = { id: config.node.id, role: config.node.role };
  const server = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    requestTimeout: config.http.requestTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    connectionTimeout: config.http.idleTimeoutMs,
  });
  metrics.register(server, { adminToken, public: config.metricsPublic });
  const storeHealth = storeProbe(config.store.kind, store.ping && (() => store.ping!()));
  server.get('/health', async () => ({ status: 'ok', node, store: await storeHealth() }));
  // A dispatcher gets no traffic from the load balancer; /ready is for an orchestrator's probes.
  const readiness = createReadiness({ probe: () => (store.ping ? store.ping() : store.nodes.list()), wall });
  registerReadyRoute(server, () => readiness.check());
  await server.listen({ host: config.host, port: config.port });
  const { port } = server.server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  // A dispatcher has no calls to adopt: it heartbeats so the others see it (voxcall nodes).
  const cluster = await joinCluster({ store, node: config.node, hostName: config.hostName, wall, logger, onNodes: (nodes, now) => deliverers.update(nodes, now) }).catch(async (err: unknown) => {
    await server.close();
    throw err;
  });
  dispatcher.start();
  const retention = startRetention({ pushes: store.pushAdmin, feed: store.feed, clock, retentionMs: config.push.retentionMs, onError: (err) => logger.error({ err }, 'push retention failed') });
  const self: DispatcherNode = {
    config, node, url, adminToken, store, dispatcher, server, cluster, readiness,
    // Nothing to wait for but the attempts in flight, which close()'s dispatcher.stop() lets finish.
    async drain() {
      readiness.drain();
      await self.close();
    },
    async close() {
      readiness.drain();
      cluster.stop();
      retention.stop();
      await closeServer(server);
      await cluster.idle();
      await dispatcher.stop();
      await pushAgent.close();
      await store.close();
    },
  };
  return self;
}
