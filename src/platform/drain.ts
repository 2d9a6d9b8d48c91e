// Graceful shutdown on SIGTERM (docs/cluster.md, "Stopping a node"): the node stops being ready at
// once, refuses new calls, lets the calls in progress end by themselves for up to
// VOXCALL_DRAIN_TIMEOUT_S, then closes (ending the calls still up, with their disconnect and CDR).

import { ConfigError } from '../config.js';
import type { Clock } from '../lib/clock.js';
import type { Dispatcher } from '../push/delivery/dispatcher.js';
import { DEFAULT_RECORD_LINGER_MS } from '../push/delivery/outbox-writer.js';
import type { OutboxRepo } from '../store/types.js';

export const DEFAULT_DRAIN_TIMEOUT_S = 30;

/** The least time a delivering node gets, after its calls ended, to send what they wrote. */
export const FLUSH_MS = 5000;

/** VOXCALL_DRAIN_TIMEOUT_S in ms: how long a draining node waits for its calls to end. */
export function drainTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.VOXCALL_DRAIN_TIMEOUT_S;
  if (raw === undefined || raw === '') return DEFAULT_DRAIN_TIMEOUT_S * 1000;
  if (!/^\d+(\.\d+)?$/.test(raw) || Number(raw) > 3600) {
    throw new ConfigError(`VOXCALL_DRAIN_TIMEOUT_S must be a number of seconds from 0 to 3600, got "${raw}"`);
  }
  return Math.round(Number(raw) * 1000);
}

/** Waits for work, but no longer than ms (real time); says whether the work finished in time. */
export async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  // Work that fails after the deadline has nobody left to tell: it must not crash the exit.
  work.catch(() => {});
  try {
    return await Promise.race([work.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * How far ahead (simulated ms) a draining node still waits for pushes: a CDR that merges with the
 * rest of its second is due up to a second and the linger after its call ended (outbox-writer.ts).
 * A retry scheduled later is left in the outbox, for the next start or another dispatcher.
 */
export const FLUSH_LOOKAHEAD_MS = 2000 + DEFAULT_RECORD_LINGER_MS;

export interface FlushDeps {
  dispatcher: Pick<Dispatcher, 'drain'>;
  outbox: Pick<OutboxRepo, 'nextDueAt'>;
  clock: Clock;
}

/** Sends what is due, and what falls due within the lookahead, before a delivering node stops. */
export async function flushOutbox(d: FlushDeps): Promise<void> {
  for (;;) {
    await d.dispatcher.drain();
    const next = await d.outbox.nextDueAt();
    if (next === undefined || next > d.clock.now() + FLUSH_LOOKAHEAD_MS) return;
    if (next > d.clock.now()) await new Promise<void>((resolve) => d.clock.setTimer(next - d.clock.now(), resolve));
  }
}
