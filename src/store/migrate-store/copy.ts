// The copier: streams each table of the plan out of the SQLite file and into PostgreSQL with
// multi-row INSERTs, inside the caller's transaction. Memory stays flat whatever the database's
// size: rows are pulled one at a time (better-sqlite3's iterate) and sent a batch at a time.

import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { TablePlan } from './plan.js';

/** Rows per INSERT: few round trips, and well below PostgreSQL's 65,535 parameters per statement. */
const BATCH_ROWS = 1000;
const MAX_PARAMS = 65_535;

export interface TableCopied {
  table: string;
  rows: number;
  /** Rows left behind on purpose (expired nonces). */
  skipped: number;
  skipReason?: string;
}

/**
 * Copies every table of the plan, in order, on `c` (a connection inside a transaction). `now`
 * decides which rows a table's skip rule leaves behind. `onTable` hears of each table once copied.
 */
export async function copyTables(
  db: Database.Database, c: pg.PoolClient, plan: TablePlan[], now: number, onTable: (t: TableCopied) => void,
): Promise<TableCopied[]> {
  const done: TableCopied[] = [];
  for (const t of plan) {
    let copied: TableCopied;
    try {
      copied = await copyTable(db, c, t, now);
      if (t.name === 'feed') await continueFeed(db, c);
    } catch (err) {
      const e = err as { message?: unknown; detail?: unknown };
      const detail = typeof e.detail === 'string' ? ` (${e.detail})` : '';
      throw new Error(`copying ${t.name} failed: ${typeof e.message === 'string' ? e.message : String(err)}${detail}`, { cause: err });
    }
    done.push(copied);
    onTable(copied);
  }
  return done;
}

async function copyTable(db: Database.Database, c: pg.PoolClient, t: TablePlan, now: number): Promise<TableCopied> {
  const where = t.skip ? ` WHERE ${t.skip.where}` : '';
  const params = t.skip ? [now] : [];
  const read = db.prepare(`SELECT ${t.columns.map(quote).join(', ')} FROM ${quote(t.name)}${where} ORDER BY ${t.orderBy}`).raw();
  // The feed's cursor on PostgreSQL is pos (migration 006): a copied row keeps its SQLite id as
  // both id and pos, so a pull API cursor taken before the move still points at the same entry.
  const feedId = t.name === 'feed' ? t.columns.indexOf('id') : -1;
  const columns = feedId >= 0 ? [...t.columns, 'pos'] : t.columns;
  const perBatch = Math.min(BATCH_ROWS, Math.floor(MAX_PARAMS / columns.length));

  let rows = 0;
  let batch: unknown[] = [];
  let inBatch = 0;
  const flush = async () => {
    if (inBatch === 0) return;
    await c.query(insertText(t.name, columns, inBatch), batch);
    rows += inBatch;
    batch = [];
    inBatch = 0;
  };
  for (const row of read.iterate(...params) as Iterable<unknown[]>) {
    for (const v of row) batch.push(v);
    if (feedId >= 0) batch.push(row[feedId]);
    if (++inBatch === perBatch) await flush();
  }
  await flush();

  const skipped = t.skip
    ? (db.prepare(`SELECT count(*) FROM ${quote(t.name)} WHERE NOT (${t.skip.where})`).pluck().get(...params) as number)
    : 0;
  return { table: t.name, rows, skipped, ...(t.skip && skipped > 0 ? { skipReason: t.skip.why } : {}) };
}

const texts = new Map<string, string>();

function insertText(table: string, columns: string[], rows: number): string {
  const key = `${table}:${rows}`;
  let text = texts.get(key);
  if (text === undefined) {
    const tuples: string[] = [];
    for (let r = 0; r < rows; r++) {
      const base = r * columns.length;
      tuples.push(`(${columns.map((_c, i) => `$${base + i + 1}`).join(', ')})`);
    }
    text = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${tuples.join(', ')}`;
    // Two shapes per table (a full batch and the last one): keep only those of the current run.
    if (texts.size > 64) texts.clear();
    texts.set(key, text);
  }
  return text;
}

/**
 * Sets the feed's two sequences past every id SQLite ever gave (sqlite_sequence keeps the
 * highest even when the newest rows were pruned since), so a row written after the move numbers
 * after every copied one and an application's pull cursor never skips it.
 */
async function continueFeed(db: Database.Database, c: pg.PoolClient): Promise<void> {
  const maxId = (db.prepare('SELECT coalesce(max(id), 0) FROM feed').pluck().get() as number);
  const given = (db.prepare("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'feed'").pluck().get() as number);
  const last = Math.max(maxId, given);
  // setval(…, 0) is out of a sequence's range: with no feed ever written, nextval starts at 1 anyway.
  if (last === 0) return;
  // setval is not undone by a rollback: a copy that fails after this leaves the sequences ahead,
  // which only skips numbers (a retry sets the same values). No node takes a number meanwhile:
  // inserting or numbering feed rows waits for the copy's EXCLUSIVE lock on the table (index.ts).
  await c.query("SELECT setval('feed_id_seq', $1), setval('feed_pos', $1)", [last]);
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;
