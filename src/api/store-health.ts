// The store's part of /health: whether the database answers right now. A database that does not
// answer is reported (a load balancer or an operator sees it), while the API goes on answering
// each request with a documented code (docs/postgres.md, "When the database is unreachable").

export interface StoreHealth {
  kind: string;
  state: 'ok' | 'unreachable';
}

/**
 * /health must answer quickly even when the database's host drops packets (a connect then waits
 * for the pool's connection timeout): past this, the database counts as unreachable.
 */
export const PING_BOUND_MS = 1000;

/**
 * A probe of the store; concurrent /health requests share one ping in flight, so a health check
 * storm during an outage opens no more connections than one.
 */
export function storeProbe(kind: string, ping: (() => Promise<void>) | undefined, boundMs = PING_BOUND_MS): () => Promise<StoreHealth> {
  let inFlight: Promise<StoreHealth> | undefined;
  const once = async (): Promise<StoreHealth> => {
    if (!ping) return { kind, state: 'ok' };
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'unreachable'>((r) => (timer = setTimeout(() => r('unreachable'), boundMs)));
    try {
      const state = await Promise.race([ping().then(() => 'ok' as const, () => 'unreachable' as const), late]);
      return { kind, state };
    } finally {
      clearTimeout(timer);
    }
  };
  return () => (inFlight ??= once().finally(() => (inFlight = undefined)));
}
