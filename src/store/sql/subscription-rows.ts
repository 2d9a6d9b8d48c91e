// Row <-> domain mapping of the subscriptions table, and its writes, which both engines run as is
// (@named params).

import type { CallEventType } from '../../domain/call.js';
import type { Subscription, SubscriptionReceives } from '../../domain/subscription.js';

export interface SubscriptionRow {
  id: string;
  app_key: string;
  url: string;
  format: string;
  receives: SubscriptionReceives;
  events: string | null;
  retry_schedule: string | null;
  timeout_ms: number | null;
  secret: string | null;
  failover_url: string | null;
  enabled: number;
  created_at: number;
  updated_at: number;
}

export function toSubscription(r: SubscriptionRow): Subscription {
  const s: Subscription = {
    id: r.id, appKey: r.app_key, url: r.url, format: r.format, receives: r.receives, enabled: r.enabled === 1,
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
  if (r.events !== null) s.events = JSON.parse(r.events) as CallEventType[];
  if (r.retry_schedule !== null) s.retrySchedule = JSON.parse(r.retry_schedule) as number[];
  if (r.timeout_ms !== null) s.timeoutMs = r.timeout_ms;
  if (r.secret !== null) s.secret = r.secret;
  if (r.failover_url != null) s.failoverUrl = r.failover_url;
  return s;
}

export function subscriptionParams(s: Subscription): Record<string, unknown> {
  return {
    id: s.id, appKey: s.appKey, url: s.url, format: s.format, receives: s.receives,
    events: s.events === undefined ? null : JSON.stringify(s.events),
    retrySchedule: s.retrySchedule === undefined ? null : JSON.stringify(s.retrySchedule),
    timeoutMs: s.timeoutMs ?? null, secret: s.secret ?? null, failoverUrl: s.failoverUrl ?? null, enabled: s.enabled ? 1 : 0,
    createdAt: s.createdAt, updatedAt: s.updatedAt,
  };
}

export const INSERT_SUBSCRIPTION = `INSERT INTO subscriptions (id, app_key, url, format, receives, events, retry_schedule,
                     timeout_ms, secret, failover_url, enabled, created_at, updated_at)
  VALUES (@id, @appKey, @url, @format, @receives, @events, @retrySchedule, @timeoutMs, @secret, @failoverUrl,
          @enabled, @createdAt, @updatedAt)`;

export const UPDATE_SUBSCRIPTION = `UPDATE subscriptions SET url = @url, format = @format, receives = @receives, events = @events,
         retry_schedule = @retrySchedule, timeout_ms = @timeoutMs, secret = @secret, failover_url = @failoverUrl,
         enabled = @enabled, updated_at = @updatedAt
  WHERE id = @id AND app_key = @appKey`;
