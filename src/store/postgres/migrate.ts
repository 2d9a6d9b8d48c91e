// Applies the numbered SQL files of ./migrations (PostgreSQL's own, numbered like SQLite's) in
// order, each in its own transaction, and records it in schema_migrations. Several nodes may
// start at once on one database: a transaction-scoped advisory lock lets one of them migrate
// while the others wait, then find nothing left to do.

import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { loadMigrations, type Migration } from '../sql/migrations.js';
import { tx } from './pool.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** An arbitrary constant: the advisory lock key that serialises voxcall's migrations. */
const MIGRATION_LOCK = 7_406_211;

export function loadPgMigrations(): Migration[] {
  return loadMigrations(MIGRATIONS_DIR);
}

/** Returns the versions applied by this call. */
export async function migratePg(pool: pg.Pool, now: number, migrations = loadPgMigrations()): Promise<number[]> {
  const applied: number[] = [];
  for (const m of migrations) {
    const ran = await tx(pool, async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await c.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version    INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        applied_at BIGINT NOT NULL
      )`);
      const done = await c.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (done.rowCount !== 0) return false;
      await c.query(m.sql);
      await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, now]);
      return true;
    });
    if (ran) applied.push(m.version);
  }
  return applied;
}
