// The subscriptions table: row <-> domain mapping and the repository.

import type Database from 'better-sqlite3';
import type { CallEventType } from '../../domain/call.js';
import type { Subscription, SubscriptionReceives } from '../../domain/subscription.js';
import type { SubscriptionRepo } from '../types.js';

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

export function sqliteSubscriptions(db: Database.Database): SubscriptionRepo {
  const insert = db.prepare(
    `INSERT INTO subscriptions (id, app_key, url, format, receives, events, retry_schedule, timeout_ms, secret, failover_url, enabled, created_at, updated_at)
     VALUES (@id, @appKey, @url, @format, @receives, @events, @retrySchedule, @timeoutMs, @secret, @failoverUrl, @enabled, @createdAt, @updatedAt)`,
  );
  const update = db.prepare(
    `UPDATE subscriptions SET url = @url, format = @format, receives = @receives, events = @events,
            retry_schedule = @retrySchedule, timeout_ms = @timeoutMs, secret = @secret, failover_url = @failoverUrl,
            enabled = @enabled,
            updated_at = @updatedAt
     WHERE id = @id AND app_key = @appKey`,
  );
  const get = db.prepare<[string], SubscriptionRow>('SELECT * FROM subscriptions WHERE id = ?');
  const forApp = db.prepare<[string], SubscriptionRow>('SELECT * FROM subscriptions WHERE app_key = ? ORDER BY created_at, id');
  const del = db.prepare('DELETE FROM subscriptions WHERE id = ?');
  return {
    async create(s) {
      insert.run(subscriptionParams(s));
    },
    async get(id) {
      const r = get.get(id);
      return r && toSubscription(r);
    },
    async forApp(appKey) {
      return forApp.all(appKey).map(toSubscription);
    },
    async update(s) {
      return update.run(subscriptionParams(s)).changes === 1;
    },
    async delete(id) {
      return del.run(id).changes === 1;
    },
  };
}
