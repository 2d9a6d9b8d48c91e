// Lists, limit settings and counters of the call policy (migration 003), as sqlite/policy.ts.
// Every write is one statement (atomic on its own) except take and give, one transaction each
// with the counter rows locked in one order (counters.ts).

import type pg from 'pg';
import type { ListEntry, ListName, PolicySettings } from '../../domain/policy.js';
import type { PolicyRepo } from '../types.js';
import { giveIn, refusalIndex, takeIn } from './counters.js';
import { tx } from './pool.js';

export function pgPolicy(pool: pg.Pool): PolicyRepo {
  return {
    async take(takes) {
      if (takes.length === 0) return undefined;
      return refusalIndex(() => tx(pool, (c) => takeIn(c, takes)));
    },
    async give(takes) {
      if (takes.length > 0) await tx(pool, (c) => giveIn(c, takes));
    },
    async count(scope, key, windowStart) {
      const r = await pool.query<{ count: number }>(
        'SELECT count FROM policy_counters WHERE scope = $1 AND key = $2 AND window_start = $3', [scope, key, windowStart],
      );
      return r.rows[0]?.count ?? 0;
    },
    async pruneCounters(now) {
      return (await pool.query('DELETE FROM policy_counters WHERE expires_at <= $1', [now])).rowCount ?? 0;
    },
    async listEntries() {
      // COLLATE "C": byte order, as SQLite sorts, whatever the database's default collation.
      const r = await pool.query<{ scope: string; list: ListName; number: string; created_at: number }>(
        'SELECT scope, list, number, created_at FROM policy_lists ORDER BY scope COLLATE "C", list COLLATE "C", number COLLATE "C"',
      );
      return r.rows.map((x): ListEntry => ({ scope: x.scope, list: x.list, number: x.number, createdAt: x.created_at }));
    },
    async addListEntry(e) {
      const r = await pool.query(
        'INSERT INTO policy_lists (scope, list, number, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [e.scope, e.list, e.number, e.createdAt],
      );
      return r.rowCount === 1;
    },
    async removeListEntry(scope, list, number) {
      const r = await pool.query('DELETE FROM policy_lists WHERE scope = $1 AND list = $2 AND number = $3', [scope, list, number]);
      return r.rowCount === 1;
    },
    async settings() {
      const r = await pool.query<{ scope: string; settings: string }>('SELECT scope, settings FROM policy_settings');
      return new Map(r.rows.map((x) => [x.scope, JSON.parse(x.settings) as PolicySettings]));
    },
    async putSettings(scope, settings, now) {
      await pool.query(
        `INSERT INTO policy_settings (scope, settings, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (scope) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
        [scope, JSON.stringify(settings), now],
      );
    },
  };
}
