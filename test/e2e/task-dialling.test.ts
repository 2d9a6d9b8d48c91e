// The dialler end to end on the simulated network and a manual clock: a 60-row task with a mixed
// callee population through the docs' two-level DTMF flow (every row's final task_result, tries by
// the retry policy, concurrency and calls per second held, a basic and a task robot record per
// call), a row the policy refuses (27 with its reason), windows per row time zone across a day
// boundary, and a task the window pauses and reopens (with its task-status pushes).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request as send } from 'undici';
import type { NewTaskRow } from '../../src/store/types.js';
import { isWithinWindow, nextWindowOpen } from '../../src/tasks/windows.js';
import { usePlatform } from '../helpers/platform.js';
import { ADMIN, calleeGroups, HEADER, putTask, storeFlow, taskOf, watchCalls } from './task-dial-helpers.js';

// Callee populations by prefix (rules of the simulated network), and the result each row must end with.
// Retried groups take the task's every try (2).
const GROUPS = calleeGroups(2);
const rules = [
  ...GROUPS.map((g) => ({ prefix: g.prefix, ...g.rule })),
  { number: '+8613900000001', outcome: 'answer' as const, answerAfter: 2, talk: 20 },
  { prefix: '', outcome: 'answer' as const, answerAfter: 2, talk: 30 },
];
const ctx = usePlatform({ env: { VOXCALL_ADMIN_TOKEN: ADMIN }, rules: rules as never });

const HOUR = 3_600_000;
const callee = (prefix: string, i: number) => `${prefix}${String(i).padStart(5, '0')}`;
const row = (c: string): NewTaskRow => ({ callee: c, values: [c, '3', 'gate', 'Li'] });

