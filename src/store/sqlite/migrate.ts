// Applies the numbered SQL files of ./migrations in order, each in its own transaction, and
// records it in schema_migrations so a restart applies only the new ones.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migration files, sorted by their number (`001_init.sql` is version 1). */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir)) {
    const m = /^(\d+)_([\w-]+)\.sql$/.exec(file);
    if (!m) continue;
    out.push({ version: Number(m[1]), name: m[2]!, sql: readFileSync(dir + file, 'utf8') });
  }
  out.sort((a, b) => a.version - b.version);
  for (let i = 1; i < out.length; i++) {
    if (out[i]!.version === out[i - 1]!.version) {
      throw new Error(`two migrations numbered ${out[i]!.version}`);
    }
  }
  return out;
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
