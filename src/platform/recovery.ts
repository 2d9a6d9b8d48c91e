// On start, calls that a crash left "in progress" are ended: their network legs died with the
// process, but the application is still owed a disconnect and a CDR. Each is written through the
// outbox like any other end of call, through the engine (CallEngine.recover), so its pushes follow
// the usual delivery rules and the call.ended line and the call metrics see it.

import type { CallEngine } from '../calls/types.js';
import type { Store } from '../store/types.js';

export async function recoverInterruptedCalls(store: Pick<Store, 'calls'>, engine: Pick<CallEngine, 'recover'>): Promise<number> {
  const calls = await store.calls.unfinished();
  for (const call of calls) {
    const stored = await store.calls.get(call.sessionId);
    await engine.recover(call, stored?.events ?? []);
  }
  return calls.length;
}