test('a 60-row task: every row ends with its task_result, tries by the policy, limits held, two robot records per call, a refused row gets 27', async () => {
  const { t, rx } = ctx;
  const p = t.platform;
  rx.respond((req) => (req.path === '/robot' ? { status: 200, body: 'success' } : { status: 200, body: '{"resultcode":"0"}' }));
  const sub = await request(p, 'POST', `/apps/${p.demo.appKey}/subscriptions`, { url: `${rx.url}/robot`, format: 'robot', receives: 'records' });
  assert.equal(sub.status, 201);
  await storeFlow(p);
  const watch = watchCalls(p, () => t.clock.now());

  const rows: NewTaskRow[] = [];
  for (let i = 0; i < 10; i++) for (const g of GROUPS) rows.push(row(callee(g.prefix, i)));
  const blacklisted = callee('+86138001', 99);
  rows.push(row(blacklisted));
  await putTask(p, taskOf(p, { state: 'running' }), HEADER, rows);
  // Blacklisted after the upload: the dialler's admission refuses it.
  await p.store.policy.addListEntry({ scope: p.demo.appKey, list: 'calleeBlacklist', number: blacklisted, createdAt: t.clock.now() });
  await p.policy.reload();

  const begin = t.clock.now();
  for (let i = 0; i < 12 && (await p.store.tasks.get('task-e2e'))?.state !== 'completed'; i++) await t.run(HOUR / 4);
  const task = await p.store.tasks.get('task-e2e');
  assert.equal(task?.state, 'completed');

  const all = await p.store.tasks.rows('task-e2e', 0, 1000);
  assert.equal(all.length, 61);
  for (const r of all) {
    if (r.callee === blacklisted) continue;
    const g = GROUPS.find((x) => r.callee.startsWith(x.prefix))!;
    assert.deepEqual([r.state, r.lastResult, r.tries], ['done', g.result, g.tries], `row ${r.rowIndex} ${r.callee}`);
    if ('tag' in g) assert.equal(r.lastTag, g.tag, `row ${r.rowIndex}`);
    const tries = await p.store.tasks.tries('task-e2e', r.rowIndex);
    assert.deepEqual(tries.map((x) => x.try), Array.from({ length: g.tries }, (_, k) => k + 1));
    // A retry is dialled no earlier than the interval after the try before it ended.
    const starts = watch.started.filter((s) => s.call.plan.kind === 'flow' && s.call.plan.task?.rowIndex === r.rowIndex);
    assert.equal(starts.length, g.tries, `row ${r.rowIndex}: one call per try`);
    for (let k = 1; k < starts.length; k++) assert.ok(starts[k]!.at >= tries[k - 1]!.at + 60_000, `row ${r.rowIndex} try ${k + 1} too early`);
  }
  const refused = all.find((r) => r.callee === blacklisted)!;
  assert.deepEqual([refused.state, refused.lastResult, refused.tries], ['done', '27', 1]);
  assert.match(refused.lastTag ?? '', /^refused calleeBlacklisted: .*blacklist/);
  assert.equal(watch.started.filter((s) => s.call.plan.calleeNbr === blacklisted).length, 0, 'a refused row places no call');

  assert.ok((watch.maxInFlight.get('task-e2e') ?? 0) <= 4, `in flight: ${watch.maxInFlight.get('task-e2e')}`);
  assert.equal(watch.maxInFlight.get('task-e2e'), 4, 'the concurrency is used');
  assert.ok((watch.maxPerSecond.get('task-e2e') ?? 0) <= 2, `starts per second: ${watch.maxPerSecond.get('task-e2e')}`);
  assert.ok(watch.started[0]!.at >= begin);

  // Two robot records per task call: the basic one and the task record with its row.
  const calls = watch.started.map((s) => s.call);
  await rx.until((got) => got.filter((r) => r.path === '/robot').length >= calls.length * 2);
  const robot = rx.received.filter((r) => r.path === '/robot').map((r) => r.body as Record<string, unknown>);
  for (const c of calls) {
    const mine = robot.filter((b) => b.call_uuid === c.sessionId);
    assert.equal(mine.length, 2, c.sessionId);
    const rec = mine.find((b) => b.task_row_index !== undefined)!;
    const basic = mine.find((b) => b.task_row_index === undefined)!;
    const plan = c.plan.kind === 'flow' ? c.plan : undefined;
    assert.deepEqual([basic.robot_id, basic.task_id, basic.task_data_id], ['parcel', 'task-e2e', `task-e2e-${plan?.task?.rowIndex}`]);
    assert.deepEqual([rec.task_row_index, rec.task_row_head, rec.task_tries], [plan?.task?.rowIndex, HEADER, (plan?.task?.try ?? 0) - 1]);
    assert.equal((rec.task_row_value as string[])[0], c.plan.calleeNbr);
    const stored = all.find((r) => r.rowIndex === plan?.task?.rowIndex)!;
    if (stored.lastSessionId === c.sessionId) assert.equal(rec.task_result, stored.lastResult);
  }

  // A flow call of no task (the management API's test call): the basic record only.
  const single = await request(p, 'POST', `/apps/${p.demo.appKey}/calls`, { kind: 'flow', flow: 'parcel', callee: callee('+86138001', 777), variables: { count: '3', place: 'gate', name: 'Li' } });
  assert.equal(single.status, 201, JSON.stringify(single.body));
  await t.run(10 * 60_000);
  await rx.until((got) => got.some((r) => r.path === '/robot' && (r.body as Record<string, unknown>)?.call_uuid === single.body.sessionId));
  const once = rx.received.filter((r) => r.path === '/robot' && (r.body as Record<string, unknown>)?.call_uuid === single.body.sessionId);
  assert.equal(once.length, 1);
  assert.equal((once[0]!.body as Record<string, unknown>).task_row_index, undefined);
});

