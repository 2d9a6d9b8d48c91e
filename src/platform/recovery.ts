// Calls whose network legs died with the process that ran them are ended here: on start, the
// node's own calls a crash left "in progress" (and the unowned ones stored before nodes
// existed); while running, the calls adopted from a node that stopped heartbeating (cluster.ts).
// The application is still owed a disconnect and a CDR: each is written through the outbox like
// any other end of call, through the engine (CallEngine.recover), so its pushes follow the usual
// delivery rules and the call.ended line and the call metrics see it.

import type { Call } from '../domain/call.js';
import type { CallEngine } from '../calls/types.js';
import type { Store } from '../store/types.js';

const RECOVER_TRIES = 3;

/**
 * Ends each call from the events stored for it; a call already ended meanwhile is skipped. One
 * call that cannot be ended does not keep the others from it: the first error is thrown after.
 */
export async function recoverCalls(store: Pick<Store, 'calls'>, engine: Pick<CallEngine, 'recover'>, calls: Call[]): Promise<number> {
  let ended = 0;
  let failed: unknown;
  for (const call of calls) {
    // A few tries: the events the record is built from can be outdated by the time it is written.
    // A node taken for dead that is in fact still running the call (a long pause) may store its
    // next event meanwhile, taking the number the recovered disconnect was given (the write fails
    // on the event's key and rolls back). Read again and end the call from what is stored now;
    // that node's next event is then refused (CallNotActiveError) and it drops the call.
    for (let attempt = 1; ; attempt++) {
      try {
        const stored = await store.calls.get(call.sessionId);
        // Unowned calls may be recovered by two nodes starting at once: the second finds it ended
        // (or, in a narrower race, its finish is refused and rolled back: no second CDR either way).
        if (stored && stored.state !== 'active') break;
        await engine.recover(call, stored?.events ?? []);
        ended++;
        break;
      } catch (err) {
        if (attempt < RECOVER_TRIES) continue;
        failed ??= err;
        break;
      }
    }
  }
  if (failed !== undefined) throw failed;
  return ended;
}

/** On start: the calls this node (by its id) left in progress, and the unowned ones. */
export async function recoverInterruptedCalls(store: Pick<Store, 'calls'>, engine: Pick<CallEngine, 'recover'>, nodeId: string): Promise<number> {
  return recoverCalls(store, engine, await store.calls.unfinished(nodeId));
}
