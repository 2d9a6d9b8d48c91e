// The dialler at scale, end to end on the simulated network and a manual clock: a 1,000-row task
// through the docs' two-level DTMF flow with a mixed callee population, in America/New_York with a
// quarter of its rows in Asia/Shanghai (a `tz` column), its windows closing and reopening across
// local and UTC day boundaries. Every row ends with its task_result, its tries follow the retry
// policy, nothing is dialled outside its window (by the dial times the network saw), the robot
// receiver gets a basic and a task record per task call, and one basic record for a call of no task.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request as send } from 'undici';
import { SimulatedNetwork, type TraceEntry } from '../../src/network/simulated/index.js';
import type { NewTaskRow } from '../../src/store/types.js';
import { usePlatform } from '../helpers/platform.js';
import { ADMIN, calleeGroups, HEADER, putTask, storeFlow, taskOf } from './task-dial-helpers.js';

// Retried groups take the task's every try (3).
const GROUPS = calleeGroups(3);
const rules = [
  ...GROUPS.map((g) => ({ prefix: g.prefix, ...g.rule })),
  { number: '+8613900000001', outcome: 'answer' as const, answerAfter: 2, talk: 20 },
];
let network: SimulatedNetwork | undefined;
const ctx = usePlatform({
  env: { VOXCALL_ADMIN_TOKEN: ADMIN },
  network: (clock) => (network = new SimulatedNetwork({ clock, rules: rules as never, trace: true })),
});

const ROWS = 1000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SH = 'Asia/Shanghai';
const callee = (i: number) => `${GROUPS[i % GROUPS.length]!.prefix}${String(i).padStart(5, '0')}`;

// Local windows, read in each row's zone. The test starts on Monday 2026-11-23 02:00 UTC: Sunday
// 21:00 in New York (UTC-5), Monday 10:00 in Shanghai (UTC+8). New York's second window runs past
// its local midnight (Sunday into Monday).
const WINDOWS = [
  { day: 7, from: '21:00', to: '21:10' },
  { day: 7, from: '23:30', to: '01:00' },
  { day: 1, from: '10:00', to: '10:10' },
  { day: 1, from: '12:00', to: '13:00' },
];
// The same windows as UTC intervals, worked out by hand (no code shared with the dialler).
const at = (d: number, h: number, m = 0) => Date.UTC(2026, 10, d, h, m);
const OPEN: Record<string, Array<[number, number]>> = {
  // Sunday 21:00-21:10 and 23:30-01:00 (Monday UTC), then Monday 10:00-10:10 and 12:00-13:00.
  'America/New_York': [[at(23, 2), at(23, 2, 10)], [at(23, 4, 30), at(23, 6)], [at(23, 15), at(23, 15, 10)], [at(23, 17), at(23, 18)]],
  // Monday 10:00-10:10 and 12:00-13:00; its Sunday windows were over before the test began.
  [SH]: [[at(23, 2), at(23, 2, 10)], [at(23, 4), at(23, 5)]],
};

