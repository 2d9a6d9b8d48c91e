// Row <-> domain mapping for the outbox tables.

import type { AttemptErrorClass, NewPush, Push, PushAttempt, PushKind, PushState } from '../../domain/push.js';
import { originOf } from '../../domain/receiver.js';

export interface PushRow {
  id: string;
  app_key: string;
  session_id: string;
  dialect: string;
  kind: PushKind;
  url: string;
  /** scheme://host:port of url ('' on rows that left the queue before migration 009). */
  origin: string;
  order_key: string | null;
  seq: number;
  batch_key: string | null;
  items: string;
  item_count: number;
  schedule: string;
  timeout_ms: number;
  state: PushState;
  blocked: number;
  attempts: number;
  next_at: number;
  created_at: number;
  delivered_at: number | null;
  last_error: string | null;
  merged_into: string | null;
  subscription_id: string | null;
  step: number;
  replays: number;
  exported_at: number | null;
}

export interface AttemptRow {
  push_id: string;
  n: number;
  at: number;
  latency_ms: number;
  ok: number;
  http_status: number | null;
  response_head: string | null;
  error_class: AttemptErrorClass | null;
  error: string | null;
  url: string | null;
}

export function toPush(r: PushRow): Push {
  const p: Push = {
    id: r.id,
    appKey: r.app_key,
    sessionId: r.session_id,
    dialect: r.dialect,
    kind: r.kind,
    url: r.url,
    seq: r.seq,
    items: JSON.parse(r.items) as unknown[],
    schedule: JSON.parse(r.schedule) as number[],
    timeoutMs: r.timeout_ms,
    state: r.state,
    attempts: r.attempts,
    step: r.step,
    replays: r.replays,
    nextAt: r.next_at,
    createdAt: r.created_at,
  };
  if (r.order_key !== null) p.orderKey = r.order_key;
  if (r.batch_key !== null) p.batchKey = r.batch_key;
  if (r.delivered_at !== null) p.deliveredAt = r.delivered_at;
  if (r.last_error !== null) p.lastError = r.last_error;
  if (r.merged_into !== null) p.mergedInto = r.merged_into;
  if (r.subscription_id != null) p.subscriptionId = r.subscription_id;
  if (r.exported_at != null) p.exportedAt = r.exported_at;
  return p;
}

/** Named parameters for the INSERT of a new push (see outbox.ts). */
export function newPushParams(p: NewPush, blocked: boolean): Record<string, unknown> {
  return {
    id: p.id,
    appKey: p.appKey,
    sessionId: p.sessionId,
    dialect: p.dialect,
    kind: p.kind,
    url: p.url,
    origin: originOf(p.url),
    orderKey: p.orderKey ?? null,
    seq: p.seq,
    batchKey: p.batchKey ?? null,
    items: JSON.stringify([p.item]),
    schedule: JSON.stringify(p.schedule),
    timeoutMs: p.timeoutMs,
    blocked: blocked ? 1 : 0,
    nextAt: p.availableAt,
    createdAt: p.createdAt,
    subscriptionId: p.subscriptionId ?? null,
  };
}

/**
 * A push's attempts, oldest first, with `param` its id. Every attempt stores the URL it went to
 * (migration 019, for the per-URL index); the URL is given back only when it is not the push's own.
 */
export const attemptsOfSql = (param: string): string =>
  `SELECT a.push_id, a.n, a.at, a.latency_ms, a.ok, a.http_status, a.response_head, a.error_class, a.error,
          NULLIF(a.url, p.url) AS url
   FROM push_attempts a JOIN pushes p ON p.id = a.push_id WHERE a.push_id = ${param} ORDER BY a.n`;

export function toAttempt(r: AttemptRow): PushAttempt {
  const a: PushAttempt = { pushId: r.push_id, n: r.n, at: r.at, latencyMs: r.latency_ms, ok: r.ok === 1 };
  if (r.http_status !== null) a.httpStatus = r.http_status;
  if (r.response_head !== null) a.responseHead = r.response_head;
  if (r.error_class !== null) a.errorClass = r.error_class;
  if (r.error !== null) a.error = r.error;
  if (r.url != null) a.url = r.url;
  return a;
}
