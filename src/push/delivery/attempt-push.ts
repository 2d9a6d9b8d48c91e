// One push's try, as the dispatcher runs it once the push is claimed: its secret looked up, one
// HTTP attempt at its URL, and when that fails, one at its subscription's failover URL. It decides
// nothing about the push's next state (the dispatcher's settle does) but keeps the receivers'
// gates: each URL's in-flight slot is released as soon as its attempt ends, with its verdict.

import type { Agent } from 'undici';
import type { Push, PushAttempt } from '../../domain/push.js';
import { receiverKey } from '../../domain/receiver.js';
import { systemClock } from '../../lib/clock.js';
import type { Dialect } from '../dialects/types.js';
import { tryAt, type Hints, type Tried } from './attempt.js';
import type { EndpointGates } from './breaker.js';
import type { DispatcherOptions } from './dispatcher-options.js';
import { clampToSchedule } from './retry-after.js';

export interface AttemptContext {
  o: DispatcherOptions;
  gates: EndpointGates;
  agent(): Agent;
  /** The longest attempt the lease covers (dispatcher.ts). */
  maxTimeoutMs: number;
}

export interface PushTry {
  /** The primary's attempt, then the failover's if one was made. */
  attempts: PushAttempt[];
  /** The primary's answer's hints (Retry-After, 410). */
  hints: Hints;
  /** False when nothing was sent and nothing would change by waiting: no retry. */
  retry: boolean;
}

/** Tries the push; the primary's gate slot (taken at the claim) is released whatever happens. */
export async function attemptPush(ctx: AttemptContext, push: Push): Promise<PushTry> {
  const n = push.attempts + 1;
  const at = ctx.o.clock.now();
  let primaryOpen = true;
  const key = receiverKey(push.appKey, push.url);
  // null: no verdict on the receiver (nothing was sent).
  const release = (unavailable: boolean | null) => {
    if (primaryOpen) ctx.gates.end(key, ctx.o.clock.now(), unavailable);
    primaryOpen = false;
  };
  const notSent = (error: string): PushTry => ({ attempts: [{ pushId: push.id, n, at, latencyMs: 0, ok: false, error }], hints: {}, retry: false });
  try {
    const dialect = ctx.o.dialects.get(push.dialect);
    if (!dialect) return notSent(`unknown dialect "${push.dialect}"`);
    const secret = await ctx.o.secretFor(push.appKey, push);
    // Unsigned pushes would be refused by any receiver that checks X-AKSK and would leak the
    // payload to one that does not: fail it, kept for a replay once the app is fixed. Formats
    // whose documents have no signature go unsigned when their subscription has no secret.
    if (secret === undefined || (secret === null && !dialect.signatureOptional)) {
      const why = push.subscriptionId !== undefined && secret === undefined ? `subscription ${push.subscriptionId} is gone` : `no secret for app ${push.appKey}`;
      return notSent(`${why}: not sent`);
    }
    const first = await send(ctx, push, dialect, secret, push.url, n);
    release(first.unavailable);
    const attempts = [first.attempt];
    if (!first.attempt.ok) {
      const second = await failover(ctx, push, dialect, secret, n + 1);
      if (second) attempts.push(second);
    }
    return { attempts, hints: first.hints, retry: true };
  } finally {
    release(null);
  }
}

/**
 * The same push at the subscription's failover URL, when it has one that is neither paused nor
 * held by its receiver's gate. Its 410 pauses that URL and its Retry-After holds its receiver,
 * as for any push; the push itself stays on the primary's schedule. It runs in the slot of the
 * app's share the primary had. With several dispatchers it goes from the primary's owner,
 * through that node's own gate for the failover receiver whoever owns it: handing it to the
 * owner would take a message between nodes, and skipping it would lose the failover on (N-1)/N
 * of the pushes (docs/delivery.md, "Several dispatchers").
 */
async function failover(ctx: AttemptContext, push: Push, dialect: Dialect, secret: string | null, n: number): Promise<PushAttempt | undefined> {
  const url = await ctx.o.failoverFor?.(push);
  const key = url ? receiverKey(push.appKey, url) : '';
  if (!url || url === push.url || ctx.gates.room(key, ctx.o.clock.now()) === 0) return undefined;
  if (await ctx.o.isPaused?.(url)) return undefined;
  ctx.gates.begin(key, ctx.o.clock.now());
  const r = await send(ctx, push, dialect, secret, url, n);
  const now = ctx.o.clock.now();
  ctx.gates.end(key, now, r.unavailable);
  r.attempt.url = url;
  if (r.hints.gone && ctx.o.pauseEndpoint) await ctx.o.pauseEndpoint(url, `the receiver answered 410 Gone (push ${push.id})`);
  if (r.hints.retryAfterMs !== undefined) ctx.gates.hold(key, now + clampToSchedule(r.hints.retryAfterMs, push.schedule));
  return r.attempt;
}

/** One HTTP attempt of the push at `url` (attempt.ts). */
function send(ctx: AttemptContext, push: Push, dialect: Dialect, secret: string | null, url: string, n: number): Promise<Tried> {
  return tryAt({
    agent: ctx.agent(), push, dialect, secret, url, n, at: ctx.o.clock.now(),
    signedAt: (ctx.o.signingClock ?? systemClock).now(),
    // Never longer than the lease allows (see the dispatcher's constructor).
    timeoutMs: Math.min(push.timeoutMs, ctx.maxTimeoutMs),
  });
}
