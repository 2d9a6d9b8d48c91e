// The store contract of releaseClaim (both backends): the dialler undoes the claim of a row whose
// own zone's window is closed, so no try is spent; only the claimed try of a dialling row is undone.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { TaskRepo } from '../../src/store/types.js';
import { storeBackends, type TempStore } from './backends.js';
import { HEADER, sampleTask, T0 } from './task-fixtures.js';

for (const b of storeBackends()) {
  describe(`tasks repo releaseClaim (${b.name})`, { skip: b.skip }, () => {
    let ts: TempStore;
    let repo: TaskRepo;
    beforeEach(async () => {
      ts = await b.open();
      repo = ts.store.tasks;
    });
    afterEach(() => ts.cleanup());

    test('a released row is pending again at its new time with its tries as before; a stale release changes nothing', async () => {
      await repo.create(sampleTask({ state: 'running' }));
      assert.ok((await repo.beginUpload('task1', 'u', HEADER, T0, 60_000)).ok);
      await repo.stageRows('task1', 'u', [{ callee: '+8613800000001', values: ['+8613800000001', 'a'] }], 3, T0, 60_000);
      await repo.finishUpload('task1', 'u', HEADER, T0);
      const [claimed] = await repo.claimDueRows('task1', T0 + 1, 1);
      assert.equal(claimed?.try, 1);
      assert.equal(await repo.releaseClaim('task1', 1, 2, T0 + 50, T0 + 2), false, 'not the claimed try');
      assert.equal(await repo.releaseClaim('task1', 1, 1, T0 + 3_600_000, T0 + 2), true);
      const row = await repo.row('task1', 1);
      assert.deepEqual([row?.state, row?.tries, row?.nextAt], ['pending', 0, T0 + 3_600_000]);
      assert.equal(await repo.releaseClaim('task1', 1, 1, T0 + 50, T0 + 3), false, 'no longer dialling');
      assert.deepEqual(await repo.claimDueRows('task1', T0 + 10, 1), [], 'not due before its new time');
      assert.deepEqual((await repo.claimDueRows('task1', T0 + 3_600_000, 1)).map((r) => r.try), [1], 'the same try again');
      assert.deepEqual(await repo.tries('task1', 1), []);
    });
  });
}
