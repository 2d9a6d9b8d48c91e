// Call ports: each call in progress holds one of its app's ports (reference 1020165). A port is a
// policy counter with no window (scope 'ports', key the app key, window 0, an expiry that never
// comes, max the app's portQuota), taken by the transaction that stores the call (CallRepo.create,
// after the limits' counters) and given back once the call's record is stored. Being in the store,
// the count is exact across every node that shares it: two requests racing for the last port, on
// one node or two, cannot both win (the counter's guarded upsert admits one). A quota lowered
// below the ports in use refuses new calls until enough calls end (the upsert admits while
// count < max).

import type { CallEngine } from '../calls/types.js';
import type { CounterTake, PolicyRepo } from '../store/types.js';

export const PORT_SCOPE = 'ports';

/**
 * The expiry of a port counter: never reached, so pruning expired counter windows
 * (PolicyRepo.pruneCounters: expires_at <= now) never deletes a port in use.
 */
export const PORT_EXPIRY = Number.MAX_SAFE_INTEGER;

/** The take of one of the app's ports. */
export function portTake(appKey: string, portQuota: number): CounterTake {
  return { scope: PORT_SCOPE, key: appKey, windowStart: 0, expiresAt: PORT_EXPIRY, max: portQuota };
}

/**
 * The app's ports still free, read just after this call took one (for `idlePort`). Another node's
 * call may take or give one in between: the answer is as of the read, never below 0.
 */
export async function idlePorts(counters: Pick<PolicyRepo, 'count'>, appKey: string, portQuota: number): Promise<number> {
  return Math.max(0, portQuota - (await counters.count(PORT_SCOPE, appKey, 0)));
}

/**
 * Gives a call's port back when its record is stored: 'finished', which the engine also emits for
 * a call that crash recovery ends (engine.recover), so a call a dead process left in progress
 * frees its port with its record. A call whose record could not be stored is still active in the
 * store and keeps its port until a restart recovers it. `idle()` resolves once every give-back
 * begun has been written (before the store closes, and for settled()).
 */
export function returnPorts(
  engine: Pick<CallEngine, 'on'>, counters: Pick<PolicyRepo, 'give'>, onError: (err: unknown) => void,
): { idle(): Promise<void> } {
  const pending = new Set<Promise<void>>();
  engine.on('finished', (call) => {
    // The max is not read by give: it takes back one wherever the count is above 0.
    const p = counters.give([portTake(call.appKey, 0)]).catch(onError).finally(() => pending.delete(p));
    pending.add(p);
  });
  return {
    async idle() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
