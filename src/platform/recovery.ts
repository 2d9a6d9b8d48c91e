// Calls whose network legs died with the process that ran them are ended here: on start, the
// node's own calls a crash left "in progress" (and the unowned ones stored before nodes
// existed); while running, the calls adopted from a node that stopped heartbeating (cluster.ts).
// The application is still owed a disconnect and a CDR: each is written through the outbox like
// any other end of call, through the engine (CallEngine.recover), so its pushes follow the usual
// delivery rules and the call.ended line and the call metrics see it.

import type { Call } from '../domain/call.js';
import type { CallEngine } from '../calls/types.js';
import type { Store } from '../store/types.js';

/**
 * Ends each call from the events stored for it; a call already ended meanwhile is skipped. One
 * call that cannot be ended does not keep the others from it: the first error is thrown after.
 */
export async function recoverCalls(store: Pick<Store, 'calls'>, engine: Pick<CallEngine, 'recover'>, calls: Call[]): Promise<number> {
  let ended = 0;
  let failed: unknown;
  for (const call of calls) {
    try {
      const stored = await store.calls.get(call.sessionId);
      // Unowned calls may be recovered by two nodes starting at once: the second finds it ended
      // (or, in a narrower race, its finish is refused and rolled back: no second CDR either way).
      if (stored && stored.state !== 'active') continue;
      await engine.recover(call, stored?.events ?? []);
      ended++;
    } catch (err) {
      failed ??= err;
    }
  }
  if (failed !== undefined) throw failed;
  return ended;
}

/** On start: the calls this node (by its id) left in progress, and the unowned ones. */
export async function recoverInterruptedCalls(store: Pick<Store, 'calls'>, engine: Pick<CallEngine, 'recover'>, nodeId: string): Promise<number> {
  return recoverCalls(store, engine, await store.calls.unfinished(nodeId));
}
