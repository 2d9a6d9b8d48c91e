// Apps and their display numbers on PostgreSQL; voice files and TTS templates are in media.ts.
// Row mapping and the upsert are shared with SQLite (sql/app-rows.ts): the tables are the same.
//
// Every write is one statement, so two nodes never interleave inside one: addNumber's
// ON CONFLICT DO NOTHING lets exactly one of two nodes adding the same number at once win (the
// other waits on the primary key's index entry, then sees the row and inserts nothing).

import type pg from 'pg';
import { appParams, PUT_APP, toApp, toNumber, type AppRow, type NumberRow } from '../sql/app-rows.js';
import type { AppRepo } from '../types.js';
import { pgMedia } from './media.js';
import { named } from './params.js';

export function pgApps(pool: pg.Pool): AppRepo {
  return {
    ...pgMedia(pool),
    async get(appKey) {
      const r = await pool.query<AppRow>('SELECT * FROM apps WHERE app_key = $1', [appKey]);
      return r.rows[0] && toApp(r.rows[0]);
    },
    async put(app) {
      const q = named(PUT_APP, appParams(app));
      await pool.query(q.text, q.values);
    },
    async list() {
      // COLLATE "C": byte order, as SQLite sorts text, whatever the database's collation.
      return (await pool.query<AppRow>('SELECT * FROM apps ORDER BY created_at, app_key COLLATE "C"')).rows.map(toApp);
    },
    async numbers(appKey) {
      const r = await pool.query<NumberRow>(
        'SELECT number, app_key, status FROM display_numbers WHERE app_key = $1 ORDER BY number COLLATE "C"', [appKey],
      );
      return r.rows.map(toNumber);
    },
    async number(n) {
      const r = await pool.query<NumberRow>('SELECT number, app_key, status FROM display_numbers WHERE number = $1', [n]);
      return r.rows[0] && toNumber(r.rows[0]);
    },
    async addNumber(n) {
      const r = await pool.query(
        'INSERT INTO display_numbers (number, app_key, status) VALUES ($1, $2, $3) ON CONFLICT (number) DO NOTHING',
        [n.number, n.appKey, n.status],
      );
      return r.rowCount === 1;
    },
    async removeNumber(appKey, n) {
      const r = await pool.query('DELETE FROM display_numbers WHERE app_key = $1 AND number = $2', [appKey, n]);
      return r.rowCount === 1;
    },
    async putNumber(n) {
      await pool.query(
        `INSERT INTO display_numbers (number, app_key, status) VALUES ($1, $2, $3)
         ON CONFLICT (number) DO UPDATE SET app_key = excluded.app_key, status = excluded.status`,
        [n.number, n.appKey, n.status],
      );
    },
  };
}
