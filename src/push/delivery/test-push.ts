// The operator's test push: one sample body in a subscription's format (the dialect's own encoder
// on sample-call.ts's call), signed as a real push of that subscription is, sent once through the
// same agent (so the same push-target guard) and attempt code as real pushes, and the answer
// handed back. It is not stored in the outbox, touches no breaker and no endpoint's statistics:
// it is a question to the receiver, not a delivery (docs/delivery.md, "Test push").

import { randomUUID } from 'node:crypto';
import type { Agent } from 'undici';
import type { Clock } from '../../lib/clock.js';
import type { PushAttempt, PushKind, Push } from '../../domain/push.js';
import type { Subscription } from '../../domain/subscription.js';
import { sampleCall, sampleTaskEvent } from '../dialects/sample-call.js';
import type { Dialect } from '../dialects/types.js';
import { tryAt } from './attempt.js';

/** Marks a test push, so a receiver can keep it out of its books. */
export const TEST_PUSH_HEADER = 'X-Voxcall-Test-Push';

export interface TestPushInput {
  agent: Agent;
  dialect: Dialect;
  sub: Subscription;
  /** The app's spId and secret (Huawei-format subscriptions sign with the app's secret). */
  app: { spId: string; appSecret: string };
  /** Absent: status when the subscription receives status events and the format pushes them, else record. */
  kind?: PushKind;
  /** Wall-clock now: the sample's times and the signature's Created. */
  now: number;
  /** The longest attempt timeout of any format (a subscription's own is capped at it, as the dispatcher does). */
  maxTimeoutMs: number;
}

export type TestPushResult =
  | { refused: string }
  | { kind: PushKind; messageId: string; body: string; signed: boolean; attempt: PushAttempt };

/** The secret that signs this subscription's pushes, the way the dispatcher picks it. */
export function signingSecret(dialect: Dialect, sub: Subscription, appSecret: string): string | null {
  return dialect.signsWithAppSecret ? appSecret : (sub.secret ?? null);
}

export async function sendTestPush(i: TestPushInput): Promise<TestPushResult> {
  const { dialect, sub } = i;
  const sample = sampleCall(sub.appKey, i.app.spId, i.now);
  const ctx = { subscriptionId: sub.id };
  // A format of task events only (voxcall) is tried with a sample task event, as a status push.
  const status = dialect.encodeTaskStatus
    ? dialect.encodeTaskStatus(sampleTaskEvent(sub.appKey, i.now), ctx)
    : dialect.encodeStatus(sample.call, sample.event, ctx);
  const records = dialect.encodeRecords?.(sample.call, sample.record, ctx) ?? [dialect.encodeRecord(sample.call, sample.record, ctx)];
  const kind = i.kind ?? (sub.receives !== 'records' && status !== undefined ? 'status' : 'record');
  if (kind === 'status' && status === undefined) return { refused: `the ${dialect.name} format pushes no status events: ask for a record` };
  if (kind === 'record' && records.length === 0) return { refused: `the ${dialect.name} format pushes no call records: ask for a status push` };
  const items = kind === 'status' ? [status] : records.slice(0, 1);
  const secret = signingSecret(dialect, sub, i.app.appSecret);
  if (secret === null && !dialect.signatureOptional) return { refused: `the ${dialect.name} format is always signed and subscription ${sub.id} has no secret` };
  const push: Push = {
    id: randomUUID(), appKey: sub.appKey, sessionId: sample.call.sessionId, dialect: dialect.name, kind, url: sub.url, seq: 0,
    items, schedule: [], timeoutMs: sub.timeoutMs ?? dialect.attemptTimeoutMs, state: 'queued', attempts: 0, step: 0, replays: 0,
    nextAt: i.now, createdAt: i.now, subscriptionId: sub.id,
  };
  const tried = await tryAt({
    agent: i.agent, push, dialect, secret, url: sub.url, n: 1, at: i.now, signedAt: i.now,
    timeoutMs: Math.min(push.timeoutMs, i.maxTimeoutMs), extraHeaders: { [TEST_PUSH_HEADER]: '1' },
  });
  return { kind, messageId: push.id, body: dialect.body(kind, items), signed: secret !== null, attempt: tried.attempt };
}

/**
 * sendTestPush over the platform's push agent and formats, for the management API. `wall` is the
 * platform's wall clock: the sample's times and the Created a receiver checks, as real pushes sign.
 */
export function createTestPusher(agent: Agent, dialects: Map<string, Dialect>, wall: Clock) {
  const maxTimeoutMs = Math.max(...[...dialects.values()].map((d) => d.attemptTimeoutMs));
  return async (sub: Subscription, app: { spId: string; appSecret: string }, kind?: PushKind): Promise<TestPushResult> => {
    const dialect = dialects.get(sub.format);
    if (!dialect) return { refused: `subscription ${sub.id} has an unknown format "${sub.format}"` };
    return sendTestPush({ agent, dialect, sub, app, now: wall.now(), maxTimeoutMs, ...(kind ? { kind } : {}) });
  };
}
