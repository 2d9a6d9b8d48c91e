// The subscriptions table on PostgreSQL; row mapping and writes are shared (sql/subscription-rows.ts).
// Every write is one statement (update and delete by primary key), so concurrent writers from
// several nodes serialize on the row: the last update wins whole, as on SQLite.

import type pg from 'pg';
import {
  INSERT_SUBSCRIPTION, subscriptionParams, toSubscription, UPDATE_SUBSCRIPTION, type SubscriptionRow,
} from '../sql/subscription-rows.js';
import type { SubscriptionRepo } from '../types.js';
import { named } from './params.js';

export function pgSubscriptions(pool: pg.Pool): SubscriptionRepo {
  return {
    async create(s) {
      const q = named(INSERT_SUBSCRIPTION, subscriptionParams(s));
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
      const q = named(UPDATE_SUBSCRIPTION, subscriptionParams(s));
      return (await pool.query(q.text, q.values)).rowCount === 1;
    },
    async delete(id) {
      return (await pool.query('DELETE FROM subscriptions WHERE id = $1', [id])).rowCount === 1;
    },
  };
}
