// The subscriptions table on PostgreSQL; row mapping is SQLite's (sqlite/subscriptions.ts).
// Every write is one statement (update and delete by primary key), so concurrent writers from
// several nodes serialize on the row: the last update wins whole, as on SQLite.

import type pg from 'pg';
import { subscriptionParams, toSubscription, type SubscriptionRow } from '../sqlite/subscriptions.js';
import type { SubscriptionRepo } from '../types.js';
import { named } from './params.js';

const INSERT = `INSERT INTO subscriptions (id, app_key, url, format, receives, events, retry_schedule, timeout_ms, secret,
                     failover_url, enabled, created_at, updated_at)
  VALUES (@id, @appKey, @url, @format, @receives, @events, @retrySchedule, @timeoutMs, @secret, @failoverUrl,
          @enabled, @createdAt, @updatedAt)`;
const UPDATE = `UPDATE subscriptions SET url = @url, format = @format, receives = @receives, events = @events,
         retry_schedule = @retrySchedule, timeout_ms = @timeoutMs, secret = @secret, failover_url = @failoverUrl,
         enabled = @enabled, updated_at = @updatedAt
  WHERE id = @id AND app_key = @appKey`;

export function pgSubscriptions(pool: pg.Pool): SubscriptionRepo {
  return {
    async create(s) {
      const q = named(INSERT, subscriptionParams(s));
      await pool.query(q.text, q.values);
    },
    async get(id) {
      const r = await pool.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE id = $1', [id]);
      return r.rows[0] && toSubscription(r.rows[0]);
    },
    async forApp(appKey) {
      const r = await pool.query<SubscriptionRow>(
        'SELECT * FROM subscriptions WHERE app_key = $1 ORDER BY created_at, id COLLATE "C"', [appKey],
      );
      return r.rows.map(toSubscription);
    },
    async update(s) {
      const q = named(UPDATE, subscriptionParams(s));
      return (await pool.query(q.text, q.values)).rowCount === 1;
    },
    async delete(id) {
      return (await pool.query('DELETE FROM subscriptions WHERE id = $1', [id])).rowCount === 1;
    },
  };
}
