// The shared store: PostgreSQL behind the repository interface, for any number of voxcall
// processes on one database (VOXCALL_DATABASE_URL). Every operation that must be atomic is one
// transaction on one pooled connection (pool.ts); migrations are PostgreSQL's own (./migrations,
// numbered like SQLite's).

import type { Clock } from '../../lib/clock.js';
import { withAppCache } from '../app-cache.js';
import { withSubscriptionCache } from '../subscription-cache.js';
import type { Store } from '../types.js';
import { pgApps } from './apps.js';
import { pgCalls } from './calls.js';
import { fillEndpointOrigins, pgEndpoints } from './endpoints.js';
import { pgFeed } from './feed.js';
import { pgOverview } from './overview.js';
import { pgLockouts } from './lockouts.js';
import { pgInboundRoutes } from './inbound-routes.js';
import { migratePg } from './migrate.js';
import { pgNonces } from './nonces.js';
import { pgOutbox } from './outbox.js';
import { pgPolicy } from './policy.js';
import { pgNodes } from './nodes.js';
import { checkSchemaName, createPool } from './pool.js';
import { pgPushAdmin } from './push-admin.js';
import { pgSubscriptions } from './subscriptions.js';
import { pgTasks } from './tasks.js';
import { pgPrivacy } from './privacy.js';
import { notifyingApps, notifyingPolicy, notifyingSubscriptions } from './notifying.js';
import { startSignals } from './signals.js';
import { pgFlows } from './flows.js';

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
    await fillEndpointOrigins(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  let signals;
  try {
    signals = await startSignals(url, opts.schema);
  } catch (err) {
    await pool.end();
    throw err;
  }
  const changed = signals.changed;
  const now = clock ? () => clock.now() : undefined;
  // Writes announce themselves after commit (notifying.ts); other nodes' announcements empty the caches.
  const apps = withAppCache(notifyingApps(pgApps(pool), changed), undefined, now);
  const subscriptions = withSubscriptionCache(notifyingSubscriptions(pgSubscriptions(pool), changed));
  signals.onChanged((topic, key) => {
    if (topic === 'apps') apps.invalidate(key);
    else if (topic === 'subscriptions') subscriptions.invalidate(key);
  });
  let closed = false;
  return {
    apps,
    nonces: pgNonces(pool),
    calls: pgCalls(pool, opts.nodeId),
    nodes: pgNodes(pool),
    outbox: pgOutbox(pool),
    policy: notifyingPolicy(pgPolicy(pool), changed),
    subscriptions,
    pushAdmin: pgPushAdmin(pool),
    feed: pgFeed(pool),
    endpoints: pgEndpoints(pool),
    lockouts: pgLockouts(pool),
    inboundRoutes: pgInboundRoutes(pool),
    overview: pgOverview(pool),
    flows: pgFlows(pool),
    tasks: pgTasks(pool, opts.nodeId),
    privacy: pgPrivacy(pool),
    watch: signals,
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await signals.close();
      await pool.end();
    },
  };
}
