// The app cache: hot-path reads come from memory, this repository's writes are seen at once, and
// a change made by another writer of the same database is seen once the TTL has passed.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it, test } from 'node:test';
import type { App } from '../../src/domain/app.js';
import { ManualClock } from '../../src/lib/clock.js';
import { withAppCache } from '../../src/store/app-cache.js';
import { toApp, type AppRow } from '../../src/store/sql/app-rows.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import type { AppRepo } from '../../src/store/types.js';
import { startTestPlatform } from '../helpers/platform.js';
import { storeBackends, type TempStore } from './backends.js';

const app: App = { appKey: 'k1', appSecret: 's1', spId: 'sp', name: 'a', status: 'active', capabilities: ['notify'], recordingEnabled: false, portQuota: 1, createdAt: 0 };

for (const b of storeBackends()) describe(`app cache (${b.name})`, { skip: b.skip }, () => {
  let t: TempStore;
  beforeEach(async () => { t = await b.open(); });
  afterEach(() => t.cleanup());

  it('reads are served from memory; own writes are seen at once; copies are handed out', async () => {
    const store = t.store;
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
  });

  it('a change made by another node of the same database is seen after the TTL', async () => {
    const b2 = await t.another();
    await t.store.apps.put(app);
    // An uncached reader of the shared data under the cache being tested (the stores' own repos
    // have their caches already).
    const uncached: AppRepo = {
      ...t.store.apps,
      get: async (k) => {
        const [row] = await t.sql<AppRow>('SELECT * FROM apps WHERE app_key = ?', k);
        return row && toApp(row);
      },
    };
    const clock = new ManualClock();
    const cached = withAppCache(uncached, 50, () => clock.now());
    assert.equal((await cached.get('k1'))!.status, 'active');
    await b2.apps.put({ ...app, status: 'suspended' });
    await clock.advance(50);
    assert.equal((await cached.get('k1'))!.status, 'active', 'still within the TTL: served from memory');
    await clock.advance(1);
    assert.equal((await cached.get('k1'))!.status, 'suspended');
  });
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
