// Applies the numbered SQL files of ./migrations in order, each in its own transaction, and
// records it in schema_migrations so a restart applies only the new ones.

import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { loadMigrations as loadMigrationsIn, type Migration } from '../sql/migrations.js';

export type { Migration };

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return loadMigrationsIn(dir);
}

/** Returns the versions applied by this call. */
export function migrate(db: Database.Database, now: number, migrations = loadMigrations()): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at BIGINT NOT NULL
  )`);
  const isDone = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const m of migrations) {
    // IMMEDIATE, and the check inside it: two processes opening the same file must not both
    // apply a migration.
    const ran = db.transaction(() => {
      if (isDone.get(m.version) !== undefined) return false;
      db.exec(m.sql);
      record.run(m.version, m.name, now);
      return true;
    }).immediate();
    if (ran) applied.push(m.version);
  }
  return applied;
}
