// What `voxcall migrate-store` refuses, each as one line that says what to do: a data directory
// without a database, a voxcall still running from it, a database not at this version's schema,
// a target that is unreachable, newer than this version, or not empty. No line shows a password.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { readServerFile, writerAlive } from '../../platform/server-file.js';
import { loadMigrations } from '../sqlite/migrate.js';
import { loadPgMigrations } from '../postgres/migrate.js';
import { KNOWN_TABLES } from './plan.js';

export class MigrateRefusal extends Error {
  override name = 'MigrateRefusal';
}

/** Opens <dataDir>/voxcall.db read-only, once it is sure nothing else writes it and its schema is this version's. */
export function openSource(dataDir: string): Database.Database {
  const path = join(dataDir, 'voxcall.db');
  if (!existsSync(path)) throw new MigrateRefusal(`${dataDir} has no voxcall.db: --from names the data directory of a voxcall that used SQLite (VOXCALL_DATA_DIR)`);
  checkNotRunning(dataDir);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    checkSourceVersion(db, path);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * Refuses while a voxcall runs from the data directory: what it writes after the copy's snapshot
 * would be lost in the move. Checked before the copy and again before its commit.
 */
export function checkNotRunning(dataDir: string): void {
  const running = readServerFile(dataDir);
  if (running && running.pid !== process.pid && writerAlive(running)) {
    throw new MigrateRefusal(`a voxcall (pid ${running.pid}) runs from ${dataDir} at ${running.url}: stop it first, so nothing changes while its database is copied`);
  }
}

function checkSourceVersion(db: Database.Database, path: string): void {
  const known = loadMigrations().map((m) => m.version);
  const latest = known[known.length - 1] ?? 0;
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
  const applied = hasTable ? (db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[]) : [];
  const newer = applied.filter((v) => !known.includes(v));
  if (newer.length > 0) {
    throw new MigrateRefusal(`${path} was written by a newer voxcall (schema version ${Math.max(...newer)}; this one knows up to ${latest}): run the migrate-store of that version`);
  }
  const pending = known.filter((v) => !applied.includes(v));
  if (pending.length > 0) {
    const at = applied.length > 0 ? `schema version ${applied[applied.length - 1]}` : 'no schema version';
    throw new MigrateRefusal(`${path} is at ${at}, this voxcall's is ${latest}: start this version of voxcall once on that data directory (it upgrades the file), stop it, then run migrate-store again`);
  }
}

export interface Target {
  url: string;
  /** The URL as messages show it: the password replaced by ***. */
  redacted: string;
  password: string;
}

/** The target URL from --to or VOXCALL_DATABASE_URL (`from` names which, for the message). */
export function parseTarget(raw: string, from: string): Target {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MigrateRefusal(`${from} must be a PostgreSQL URL such as postgres://voxcall:secret@db.example.com:5432/voxcall`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new MigrateRefusal(`${from} must start with postgres:// (got ${url.protocol}//...)`);
  }
  const password = decodeURIComponent(url.password);
  const shown = new URL(url.href);
  if (shown.password !== '') shown.password = '***';
  shown.search = '';
  return { url: raw, redacted: shown.href, password };
}

/** A connection failure as one line, with the password (should a driver ever echo it) masked. */
export function unreachable(target: Target, err: unknown): MigrateRefusal {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? ` (${e.code})` : '';
  let message = typeof e?.message === 'string' && e.message !== '' ? e.message : String(err);
  if (target.password !== '') message = message.split(target.password).join('***');
  return new MigrateRefusal(`cannot reach PostgreSQL at ${target.redacted}: ${message}${code}`);
}

/**
 * Refuses a target migrated by a newer voxcall: this version's migrations would find nothing to
 * do and the copy would miss that version's tables or columns. Run before migrating the target.
 */
export async function checkTargetVersion(pool: pg.Pool, where: string): Promise<void> {
  const exists = await pool.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  if (exists.rows[0]?.t == null) return;
  const known = loadPgMigrations().map((m) => m.version);
  const latest = known[known.length - 1] ?? 0;
  const r = await pool.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  const at = r.rows[0]?.v ?? 0;
  if (at > latest) {
    throw new MigrateRefusal(`${where} is at schema version ${at}, newer than this voxcall's ${latest}: migrate into an empty database or schema (--schema), or use that version's migrate-store`);
  }
}

/**
 * Refuses a target that holds any row (an app, a call, a push, or anything else): merging two
 * platforms' data is not a move. Run once before the target is touched (tables not created yet
 * count as empty), and again inside the copy's transaction after locking the tables, so no node
 * can write between that check and the copy.
 */
export async function checkTargetEmpty(c: pg.Pool | pg.PoolClient, where: string): Promise<void> {
  for (const table of KNOWN_TABLES) {
    const exists = await c.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]);
    if (exists.rows[0]?.t == null) continue;
    const r = await c.query(`SELECT 1 FROM ${table} LIMIT 1`);
    if (r.rowCount !== 0) {
      throw new MigrateRefusal(`${where} is not empty (${table} has rows): migrate-store only fills an empty database; name an empty one, or a new schema with --schema`);
    }
  }
}
