// A call's writes outlive a short database outage (a restart, a failover): a write that failed
// because the store could not be reached is tried again until it is stored, so the call goes on
// where it was, its events in order, instead of being ended by the outage. The call's own
// events wait meanwhile (the run awaits each write; its mailbox keeps the network's signals).
//
// The waits are real time, not the engine's clock: the database comes back in real time whatever
// the simulated world's speed. After GIVE_UP_MS the write fails as before: the engine ends the
// call from what was stored (and if that cannot be stored either, the call stays in progress in
// the store and the next start recovers it, recovery.ts), so nothing accepted is lost, only late.

import { isStoreUnreachable } from '../store/unreachable.js';

const WAITS_MS = [100, 250, 500, 1000, 2000];
export const GIVE_UP_MS = 120_000;

export async function retryWhileUnreachable<T>(write: () => Promise<T>, giveUpMs = GIVE_UP_MS): Promise<T> {
  const start = Date.now();
  for (let i = 0; ; i++) {
    try {
      return await write();
    } catch (err) {
      // Anything else (a constraint, a bug) would fail again the same way: not retried.
      if (!isStoreUnreachable(err) || Date.now() - start >= giveUpMs) throw err;
    }
    await new Promise((r) => setTimeout(r, WAITS_MS[Math.min(i, WAITS_MS.length - 1)]));
  }
}