test('windows per row time zone across a day boundary; a task without zones is paused by its window and reopened', async () => {
  const { t, rx } = ctx;
  const p = t.platform;
  const watch = watchCalls(p, () => t.clock.now());
  // The window's pauses and reopenings are task-status pushes (docs/push-formats.md).
  assert.equal((await request(p, 'POST', `/apps/${p.demo.appKey}/subscriptions`, { url: `${rx.url}/voxcall`, format: 'voxcall' })).status, 201);
  // Open 09:00-18:00 local every day. Now (Monday 02:00 UTC) is 10:00 in Shanghai, but Sunday
  // 21:00 in New York: those rows wait until Monday 09:00 there (14:00 UTC).
  const windows = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, from: '09:00', to: '18:00' }));
  const zoned = taskOf(p, { taskId: 'task-tz', windows, state: 'running', concurrency: 2, cps: 1 });
  const zrows = [0, 1, 2, 3].map((i) => ({ ...row(callee('+86138001', 500 + i)), timeZone: i % 2 ? 'America/New_York' : 'Asia/Shanghai' }));
  await putTask(p, zoned, [...HEADER, 'tz'], zrows.map((r) => ({ ...r, values: [...r.values, r.timeZone] })));
  // Open two minutes a day in Shanghai from now: the task is paused by the window with rows left
  // (each call is about 40 s of unanswered menus), and reopens the next day.
  const hhmm = (at: number) => new Date(at + 8 * HOUR).toISOString().slice(11, 16);
  const daily = windows.map((w) => ({ ...w, from: hhmm(t.clock.now()), to: hhmm(t.clock.now() + 2 * 60_000) }));
  const short = taskOf(p, { taskId: 'task-win', windows: daily, state: 'running', concurrency: 2, cps: 1 });
  await putTask(p, short, HEADER, [0, 1, 2, 3, 4, 5].map((i) => row(callee('+86138003', 600 + i))));
  const start = t.clock.now();

  await t.run(5 * 60_000);
  const paused = await p.store.tasks.get('task-win');
  assert.deepEqual([paused?.state, paused?.pausedBy], ['paused', 'window']);
  assert.ok((await p.store.tasks.counters('task-win')).remaining > 0, 'rows left for the next window');
  const done = async () => (await p.store.tasks.get('task-tz'))?.state === 'completed' && (await p.store.tasks.get('task-win'))?.state === 'completed';
  for (let i = 0; i < 40 && !(await done()); i++) await t.run(2 * HOUR);
  assert.equal((await p.store.tasks.get('task-tz'))?.state, 'completed');
  assert.equal((await p.store.tasks.get('task-win'))?.state, 'completed');

  for (const s of watch.started) {
    const plan = s.call.plan.kind === 'flow' ? s.call.plan : undefined;
    const task = plan?.task?.taskId === 'task-tz' ? zoned : short;
    const stored = await p.store.tasks.row(task.taskId, plan!.task!.rowIndex);
    assert.ok(isWithinWindow(task, stored, s.at), `${task.taskId} row ${stored?.rowIndex} dialled outside its window at ${new Date(s.at).toISOString()}`);
  }
  const ny = watch.started.filter((s) => s.call.plan.kind === 'flow' && s.call.plan.task?.taskId === 'task-tz' && s.call.plan.task.rowIndex % 2 === 0);
  assert.equal(ny.length, 2);
  const nyZone = { timeZone: 'America/New_York' };
  // The test starts on Sunday evening in New York (Monday morning in Shanghai): the rows wait for the next local day.
  assert.equal(isWithinWindow(zoned, nyZone, start), false);
  assert.equal(new Date(start - 5 * HOUR).getUTCDay(), 0, 'Sunday in New York');
  const opens = nextWindowOpen(zoned, nyZone, start)!;
  for (const s of ny) assert.ok(s.at >= opens, 'New York rows wait for Monday 09:00 there');
  const sh = watch.started.filter((s) => s.call.plan.kind === 'flow' && s.call.plan.task?.taskId === 'task-tz' && s.call.plan.task.rowIndex % 2 === 1);
  for (const s of sh) assert.ok(s.at < opens, 'Shanghai rows are dialled at once');
  const days = new Set(watch.started.filter((s) => s.call.plan.kind === 'flow' && s.call.plan.task?.taskId === 'task-win').map((s) => new Date(s.at).toISOString().slice(0, 10)));
  assert.ok(days.size >= 2, `task-win dialled on ${[...days].join(', ')}`);

  // task-win: paused and reopened by its window (reasons windowClosed / windowOpened), then
  // finished; task-tz (rows with zones) is never paused by a window: it only finishes.
  const events = (taskId: string) => rx.on('/voxcall').map((q) => q.body as Record<string, unknown>).filter((b) => b.taskId === taskId);
  await rx.until(() => events('task-win').some((b) => b.state === 'completed') && events('task-tz').length >= 1);
  const win = events('task-win');
  assert.deepEqual(win.map((b) => b.seq), win.map((_, i) => i + 1), 'in order, none missing');
  assert.deepEqual([win[0]!.previousState, win[0]!.state, win[0]!.pausedBy, win[0]!.action, win[0]!.reason], ['running', 'paused', 'window', 'windowClose', 'windowClosed']);
  assert.deepEqual([win[1]!.previousState, win[1]!.previousPausedBy, win[1]!.state, win[1]!.action, win[1]!.reason], ['paused', 'window', 'running', 'windowOpen', 'windowOpened']);
  assert.deepEqual([win.at(-1)!.state, win.at(-1)!.action, win.at(-1)!.reason], ['completed', 'finish', 'allRowsFinal']);
  assert.deepEqual(events('task-tz').map((b) => [b.previousState, b.state, b.reason]), [['running', 'completed', 'allRowsFinal']]);
});

async function request(p: { url: string }, method: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await send(`${p.url}/v1${path}`, {
    method: method as 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? JSON.parse(text) : undefined };
}
