// The benchmark is a benchmark, not a timed test: the suite only checks that it runs to the end
// and writes every figure (with BENCH_QUICK sizes). Speed is never asserted here.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

test('npm run bench runs and writes its results', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'voxcall-bench-test-'));
  try {
    const out = join(dir, 'latest.json');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts'], {
      env: { ...process.env, BENCH_QUICK: '1', BENCH_OUT: out },
      encoding: 'utf8',
      timeout: 240_000,
    });
    assert.equal(run.status, 0, run.stderr + run.stdout);
    const results = JSON.parse(await readFile(out, 'utf8'));
    for (const path of ['limit.perSecond', 'push.perSecond', 'push.ratioToLimit', 'api.ratioToTrivial', 'apiWithPolicies.ratioToNoPolicy', 'latency.p99', 'drain.spread', 'tasks.cps.1.perSecond', 'tasks.cps.1.ratioToCps', 'tasks.perRow.ratioLargeToSmall']) {
      const value = path.split('.').reduce((o, k) => o?.[k], results);
      assert.equal(typeof value, 'number', `${path} is a number`);
      assert.ok(Number.isFinite(value), `${path} is finite`);
    }
    assert.equal(results.latency.accepted, results.latency.calls, 'every call of the latency run was accepted');
    assert.equal(results.latency.measured, results.latency.accepted, 'every accepted call got its push');
    // Every request of the policy run was accepted: the policies were on, and refused nothing.
    assert.deepEqual(Object.keys(results.apiWithPolicies.callnotify.statuses), ['0']);
    // Every row of the task runs was dialled, none refused by the policy.
    for (const r of results.tasks.cps) assert.deepEqual([r.dialled, r.refused], [r.rows, 0], `task at ${r.cps}/s`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
