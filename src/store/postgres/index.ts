// The shared store: PostgreSQL behind the repository interface, for any number of voxcall
// processes on one database (VOXCALL_DATABASE_URL). Every operation that must be atomic is one
// transaction on one pooled connection (pool.ts); migrations are PostgreSQL's own (./migrations,
// numbered like SQLite's).

import type { Clock } from '../../lib/clock.js';
import { withAppCache } from '../app-cache.js';
import { withSubscriptionCache } from '../subscription-cache.js';
import type { Store } from '../types.js';
import { migratePg } from './migrate.js';
import { pgNodes } from './nodes.js';
import { checkSchemaName, createPool } from './pool.js';

export interface PostgresStoreOptions {
  /** The schema voxcall's tables live in (created if missing). Default: the server's search_path. */
  schema?: string;
  /** Pooled connections at most (default 10). */
  poolMax?: number;
  /** The wall clock: the app cache's freshness bound and the migrations' applied-at. */
  clock?: Clock;
  /** The node this process is (docs/cluster.md): calls.create stamps the calls with it. Default: none (unowned calls). */
  nodeId?: string;
}

function notYet<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_t, prop) => () => Promise.reject(new Error(`${name}.${String(prop)} is not on PostgreSQL yet`)),
  });
}

/** Connects, creates the schema if asked for one, applies pending migrations. */
export async function createPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<Store> {
  if (opts.schema !== undefined) {
    const admin = createPool(url, { max: 1 });
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${checkSchemaName(opts.schema)}`);
    } finally {
      await admin.end();
    }
  }
  const pool = createPool(url, { schema: opts.schema, max: opts.poolMax });
  const clock = opts.clock;
  try {
    await migratePg(pool, clock ? clock.now() : Date.now());
  } catch (err) {
    await pool.end();
    throw err;
  }
  let closed = false;
  return {
    apps: clock ? withAppCache(notYet('apps'), undefined, () => clock.now()) : withAppCache(notYet('apps')),
    nonces: notYet('nonces'),
    calls: notYet('calls'),
    nodes: pgNodes(pool),
    outbox: notYet('outbox'),
    policy: notYet('policy'),
    subscriptions: withSubscriptionCache(notYet('subscriptions')),
    pushAdmin: notYet('pushAdmin'),
    feed: notYet('feed'),
    endpoints: notYet('endpoints'),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
