// The dialler's pure rules: the pacing of calls per second, and which lifecycle action a task's
// clock makes due (start, window, end), per docs/tasks.md "Dialling".

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Task } from '../../src/domain/task.js';
import { Pacer } from '../../src/tasks/dial/pacer.js';
import { rowVariables } from '../../src/tasks/dial/place-row.js';
import { dueAction, nextChange, pausesByWindow } from '../../src/tasks/dial/task-clock.js';
import { refusalTag } from '../../src/tasks/dial/try-result.js';

const T0 = Date.UTC(2026, 10, 23, 2, 0, 0); // Monday 10:00 in Shanghai
const MIN = 60_000;

const task = (over: Partial<Task>): Task => ({
  taskId: 't', appKey: 'a', name: 't', flowId: 'f', displayNumbers: ['+8675528000001'], timeZone: 'Asia/Shanghai', windows: [], forbiddenDates: [],
  concurrency: 1, cps: 1, retry: { maxTries: 1, intervalSeconds: 60, retryOn: [] }, state: 'running', rowCount: 1, createdAt: T0, updatedAt: T0,
  header: ['callee'], ...over,
});

test('pacing: at most cps starts in any one second, spread evenly', () => {
  const p = new Pacer(3);
  const starts: number[] = [];
  for (let now = T0; now < T0 + 5000; now++) {
    if (p.wait(now) === 0) {
      p.take(now);
      starts.push(now);
    }
  }
  assert.equal(starts.length, 15);
  for (const s of starts) assert.ok(starts.filter((x) => x >= s && x < s + 1000).length <= 3);
  assert.equal(p.wait(starts.at(-1)!), 333, 'the next slot, 1000/3 ms after the last one on the grid');
});

test('pacing: a start late in its slot does not push the next ones back, nor lets one second hold more than cps', () => {
  // Each start comes `late` ms after its slot opened (the claim and admission): the rate holds
  // (within late/1000: the one-second rule counts from the late starts).
  for (const [cps, late] of [[200, 3], [50, 7], [5, 20]] as const) {
    const p = new Pacer(cps);
    const starts: number[] = [];
    let now = T0;
    while (now < T0 + 10_000) {
      now += p.wait(now) + late;
      p.take(now);
      starts.push(now);
    }
    const rate = (starts.length - 1) / ((starts.at(-1)! - starts[0]!) / 1000);
    assert.ok(rate >= cps * 0.97, `${cps}/s with ${late} ms late: ${rate.toFixed(1)}/s`);
    for (const s of starts) assert.ok(starts.filter((x) => x >= s && x < s + 1000).length <= cps, `${cps}/s: more in one second`);
  }
  // One start very late, the next ones on time: still at most cps in any second.
  const p = new Pacer(2);
  const starts = [T0];
  p.take(T0);
  starts.push(T0 + 900);
  p.take(T0 + 900);
  for (let now = T0 + 901; now < T0 + 3000; now++) if (p.wait(now) === 0) { p.take(now); starts.push(now); }
  for (const s of starts) assert.ok(starts.filter((x) => x >= s && x < s + 1000).length <= 2, `starts ${starts.map((x) => x - T0)}`);
});

test('the task clock: begin at startAt, finish at endAt, window close and open in the task zone', () => {
  assert.equal(dueAction(task({ state: 'scheduled', startAt: T0 + MIN }), T0), undefined);
  assert.equal(nextChange(task({ state: 'scheduled', startAt: T0 + MIN }), T0), T0 + MIN);
  assert.equal(dueAction(task({ state: 'scheduled', startAt: T0 + MIN }), T0 + MIN), 'begin');
  assert.equal(dueAction(task({ endAt: T0 }), T0), 'finish');
  assert.equal(dueAction(task({ state: 'paused', pausedBy: 'user', endAt: T0 }), T0), 'finish');
  const windows = [{ day: 1, from: '09:00', to: '10:30' }];
  assert.equal(dueAction(task({ windows }), T0), undefined);
  assert.equal(nextChange(task({ windows }), T0), T0 + 30 * MIN, 'the window closes at 10:30');
  assert.equal(dueAction(task({ windows }), T0 + 30 * MIN), 'windowClose');
  assert.equal(dueAction(task({ windows, state: 'paused', pausedBy: 'window' }), T0 + 30 * MIN), undefined);
  assert.equal(nextChange(task({ windows, state: 'paused', pausedBy: 'window' }), T0 + 30 * MIN), T0 + 7 * 24 * 60 * MIN - 60 * MIN, 'next Monday 09:00');
  assert.equal(dueAction(task({ windows, state: 'paused', pausedBy: 'window' }), T0), 'windowOpen');
  assert.equal(dueAction(task({ windows, state: 'paused', pausedBy: 'user' }), T0), undefined, 'a user\'s pause is the user\'s to end');
});

test('a task whose rows carry their own zone is never paused by a window', () => {
  const zoned = task({ windows: [{ day: 1, from: '09:00', to: '10:30' }], header: ['callee', 'tz'] });
  assert.equal(pausesByWindow(zoned), false);
  assert.equal(dueAction(zoned, T0 + 30 * MIN), undefined);
  assert.equal(nextChange(zoned, T0), undefined);
});

test('a row\'s variables by column name; a refusal\'s reason as the try keeps it', () => {
  assert.deepEqual(rowVariables(['callee', 'name', 'tz'], ['+8613900000001', 'Li', 'UTC']), { callee: '+8613900000001', name: 'Li', tz: 'UTC' });
  assert.equal(refusalTag({ name: 'calleeBlacklisted', reason: '+8613900000001 is on a callee blacklist' }), 'refused calleeBlacklisted: +8613900000001 is on a callee blacklist');
  assert.equal(refusalTag({ name: 'callerBlacklisted', reason: '' }), 'refused callerBlacklisted');
});
