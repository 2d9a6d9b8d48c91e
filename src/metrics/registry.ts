// One prom-client Registry per platform, never the library's global one: tests (and an embedding
// program) start several platforms in one process, and the global registry refuses a metric name
// registered twice.
//
// Several nodes share one store (docs/cluster.md), and Prometheus scrapes each of them: every
// series carries the node id as a default label, so two nodes' series never merge even where the
// scrape's instance label is the same (a restart on another port, two nodes behind one address).

import { collectDefaultMetrics, Registry } from 'prom-client';

/** The label set of a series read from the shared store: the same value on every node (take max, not sum). */
export const STORE_SCOPE = { scope: 'store' } as const;

export function createRegistry(nodeId?: string): Registry {
  const registry = new Registry();
  if (nodeId !== undefined) registry.setDefaultLabels({ node: nodeId });
  // Unprefixed, so the process_* and nodejs_* series match the dashboards written for them.
  collectDefaultMetrics({ register: registry });
  return registry;
}
