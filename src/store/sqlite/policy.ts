// Lists, limit settings and counters of the call policy (migration 003).

import type Database from 'better-sqlite3';
import type { ListEntry, ListName, PolicySettings } from '../../domain/policy.js';
import type { CounterTake, PolicyRepo } from '../types.js';
import { counterWriter } from './counters.js';

export function sqlitePolicy(db: Database.Database): PolicyRepo {
  const decr = db.prepare('UPDATE policy_counters SET count = count - 1 WHERE scope = ? AND key = ? AND window_start = ? AND count > 0');
  const count = db.prepare<[string, string, number], number>(
    'SELECT count FROM policy_counters WHERE scope = ? AND key = ? AND window_start = ?',
  ).pluck();
  const prune = db.prepare('DELETE FROM policy_counters WHERE expires_at <= ?');
  const entries = db.prepare<[], { scope: string; list: ListName; number: string; created_at: number }>(
    'SELECT scope, list, number, created_at FROM policy_lists ORDER BY scope, list, number',
  );
  const addEntry = db.prepare('INSERT INTO policy_lists (scope, list, number, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
  const removeEntry = db.prepare('DELETE FROM policy_lists WHERE scope = ? AND list = ? AND number = ?');
  const allSettings = db.prepare<[], { scope: string; settings: string }>('SELECT scope, settings FROM policy_settings');
  const putSettings = db.prepare(
    `INSERT INTO policy_settings (scope, settings, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (scope) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
  );

  const counters = counterWriter(db);
  const giveAll = db.transaction((takes: CounterTake[]) => {
    for (const t of takes) decr.run(t.scope, t.key, t.windowStart);
  });

  return {
    async take(takes) {
      return takes.length === 0 ? undefined : counters.takeWith(takes, () => {});
    },
    async give(takes) {
      if (takes.length > 0) giveAll.immediate(takes);
    },
    async count(scope, key, windowStart) {
      return count.get(scope, key, windowStart) ?? 0;
    },
    async pruneCounters(now) {
      return prune.run(now).changes;
    },
    async listEntries() {
      return entries.all().map((r): ListEntry => ({ scope: r.scope, list: r.list, number: r.number, createdAt: r.created_at }));
    },
    async addListEntry(e) {
      return addEntry.run(e.scope, e.list, e.number, e.createdAt).changes === 1;
    },
    async removeListEntry(scope, list, number) {
      return removeEntry.run(scope, list, number).changes === 1;
    },
    async settings() {
      return new Map(allSettings.all().map((r) => [r.scope, JSON.parse(r.settings) as PolicySettings]));
    },
    async putSettings(scope, settings, now) {
      putSettings.run(scope, JSON.stringify(settings), now);
    },
  };
}
