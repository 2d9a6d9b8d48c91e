// The metrics stage: one registry per platform, fed by the dispatcher's events, the store (read at
// scrape time), the breakers' holder and the HTTP server's hooks, served at GET /metrics.
// docs/metrics.md tables every series.

import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
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
  const registry = createRegistry();
  registerPushMetrics(registry, deps.dispatcher);
  registerQueueMetrics(registry, { outbox: deps.outbox, clock: deps.clock, onError: deps.onError });
  registerBreakerMetrics(registry, { breakers: deps.breakers });
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
