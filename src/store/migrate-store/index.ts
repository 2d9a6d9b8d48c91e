// `voxcall migrate-store`: moves a SQLite data directory's database into an empty PostgreSQL
// database. The checks come first (checks.ts), then the target is migrated to this version's
// schema, then every table is copied (plan.ts, copy.ts) in ONE transaction: a copy that fails
// half-way leaves the target as empty as it was. The files (recordings, media) stay where they are.

import type Database from 'better-sqlite3';
import type pg from 'pg';
import { checkSchemaName, createPool, tx } from '../postgres/pool.js';
import { migratePg } from '../postgres/migrate.js';
import { checkNotRunning, checkTargetEmpty, checkTargetVersion, MigrateRefusal, openSource, parseTarget, unreachable, type Target } from './checks.js';
import { copyTables, type TableCopied } from './copy.js';
import { KNOWN_TABLES, tablePlan } from './plan.js';

export { MigrateRefusal } from './checks.js';
export type { TableCopied } from './copy.js';

export interface MigrateStoreOptions {
  /** The data directory of the SQLite voxcall (holds voxcall.db). */
  from: string;
  /** The PostgreSQL URL, and where it came from (for messages). */
  to: string;
  toFrom: string;
  schema?: string;
  /** The time that decides which nonces have expired. */
  now: number;
  /** How long to wait for nodes on the target to let go of its tables (default 10 s). */
  lockWaitMs?: number;
  /** Hears of each table once its rows are sent (they commit with the last one). */
  onTable?: (t: TableCopied) => void;
}

export interface MigrateStoreResult {
  tables: TableCopied[];
  /** The target as messages show it (no password). */
  target: string;
}

export async function migrateStore(opts: MigrateStoreOptions): Promise<MigrateStoreResult> {
  const target = parseTarget(opts.to, opts.toFrom);
  const schema = opts.schema === undefined ? undefined : checkSchemaName(opts.schema);
  const db = openSource(opts.from);
  try {
    return await copyInto(db, target, schema, opts);
  } finally {
    db.close();
  }
}

async function copyInto(db: Database.Database, target: Target, schema: string | undefined, opts: MigrateStoreOptions): Promise<MigrateStoreResult> {
  const plan = tablePlan(db);
  const where = `${target.redacted}${schema ? ` (schema ${schema})` : ''}`;
  const pool = createPool(target.url, { ...(schema ? { schema } : {}), max: 1 });
  try {
    try {
      await pool.query('SELECT 1');
    } catch (err) {
      throw unreachable(target, err);
    }
    // Refused for what it holds before anything is written to it (not even a migration).
    await checkTargetVersion(pool, where);
    await checkTargetEmpty(pool, where);
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await migratePg(pool, opts.now);
    // One read transaction on the file: every table is read from the same snapshot.
    db.exec('BEGIN');
    try {
      const tables = await tx(pool, async (c) => {
        await lockTables(c, where, opts.lockWaitMs ?? 10_000);
        await checkTargetEmpty(c, where);
        const tables = await copyTables(db, c, plan, opts.now, opts.onTable ?? (() => {}));
        checkNotRunning(opts.from);
        return tables;
      });
      return { tables, target: where };
    } finally {
      db.exec('COMMIT');
    }
  } finally {
    await pool.end();
  }
}

/**
 * EXCLUSIVE lets others read but not write until the commit: a node started on the target
 * meanwhile, or a second migrate-store, waits and then sees the copied rows (and the second one
 * refuses), so the emptiness check holds for the whole copy. A node busy writing there already
 * makes the lock wait; after waitMs that is a refusal rather than an endless hang.
 */
async function lockTables(c: pg.PoolClient, where: string, waitMs: number): Promise<void> {
  await c.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(waitMs))}`);
  try {
    await c.query(`LOCK TABLE ${KNOWN_TABLES.join(', ')} IN EXCLUSIVE MODE`);
  } catch (err) {
    if ((err as { code?: unknown }).code !== '55P03') throw err;
    throw new MigrateRefusal(`${where} is in use (its tables stayed locked for ${waitMs / 1000} s): stop every voxcall on it, or name an empty database or schema`);
  }
  await c.query('SET LOCAL lock_timeout = 0');
}
