// On start, calls that a crash left "in progress" are ended: their network legs died with the
// process, but the application is still owed a disconnect and a CDR. Each is written through the
// outbox like any other end of call, so its pushes follow the usual delivery rules.

import { recoverInterrupted } from '../calls/index.js';
import type { CallSink } from '../calls/types.js';
import type { Store } from '../store/types.js';

export async function recoverInterruptedCalls(store: Store, sink: CallSink, now: number, hostName: string): Promise<number> {
  const calls = await store.calls.unfinished();
  for (const call of calls) {
    const stored = await store.calls.get(call.sessionId);
    const { record, finalEvent } = recoverInterrupted(call, stored?.events ?? [], now, hostName);
    await sink.finish(call, record, finalEvent);
  }
  return calls.length;
}
