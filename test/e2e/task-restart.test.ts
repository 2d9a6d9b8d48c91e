// A restart with a task row left dialling (the node died between the claim and the call's end):
// the new run records that try as result 28, retries it by the policy, and never dials the row
// again for the interrupted try.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startTestPlatform } from '../helpers/platform.js';
import { ADMIN, HEADER, putTask, storeFlow, taskOf, watchCalls } from './task-dial-helpers.js';

const dataDir = await mkdtemp(join(tmpdir(), 'voxcall-task-restart-'));
after(() => rm(dataDir, { recursive: true, force: true }));
const env = { VOXCALL_ADMIN_TOKEN: ADMIN, VOXCALL_NODE_ID: 'node-a' };
const row = (c: string) => ({ callee: c, values: [c, '3', 'gate', 'Li'] });

test('a row left dialling by a crash counts as a try with result 28, is retried, and is not dialled twice for that try', async () => {
  const first = await startTestPlatform({ dataDir, env });
  await storeFlow(first.platform);
  await putTask(first.platform, taskOf(first.platform, { state: 'running' }), HEADER, [row('+8613800100001'), row('+8613800100002')]);
  // The crash: row 1 claimed for its first try (durably), its call never stored; the clock never moved, so nothing was dialled.
  const claimed = await first.platform.store.tasks.claimDueRows('task-e2e', first.clock.now(), 1);
  assert.deepEqual(claimed.map((r) => [r.rowIndex, r.try]), [[1, 1]]);
  await first.close();

  const second = await startTestPlatform({ dataDir, env });
  try {
    const p = second.platform;
    const watch = watchCalls(p, () => second.clock.now());
    assert.deepEqual((await p.store.tasks.tries('task-e2e', 1)).map((x) => [x.try, x.result]), [[1, '28']]);
    const r1 = await p.store.tasks.row('task-e2e', 1);
    assert.deepEqual([r1?.state, r1?.tries, r1?.lastResult], ['pending', 1, '28']);
    for (let i = 0; i < 20 && (await p.store.tasks.get('task-e2e'))?.state !== 'completed'; i++) await second.run(60_000);
    assert.equal((await p.store.tasks.get('task-e2e'))?.state, 'completed');
    assert.deepEqual((await p.store.tasks.tries('task-e2e', 1)).map((x) => [x.try, x.result]), [[1, '28'], [2, '0']]);
    assert.deepEqual((await p.store.tasks.tries('task-e2e', 2)).map((x) => [x.try, x.result]), [[1, '0']]);
    const tries = watch.started.map((s) => (s.call.plan.kind === 'flow' ? [s.call.plan.task?.rowIndex, s.call.plan.task?.try] : []));
    assert.deepEqual(tries.sort(), [[1, 2], [2, 1]], 'row 1 dialled for its second try only');
    // The retry the recovery set (not one this run scheduled) is dialled when it falls due, not at a later scan.
    const retry = watch.started.find((s) => s.call.plan.kind === 'flow' && s.call.plan.task?.rowIndex === 1);
    assert.equal(retry?.at, r1?.nextAt);
  } finally {
    await second.close();
  }
});
