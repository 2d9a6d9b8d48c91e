// GET /ready for a load balancer (docs/cluster.md): whether this node should get traffic now.
// Liveness (/health) says the process serves; readiness also says no when the store does not
// answer (a node that cannot store a call must not be sent one) or when the node drains on
// SIGTERM. The store check is cheap, bounded by a short timeout, and its answer is kept for a
// second, so however many probes a load balancer sends, the database sees at most one a second.

import type { ReadyAnswer } from '../api/routes/ready.js';
import type { Clock } from '../lib/clock.js';

export type { ReadyAnswer };

export interface Readiness {
  /** The answer for /ready: draining first (no store check needed), then the store's, cached. */
  check(): Promise<ReadyAnswer>;
  /** From now on the node is not ready, for good: it is shutting down. */
  drain(): void;
  readonly draining: boolean;
}

export interface ReadinessDeps {
  /** Resolves when the store answers a trivial query; undefined: nothing to check (none shared). */
  probe?: () => Promise<unknown>;
  /** Real time: the cache and the timeout are about the probes' pace, not the simulated world's. */
  wall: Clock;
  timeoutMs?: number;
  cacheMs?: number;
}

export function createReadiness(d: ReadinessDeps): Readiness {
  const timeoutMs = d.timeoutMs ?? 1000;
  const cacheMs = d.cacheMs ?? 1000;
  let draining = false;
  let cached: { at: number; answer: ReadyAnswer } | undefined;
  // Probes arriving while one check runs share it rather than start their own.
  let running: Promise<ReadyAnswer> | undefined;

  const probeStore = async (): Promise<ReadyAnswer> => {
    if (!d.probe) return { ready: true };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ReadyAnswer>((resolve) => {
      timer = setTimeout(() => resolve({ ready: false, reason: `the store did not answer within ${timeoutMs} ms` }), timeoutMs);
    });
    try {
      return await Promise.race([
        d.probe().then((): ReadyAnswer => ({ ready: true }), (err: unknown): ReadyAnswer => ({ ready: false, reason: `the store is unreachable: ${err instanceof Error ? err.message : String(err)}` })),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    get draining() {
      return draining;
    },
    drain() {
      draining = true;
    },
    async check() {
      if (draining) return { ready: false, reason: 'draining: the node is shutting down' };
      const now = d.wall.now();
      if (cached && now - cached.at < cacheMs) return cached.answer;
      running ??= probeStore().then((answer) => {
        cached = { at: d.wall.now(), answer };
        running = undefined;
        return answer;
      });
      const answer = await running;
      return draining ? { ready: false, reason: 'draining: the node is shutting down' } : answer;
    },
  };
}
