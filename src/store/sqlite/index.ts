// The embedded store: one SQLite file in WAL mode behind the repository interface.

import Database from 'better-sqlite3';
import type { Clock } from '../../lib/clock.js';
import type { Store } from '../types.js';
import { sqliteApps } from './apps.js';
import { sqliteCalls } from './calls.js';
import { migrate } from './migrate.js';
import { sqliteOverview } from './overview.js';
import { sqliteLockouts } from './lockouts.js';
import { sqliteInboundRoutes } from './inbound-routes.js';
import { sqliteNodes } from './nodes.js';
import { sqliteNonces } from './nonces.js';
import { sqliteOutbox } from './outbox.js';
import { sqliteFeed } from './feed.js';
import { sqlitePushAdmin } from './push-admin.js';
import { sqliteEndpoints } from './endpoints.js';
import { groupCommit } from './group-commit.js';
import { sqlitePolicy } from './policy.js';
import { withAppCache } from '../app-cache.js';
import { withSubscriptionCache } from '../subscription-cache.js';
import { sqliteSubscriptions } from './subscriptions.js';
import { sqliteFlows } from './flows.js';
import { sqliteTasks } from './tasks.js';
import { sqlitePrivacy } from './privacy.js';

export interface SqliteStoreOptions {
  /** How long a writer waits for another process's lock before SQLITE_BUSY (ms). */
  busyTimeoutMs?: number;
  /**
   * The wall clock (the platform's, a ManualClock in tests): the app cache's freshness bound and
   * the migrations' applied-at. Default: the system's (the cache reads performance.now()).
   */
  clock?: Clock;
  /** The node this process is (docs/cluster.md): calls.create stamps the calls with it. Default: none (unowned calls). */
  nodeId?: string;
}

/** Opens (creating if needed) the database at `path` and applies pending migrations. */
export function createSqliteStore(path: string, opts: SqliteStoreOptions = {}): Store {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a power loss may drop the last commits but never corrupts the file; a
  // process crash loses nothing. The same trade graphile-worker's users make with synchronous_commit.
  db.pragma('synchronous = NORMAL');
  // A checkpoint runs inside the commit that crosses the threshold and fsyncs twice, stalling the
  // event loop; at the default 1,000 pages that was every ~100 calls. 10,000 pages (~40 MiB of WAL)
  // checkpoints a tenth as often and copies each hot page once per checkpoint rather than ten times
  // (measured: a call's store writes ~30 % faster, with or without the call policy).
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
  db.pragma('foreign_keys = ON');
  // 64 MiB of page cache (the default is 2 MiB): a million queued pushes' id index and due index
  // stay in memory, so claiming and completing at that backlog costs what it costs at ten
  // thousand. A bound, not a reservation: RSS grows only as pages are read.
  db.pragma('cache_size = -65536');
  const clock = opts.clock;
  migrate(db, clock ? clock.now() : Date.now());
  // Statement journals in memory: every job of a group commit (and every multi-row statement in
  // a transaction) is a savepoint, whose journal keeps the pages it changes; on a temporary file
  // past 64 KiB, that was more bytes written than the WAL itself (bench/outbox-cycle.ts: 16.7 KB
  // written per push, 12.3 KB with this and the claim in the group commit). Set after the
  // migrations, whose one-statement UPDATEs of a whole table would hold the table's pages in memory.
  db.pragma('temp_store = MEMORY');

  const group = groupCommit(db);
  const endpoints = sqliteEndpoints(db);
  const outbox = sqliteOutbox(db, endpoints.ensureSync, group);
  return {
    apps: clock ? withAppCache(sqliteApps(db), undefined, () => clock.now()) : withAppCache(sqliteApps(db)),
    nonces: sqliteNonces(db, group),
    calls: sqliteCalls(db, outbox.enqueueSync, group, opts.nodeId),
    nodes: sqliteNodes(db),
    outbox: outbox.repo,
    policy: sqlitePolicy(db),
    subscriptions: withSubscriptionCache(sqliteSubscriptions(db)),
    pushAdmin: sqlitePushAdmin(db),
    feed: sqliteFeed(db),
    endpoints: endpoints.repo,
    lockouts: sqliteLockouts(db),
    inboundRoutes: sqliteInboundRoutes(db),
    overview: sqliteOverview(db),
    flows: sqliteFlows(db),
    tasks: sqliteTasks(db, opts.nodeId, outbox.enqueueSync),
    privacy: sqlitePrivacy(db),
    async close() {
      if (db.open) {
        group.flush();
        db.close();
      }
    },
  };
}
