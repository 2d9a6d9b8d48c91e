// Seeding on start is idempotent and never undoes what an operator changed since.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startTestPlatform } from '../helpers/platform.js';

test('a restart keeps a suspended demo app, its rotated secret and its numbers; an env secret applies', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'voxcall-seed-'));
  try {
    const first = await startTestPlatform({ dataDir });
    const { appKey } = first.platform.demo;
    const app = (await first.platform.store.apps.get(appKey))!;
    await first.platform.store.apps.put({ ...app, status: 'suspended', appSecret: 'rotated-by-operator' });
    await first.platform.store.apps.putNumber({ number: '+8675528000001', appKey, status: 'suspended' });
    await first.close();

    const second = await startTestPlatform({ dataDir });
    const kept = (await second.platform.store.apps.get(appKey))!;
    assert.equal(kept.status, 'suspended');
    assert.equal(kept.appSecret, 'rotated-by-operator');
    assert.equal(second.platform.demo.appSecret, 'rotated-by-operator', 'the banner shows the secret in force');
    assert.ok(!second.platform.demo.displayNumbers.includes('+8675528000001'), 'a suspended number is not offered');
    assert.equal((await second.platform.store.apps.numbers(appKey)).find((n) => n.number === '+8675528000001')?.status, 'suspended');
    await second.close();

    const third = await startTestPlatform({ dataDir, env: { VOXCALL_DEMO_APP_SECRET: 'from-the-environment' } });
    assert.equal((await third.platform.store.apps.get(appKey))!.appSecret, 'from-the-environment');
    await third.close();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
