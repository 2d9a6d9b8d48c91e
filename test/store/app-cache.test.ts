// The app cache: hot-path reads come from memory, this repository's writes are seen at once, and
// a change made by another writer of the same database is seen once the TTL has passed.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { App } from '../../src/domain/app.js';
import Database from 'better-sqlite3';
import { ManualClock } from '../../src/lib/clock.js';
import { withAppCache } from '../../src/store/app-cache.js';
import { sqliteApps } from '../../src/store/sqlite/apps.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import type { AppRepo } from '../../src/store/types.js';
import { startTestPlatform } from '../helpers/platform.js';

const app: App = { appKey: 'k1', appSecret: 's1', spId: 'sp', name: 'a', status: 'active', capabilities: ['notify'], recordingEnabled: false, portQuota: 1, createdAt: 0 };

test('reads are served from memory; own writes are seen at once; copies are handed out', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'voxcall-appcache-'));
  try {
    const store = createSqliteStore(join(dir, 'a.db'));
    await store.apps.put(app);
    await store.apps.putNumber({ number: '+8675500000001', appKey: 'k1', status: 'active' });
    let reads = 0;
    const counting: AppRepo = { ...store.apps, get: async (k) => { reads++; return store.apps.get(k); } };
    const cached = withAppCache(counting);
    await cached.get('k1');
    await cached.get('k1');
    assert.equal(reads, 1, 'the second read came from memory');
    const got = (await cached.get('k1'))!;
    got.status = 'suspended';
    assert.equal((await cached.get('k1'))!.status, 'active', 'a caller changing its copy changes nothing');
    await cached.put({ ...app, status: 'suspended', appSecret: 's2' });
    assert.deepEqual([(await cached.get('k1'))!.status, (await cached.get('k1'))!.appSecret], ['suspended', 's2']);
    assert.equal((await cached.numbers('k1')).length, 1);
    await cached.removeNumber('k1', '+8675500000001');
    assert.equal((await cached.numbers('k1')).length, 0, 'a removed number is gone at once');
    await store.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a change made by another writer of the same database is seen after the TTL', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'voxcall-appcache-'));
  try {
    const a = createSqliteStore(join(dir, 'a.db'));
    const b = createSqliteStore(join(dir, 'a.db'));
    await a.apps.put(app);
    const raw = new Database(join(dir, 'a.db'));
    const clock = new ManualClock();
    const cached = withAppCache(sqliteApps(raw), 50, () => clock.now());
    assert.equal((await cached.get('k1'))!.status, 'active');
    await b.apps.put({ ...app, status: 'suspended' });
    await clock.advance(50);
    assert.equal((await cached.get('k1'))!.status, 'active', 'still within the TTL: served from memory');
    await clock.advance(1);
    assert.equal((await cached.get('k1'))!.status, 'suspended');
    raw.close();
    await a.close();
    await b.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a platform\'s app cache keeps time on the platform\'s wall clock', async () => {
  const wall = new ManualClock(Date.now());
  const t = await startTestPlatform({ wallClock: wall });
  const other = createSqliteStore(join(t.dataDir, 'voxcall.db'));
  try {
    const { appKey } = t.platform.demo;
    assert.equal((await t.platform.store.apps.get(appKey))!.status, 'active');
    const stored = (await other.apps.get(appKey))!;
    await other.apps.put({ ...stored, status: 'suspended' });
    await wall.advance(30_000);
    assert.equal((await t.platform.store.apps.get(appKey))!.status, 'active', 'within the 30 s bound: from memory');
    await wall.advance(1);
    assert.equal((await t.platform.store.apps.get(appKey))!.status, 'suspended', 'past it on the wall clock: read again');
  } finally {
    await other.close();
    await t.close();
  }
});
