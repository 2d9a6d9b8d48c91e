// `voxcall migrate-store`: moves a SQLite data directory's database into an empty PostgreSQL
// database. The checks come first (checks.ts), then the target is migrated to this version's
// schema, then every table is copied (plan.ts, copy.ts) in ONE transaction: a copy that fails
// half-way leaves the target as empty as it was. The files (recordings, media) stay where they are.

import type Database from 'better-sqlite3';
import { checkSchemaName, createPool, tx } from '../postgres/pool.js';
import { migratePg } from '../postgres/migrate.js';
import { checkTargetEmpty, checkTargetVersion, openSource, parseTarget, unreachable, type Target } from './checks.js';
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
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await checkTargetVersion(pool, where);
    await migratePg(pool, opts.now);
    // One read transaction on the file: every table is read from the same snapshot.
    db.exec('BEGIN');
    try {
      const tables = await tx(pool, async (c) => {
        // EXCLUSIVE lets others read but not write until the commit: a node started on the target
        // meanwhile, or a second migrate-store, waits and then sees the copied rows (and the second
        // one refuses), so the emptiness check below holds for the whole copy.
        await c.query(`LOCK TABLE ${KNOWN_TABLES.join(', ')} IN EXCLUSIVE MODE`);
        await checkTargetEmpty(c, where);
        return copyTables(db, c, plan, opts.now, opts.onTable ?? (() => {}));
      });
      return { tables, target: where };
    } finally {
      db.exec('COMMIT');
    }
  } finally {
    await pool.end();
  }
}
