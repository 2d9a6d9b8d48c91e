// Polling with a deadline: the lab waits for exactly the condition it needs (a port answering, a
// file closed, a process gone), checked every few milliseconds, never for a fixed time.

import { setTimeout as delay } from 'node:timers/promises';

/** Resolves when `cond` holds; rejects when it throws or after `timeoutMs` ("timed out waiting for WHAT"). */
export async function waitUntil(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string, intervalMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(intervalMs);
  }
}
