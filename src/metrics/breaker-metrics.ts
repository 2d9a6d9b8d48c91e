// Circuit breakers of push receivers (one app's pushes to one origin, domain/receiver.ts), read
// from whoever holds them (the dispatcher) at scrape time through an injected function, so this
// stage does not depend on the dispatcher's insides.

import { Gauge, type Registry } from 'prom-client';

export interface BreakerView {
  appKey: string;
  /** scheme://host:port: no path, query or credentials, so nothing secret reaches a label. */
  origin: string;
  state: string;
}

export const BREAKER_STATES = ['closed', 'open', 'half_open'] as const;

export interface BreakerMetricsDeps {
  breakers: () => BreakerView[];
  /**
   * Most receivers given their own series (default 500), open and half-open ones first. Apps name
   * their push URLs in every request, so receivers are not bounded by anything an operator sets;
   * the per-state totals below always count them all.
   */
  maxEndpoints?: number;
}

const rank = (state: string) => (state === 'open' ? 0 : state === 'half_open' ? 1 : 2);

export function registerBreakerMetrics(registry: Registry, deps: BreakerMetricsDeps): void {
  const max = deps.maxEndpoints ?? 500;
  new Gauge({
    name: 'voxcall_endpoint_breaker_state',
    help: `Circuit breaker of a push receiver (an app's pushes to one origin): 1 for its current state, 0 for the others (at most ${max} receivers, open ones first).`,
    labelNames: ['app', 'origin', 'state'] as const,
    registers: [registry],
    collect() {
      // Reset each scrape: a receiver whose breaker is gone drops out rather than staying stale.
      this.reset();
      const shown = [...deps.breakers()].sort((a, b) => rank(a.state) - rank(b.state)).slice(0, max);
      for (const b of shown) {
        for (const state of new Set<string>([...BREAKER_STATES, b.state])) this.set({ app: b.appKey, origin: b.origin, state }, state === b.state ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'voxcall_endpoint_breakers',
    help: 'Push receivers (app + origin) by circuit breaker state.',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const n = new Map<string, number>(BREAKER_STATES.map((s) => [s, 0]));
      for (const b of deps.breakers()) n.set(b.state, (n.get(b.state) ?? 0) + 1);
      this.reset();
      for (const [state, count] of n) this.set({ state }, count);
    },
  });
}
