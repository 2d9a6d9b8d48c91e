// The subscriptions repository; row mapping and writes are shared with PostgreSQL (sql/subscription-rows.ts).

import type Database from 'better-sqlite3';
import {
  INSERT_SUBSCRIPTION, subscriptionParams, toSubscription, UPDATE_SUBSCRIPTION, type SubscriptionRow,
} from '../sql/subscription-rows.js';
import type { SubscriptionRepo } from '../types.js';

export function sqliteSubscriptions(db: Database.Database): SubscriptionRepo {
  const insert = db.prepare(INSERT_SUBSCRIPTION);
  const update = db.prepare(UPDATE_SUBSCRIPTION);
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
