// The PostgreSQL connection pool and the one transaction helper every repository uses.
//
// BIGINT columns hold milliseconds since the epoch and counts, all far below 2^53, so they are
// read as numbers (node-postgres reads int8 as a string by default). The parser is set on this
// pool only, never on the process-wide pg.types.

import pg from 'pg';

const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

export interface PgPoolOptions {
  /** The schema every connection uses (created if missing). Default: the server's search_path. */
  schema?: string;
  /** Connections kept at most. */
  max?: number;
  /** How long a query waits for a connection before failing (ms). */
  connectionTimeoutMs?: number;
}

/** The schema name is spliced into SQL (CREATE SCHEMA, search_path): only plain identifiers. */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`PostgreSQL schema "${schema}" must be a lower-case identifier (letters, digits, _)`);
  }
  return schema;
}

export function createPool(url: string, opts: PgPoolOptions = {}): pg.Pool {
  const schema = opts.schema === undefined ? undefined : checkSchemaName(opts.schema);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectionTimeoutMs ?? 5000,
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    application_name: 'voxcall',
    // A server whose host vanished (no FIN, no RST) is noticed by TCP keepalive rather than never.
    keepAlive: true,
  });
  // An idle connection the server closed (a restart, an admin's kill) emits 'error' on the pool;
  // unhandled, that would end the process. The next query opens a fresh connection.
  pool.on('error', () => {});
  return pool;
}

export type Queryable = pg.Pool | pg.PoolClient;

/**
 * Runs `work` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it
 * throws (the error is passed on). The connection goes back to the pool either way, or is
 * dropped when the rollback itself failed (a broken connection must not serve the next caller).
 */
export async function tx<R>(pool: pg.Pool, work: (c: pg.PoolClient) => Promise<R>): Promise<R> {
  const c = await pool.connect();
  let broken: Error | undefined;
  // A checked-out connection has no 'error' listener of the pool's: a server that goes away while
  // `work` runs code between two queries (a stop, a failover: FATAL 57P01) would emit 'error' on it
  // with no one listening, and end the process. Kept here instead: the next query fails, the
  // rollback fails too, and the connection is dropped rather than returned to the pool.
  const onError = (e: Error) => {
    broken ??= e;
  };
  c.on('error', onError);
  try {
    await c.query('BEGIN');
    const out = await work(c);
    await c.query('COMMIT');
    return out;
  } catch (err) {
    try {
      await c.query('ROLLBACK');
    } catch (e) {
      broken = e as Error;
    }
    throw err;
  } finally {
    c.removeListener('error', onError);
    c.release(broken);
  }
}
