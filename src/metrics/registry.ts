// One prom-client Registry per platform, never the library's global one: tests (and an embedding
// program) start several platforms in one process, and the global registry refuses a metric name
// registered twice.

import { collectDefaultMetrics, Registry } from 'prom-client';

export function createRegistry(): Registry {
  const registry = new Registry();
  // Unprefixed, so the process_* and nodejs_* series match the dashboards written for them.
  collectDefaultMetrics({ register: registry });
  return registry;
}
