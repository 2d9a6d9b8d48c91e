// 9. The task dialler (docs/tasks.md "Measured"): (a) the dials per second a task sustains at its
// configured calls per second, in real time on the system clock, against that CPS (the target);
// (b) the scheduler's cost per claimed row with a task of 10k and of 100k rows, on a manual clock
// (as fast as the CPU goes), the larger against the smaller (flat: a ratio near 1). Platforms run
// in this process on their own data directory; callees are vacant at once (failAfter 0), so a
// row costs its claim, admission, call and try record rather than simulated talk.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { ManualClock, systemClock } from '../src/lib/clock.js';
import { DEMO_NUMBERS } from '../src/platform/seed.js';
import { openStore } from '../src/store/open.js';
import { startPlatform, type Platform } from '../src/platform/platform.js';
import type { Task } from '../src/domain/task.js';

const ROW_BATCH = 1000;
const FLOW = { start: 'bye', nodes: [{ id: 'bye', type: 'hangup' }] };

interface Opened { platform: Platform; dir: string }

const APP_KEY = 'benchtaskapp';

function configOf(dir: string) {
  return loadConfig({ VOXCALL_DATA_DIR: dir, VOXCALL_PORT: '0', VOXCALL_HOST: '127.0.0.1', VOXCALL_LOG_LEVEL: 'error', VOXCALL_DEMO_APP_KEY: APP_KEY });
}

/**
 * A platform on a fresh data directory holding one running task of `rows` rows. The task is
 * written to the store before the platform starts: its dialler finds it at once (the first scan)
 * rather than at the next scan period. The demo app is seeded by that start (tasks and flows name
 * their app by key only); its port quota never binds, as the calls end at once.
 */
async function withTask(rows: number, cps: number, clock?: ManualClock): Promise<Opened> {
  const dir = await mkdtemp(join(tmpdir(), 'voxcall-bench-task-'));
  const config = configOf(dir);
  const store = await openStore(config, clock ?? systemClock);
  const now = clock?.now() ?? Date.now();
  await store.flows.create({ id: 'bench', appKey: APP_KEY, name: 'bench', definition: FLOW as never, createdAt: now });
  const task: Task = {
    taskId: 'bench-task', appKey: APP_KEY, name: 'bench', flowId: 'bench', flowVersion: 1, displayNumbers: DEMO_NUMBERS.slice(0, 1),
    timeZone: 'Asia/Shanghai', windows: [], forbiddenDates: [], concurrency: 1000, cps, retry: { maxTries: 1, intervalSeconds: 60, retryOn: [] },
    state: 'running', rowCount: 0, createdAt: now, updatedAt: now,
  };
  await store.tasks.create(task);
  const header = ['callee'];
  await store.tasks.beginUpload(task.taskId, 'bench', header, now, 600_000);
  for (let from = 0; from < rows; from += ROW_BATCH) {
    const batch = Array.from({ length: Math.min(ROW_BATCH, rows - from) }, (_, i) => {
      const callee = `+86137${String(from + i).padStart(8, '0')}`;
      return { callee, values: [callee] };
    });
    await store.tasks.stageRows(task.taskId, 'bench', batch, 1, now, 600_000);
  }
  await store.tasks.finishUpload(task.taskId, 'bench', header, now);
  await store.close();
  const platform = await startPlatform({ config, logger: pino({ level: 'silent' }), rules: [{ prefix: '+86137', outcome: 'vacant', failAfter: 0 }], ...(clock ? { clock } : {}) });
  return { platform, dir };
}

async function close(o: Opened): Promise<void> {
  await o.platform.close();
  await rm(o.dir, { recursive: true, force: true });
}

/** Starts of the task's calls, by the engine's clock. */
function countStarts(p: Platform, now: () => number): number[] {
  const at: number[] = [];
  p.engine.on('started', (call) => {
    if (call.plan.kind === 'flow' && call.plan.task) at.push(now());
  });
  return at;
}

/** (a) `rows` rows at `cps`, real time: the rate from the first start to the last. */
async function sustained(cps: number, rows: number): Promise<Record<string, number>> {
  const o = await withTask(rows, cps);
  try {
    const starts = countStarts(o.platform, () => performance.now());
    const c0 = process.cpuUsage();
    const deadline = performance.now() + (rows / cps) * 3000 + 10_000;
    while (starts.length < rows && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const cpu = process.cpuUsage(c0);
    const span = (starts.at(-1)! - starts[0]!) / 1000;
    const perSecond = (starts.length - 1) / span;
    const refused = (await o.platform.store.tasks.counters('bench-task')).byResult['27'] ?? 0;
    return { cps, rows, dialled: starts.length, refused, seconds: span, perSecond, ratioToCps: perSecond / cps, cpuUsPerDial: (cpu.user + cpu.system) / starts.length };
  } finally {
    await close(o);
  }
}

/** (b) A task of `rows` rows on a manual clock: wall and CPU time per claimed row over `sample` rows, after `warm`. */
async function perRow(rows: number, sample: number, warm: number): Promise<Record<string, number>> {
  const clock = new ManualClock(Date.UTC(2026, 10, 23, 2));
  const o = await withTask(rows, 200, clock);
  const p = o.platform;
  clock.whenIdle(() => p.settled());
  try {
    const starts = countStarts(p, () => clock.now());
    while (starts.length < warm) await clock.advance(1000);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const from = starts.length;
    while (starts.length < from + sample) await clock.advance(1000);
    const cpu = process.cpuUsage(c0);
    const claimed = starts.length - from;
    return { rows, claimed, usPerRow: ((performance.now() - t0) * 1000) / claimed, cpuUsPerRow: (cpu.user + cpu.system) / claimed };
  } finally {
    await close(o);
  }
}

export async function taskDiallerBench(opts: { quick: boolean; log: (s: string) => void }): Promise<Record<string, unknown>> {
  const { quick, log } = opts;
  const seconds = quick ? 1 : 5;
  const cpsRuns: Array<Record<string, number>> = [];
  for (const cps of [50, 200]) {
    const r = await sustained(cps, cps * seconds);
    cpsRuns.push(r);
    log(`9 task at ${cps} calls/s: ${r.perSecond!.toFixed(1)} dials/s sustained over ${r.dialled} rows (${r.seconds!.toFixed(2)} s) = ${r.ratioToCps!.toFixed(2)} of its CPS (target >= 0.95), ${r.cpuUsPerDial!.toFixed(0)} us of CPU per dial, ${r.refused} refused`);
  }
  const [small, large] = quick ? [500, 2_000] : [10_000, 100_000];
  const sample = quick ? 100 : 2_000;
  const costs = [await perRow(small, sample, sample / 4), await perRow(large, sample, sample / 4)];
  const ratio = costs[1]!.cpuUsPerRow! / costs[0]!.cpuUsPerRow!;
  for (const c of costs) log(`9 scheduler with ${c.rows} rows: ${c.usPerRow!.toFixed(0)} us and ${c.cpuUsPerRow!.toFixed(0)} us of CPU per claimed row (over ${c.claimed} rows, manual clock)`);
  log(`  per-row CPU at ${large} rows = ${ratio.toFixed(2)} of that at ${small} (target <= 1.20: flat)`);
  return { cps: cpsRuns, perRow: { runs: costs, ratioLargeToSmall: ratio } };
}