test('1,000 rows: every row ends with its task_result, tries by the retry policy, windows held across zones and days, two robot records per task call', async () => {
  const wallStart = Date.now();
  const cpuStart = process.cpuUsage();
  const { t, rx } = ctx;
  const p = t.platform;
  rx.respond((req) => (req.path === '/robot' ? { status: 200, body: 'success' } : { status: 200, body: '{"resultcode":"0"}' }));
  assert.equal((await api(p, 'POST', `/apps/${p.demo.appKey}/subscriptions`, { url: `${rx.url}/robot`, format: 'robot', receives: 'records' })).status, 201);
  assert.equal((await api(p, 'PATCH', `/apps/${p.demo.appKey}`, { portQuota: 1000 })).status, 200);
  await storeFlow(p);

  const zoneOf = (i: number) => (i % 4 === 3 ? SH : 'America/New_York');
  const rows: NewTaskRow[] = Array.from({ length: ROWS }, (_, i) => {
    const c = callee(i);
    return i % 4 === 3 ? { callee: c, timeZone: SH, values: [c, '3', 'gate', 'Li', SH] } : { callee: c, values: [c, '3', 'gate', 'Li', ''] };
  });
  const task = taskOf(p, {
    taskId: 'task-1000', state: 'running', timeZone: 'America/New_York', windows: WINDOWS, concurrency: 25, cps: 20,
    retry: { maxTries: 3, intervalSeconds: 60, retryOn: ['-1', '2', '3', '4', '5', '20', '22', '26', '28'] },
  });
  await putTask(p, task, [...HEADER, 'tz'], rows);
  const begin = t.clock.now();
  assert.equal(begin, at(23, 2));

  for (let i = 0; i < 40 && (await p.store.tasks.get('task-1000'))?.state !== 'completed'; i++) await t.run(HOUR / 2);
  assert.equal((await p.store.tasks.get('task-1000'))?.state, 'completed');

  // What the network saw: every A-leg dial, by row (the callee is the row's own).
  const dials = network!.trace.filter((e) => e.action === 'dial' && e.leg === 'A');
  const rowOfNumber = new Map(rows.map((r, i) => [r.callee, i + 1]));
  const dialsOf = new Map<number, TraceEntry[]>();
  for (const d of dials) {
    const ix = rowOfNumber.get(d.number);
    if (ix !== undefined) dialsOf.set(ix, [...(dialsOf.get(ix) ?? []), d]);
  }

  const stored = await p.store.tasks.rows('task-1000', 0, ROWS + 1);
  assert.equal(stored.length, ROWS);
  const usedIntervals = new Map<string, Set<number>>();
  for (const r of stored) {
    const i = r.rowIndex - 1;
    const g = GROUPS[i % GROUPS.length]!;
    assert.deepEqual([r.state, r.lastResult, r.tries], ['done', g.result, g.tries], `row ${r.rowIndex} ${r.callee}`);
    if ('tag' in g) assert.equal(r.lastTag, g.tag, `row ${r.rowIndex}`);
    const tries = await p.store.tasks.tries('task-1000', r.rowIndex);
    assert.deepEqual(tries.map((x) => [x.try, x.result]), Array.from({ length: g.tries }, (_, k) => [k + 1, g.result]), `row ${r.rowIndex}`);
    const seen = dialsOf.get(r.rowIndex) ?? [];
    assert.equal(seen.length, g.tries, `row ${r.rowIndex}: one dial per try`);
    assert.deepEqual(seen.map((d) => d.sessionId).at(-1), r.lastSessionId, `row ${r.rowIndex}: the last try's call`);
    for (let k = 1; k < seen.length; k++) assert.ok(seen[k]!.at >= tries[k - 1]!.at + 60_000, `row ${r.rowIndex} try ${k + 1} dialled before the interval`);
    const zone = zoneOf(i);
    for (const d of seen) {
      const w = OPEN[zone]!.findIndex(([from, to]) => d.at >= from && d.at < to);
      assert.ok(w >= 0, `row ${r.rowIndex} (${zone}) dialled outside its windows at ${new Date(d.at).toISOString()}`);
      usedIntervals.set(zone, (usedIntervals.get(zone) ?? new Set()).add(w));
    }
  }
  // The windows closed with rows left: each zone's rows were dialled in more than one window,
  // New York's on both sides of the UTC day boundary.
  assert.ok((usedIntervals.get(SH)?.size ?? 0) >= 2, `Shanghai windows used: ${[...(usedIntervals.get(SH) ?? [])]}`);
  assert.ok((usedIntervals.get('America/New_York')?.size ?? 0) >= 2, `New York windows used: ${[...(usedIntervals.get('America/New_York') ?? [])]}`);
  const calls = dials.filter((d) => rowOfNumber.has(d.number));
  assert.equal(calls.length, GROUPS.reduce((n, g, k) => n + g.tries * Math.ceil((ROWS - k) / GROUPS.length), 0));

  // Two robot records per task call, and one for a call of no task.
  const single = await api(p, 'POST', `/apps/${p.demo.appKey}/calls`, { kind: 'flow', flow: 'parcel', callee: '+8613800199999', variables: { count: '3', place: 'gate', name: 'Li' } });
  assert.equal(single.status, 201, JSON.stringify(single.body));
  await t.run(10 * MINUTE);
  const robot = () => rx.received.filter((r) => r.path === '/robot').map((r) => r.body as Record<string, unknown>);
  await rx.until(() => robot().length >= calls.length * 2 + 1, 30_000);
  const bySession = new Map<string, Array<Record<string, unknown>>>();
  for (const b of robot()) bySession.set(String(b.call_uuid), [...(bySession.get(String(b.call_uuid)) ?? []), b]);
  for (const d of calls) {
    const mine = bySession.get(d.sessionId) ?? [];
    assert.equal(mine.length, 2, d.sessionId);
    const rec = mine.find((b) => b.task_row_index !== undefined);
    assert.ok(rec && mine.some((b) => b.task_row_index === undefined), `${d.sessionId}: a basic and a task record`);
    const ix = rowOfNumber.get(d.number)!;
    const k = dialsOf.get(ix)!.indexOf(d);
    assert.deepEqual([rec.task_id, rec.task_row_index, rec.task_tries, rec.task_result], ['task-1000', ix, k, GROUPS[(ix - 1) % GROUPS.length]!.result], d.sessionId);
  }
  const once = bySession.get(single.body.sessionId) ?? [];
  assert.equal(once.length, 1);
  assert.equal(once[0]!.task_row_index, undefined);
  assert.equal(bySession.size, calls.length + 1, 'no record of any other call');
  const cpu = process.cpuUsage(cpuStart);
  const used = (zone: string) => [...(usedIntervals.get(zone) ?? [])].join(' ');
  console.log(`# 1,000-row task: ${calls.length} task calls over ${((t.clock.now() - begin) / HOUR).toFixed(1)} simulated hours, ${robot().length} robot records; ${Date.now() - wallStart} ms, CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms; windows used: New York ${used('America/New_York')}, Shanghai ${used(SH)}`);
});

async function api(p: { url: string }, method: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await send(`${p.url}/v1${path}`, {
    method: method as 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? JSON.parse(text) : undefined };
}
