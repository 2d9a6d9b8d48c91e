// The metrics stage: one registry per platform, fed by the dispatcher's events, the store (read at
// scrape time), the breakers' holder and the HTTP server's hooks, served at GET /metrics.
// docs/metrics.md tables every series.
//
// Series split in two (docs/metrics.md, "Several nodes"): this node's own work (its pushes, calls,
// requests, breakers; every series labelled node=<id>), summed across nodes, and what it reads
// from the shared store (the queue; also labelled scope="store"), the same on every node.

import type { FastifyInstance } from 'fastify';
import { Gauge, type Registry } from 'prom-client';
import type { NodeRole } from '../config-node.js';
import type { Clock } from '../lib/clock.js';
import type { OutboxRepo } from '../store/types.js';
import { registerApiMetrics } from './api-metrics.js';
import { registerBreakerMetrics, type BreakerView } from './breaker-metrics.js';
import { registerCallMetrics, type CallEngineEvents } from './call-metrics.js';
import { registerPushMetrics, type DispatcherEvents } from './push-metrics.js';
import { registerQueueMetrics } from './queue-metrics.js';
import { createRegistry } from './registry.js';
import { registerMetricsRoute } from './route.js';

export { METRICS_PATH } from './route.js';
export type { BreakerView } from './breaker-metrics.js';

export interface MetricsDeps {
  /** This node (docs/cluster.md): its id labels every series; its role decides which it has. */
  node: { id: string; role: NodeRole };
  dispatcher: DispatcherEvents;
  outbox: Pick<OutboxRepo, 'counts' | 'depth'>;
  /** The scheduling clock (the outbox's times are on it). */
  clock: Clock;
  breakers: () => BreakerView[];
  onError?: (err: unknown, source: string) => void;
}

export interface Metrics {
  registry: Registry;
  /** Adds the API hooks and GET /metrics to the server; call before its routes are added. */
  register(app: FastifyInstance, access: { adminToken: string; public: boolean }): void;
  /** Feeds the call series from the engine's events (the engine is built after the metrics). */
  observeCalls(engine: CallEngineEvents): void;
}

export function createMetrics(deps: MetricsDeps): Metrics {
  const registry = createRegistry(deps.node.id);
  new Gauge({ name: 'voxcall_node_info', help: 'Always 1: this node and its role (all, api, dispatcher).', labelNames: ['role'] as const, registers: [registry] })
    .set({ role: deps.node.role }, 1);
  // An api node never starts its dispatcher: push series of its own would read as a node that
  // delivers nothing, so it has none (the dispatcher nodes report delivery; the queue is below).
  if (deps.node.role !== 'api') {
    registerPushMetrics(registry, deps.dispatcher);
    registerBreakerMetrics(registry, { breakers: deps.breakers });
  }
  registerQueueMetrics(registry, { outbox: deps.outbox, clock: deps.clock, onError: deps.onError });
  return {
    registry,
    register(app, access) {
      registerApiMetrics(app, registry);
      registerMetricsRoute(app, { registry, ...access });
    },
    observeCalls(engine) {
      registerCallMetrics(registry, engine);
    },
  };
}
