// Rows into a task through the service, on a real store (both backends): per-row refusals with their
// index and reason, the flow's variables, the header rules, CSV (BOM, quotes, CRLF, malformed,
// too large) leaving nothing behind, and 100,000 rows streamed: the proof is that the source is
// read lazily, never more than a few batches ahead of what the store has taken.

import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { storeBackends, type TempStore } from '../store/backends.js';
import type { Store, TaskRepo } from '../../src/store/types.js';
import { csvRecords } from '../../src/tasks/csv.js';
import { fakeFlows } from './fake-flows.js';
import { TASK_LIMITS } from '../../src/tasks/limits.js';
import { TaskRefusal } from '../../src/tasks/refusals.js';
import { TaskService } from '../../src/tasks/service.js';

const T0 = Date.UTC(2026, 10, 25, 2, 0);
const APP = 'app1';
const NUMBER = '+8675528000001';

const callee = (i: number) => `+86139${String(i).padStart(8, '0')}`;

function refusalOf(name: string, match?: RegExp) {
  return (e: unknown) => e instanceof TaskRefusal && e.refusal === name && (!match || match.test(e.message));
}

for (const b of storeBackends()) describe(`adding rows (${b.name})`, { skip: b.skip }, () => {
  let ts: TempStore;
  let store: Store;
  let service: TaskService;
  /** Rows per stageRows call: the batches the store was given. */
  let stagedCalls: number[];
  beforeEach(async () => {
    ts = await b.open();
    store = ts.store;
    await store.apps.putNumber({ number: NUMBER, appKey: APP, status: 'active' });
    stagedCalls = [];
    const repo: TaskRepo = { ...store.tasks, stageRows: (...a) => (stagedCalls.push(a[2].length), store.tasks.stageRows(...a)) };
    service = new TaskService({ repo, apps: store.apps, flows: fakeFlows, blacklisted: (_app, n) => n === callee(666), now: () => T0 });
  });
  afterEach(() => ts.cleanup());

  const newTask = (flowId = 'greet') => service.create(APP, { flowId, displayNumbers: [NUMBER] });

  test('each refused row comes back with its index and reason; the others are added in order', async () => {
    const task = await newTask();
    const long = 'x'.repeat(TASK_LIMITS.maxValueChars + 1);
    const out = await service.addRows(APP, task.taskId, ['callee', 'name', 'tz'], [
      [callee(1), 'Ann', ''],
      ['13900000002', 'Bob', ''],
      [callee(1), 'Ann again', ''],
      [callee(666), 'Listed', ''],
      [callee(4), '', ''],
      [callee(5), 'Eve'],
      [callee(6), 'Fay', '', 'extra'],
      [callee(7), long, ''],
      [callee(8), 'Gus', 'Mars/Base'],
      [callee(9), 'Hal', 'America/New_York'],
    ]);
    assert.deepEqual(out.refused.map((r) => [r.index, r.reason]), [
      [2, 'bad_number'], [3, 'duplicate'], [4, 'blacklisted'], [5, 'missing_variable'], [6, 'missing_column'], [7, 'extra_column'], [8, 'too_long'], [9, 'bad_time_zone'],
    ]);
    assert.deepEqual([out.added, out.rowCount, out.refusedCount], [2, 2, 8]);
    const rows = await service.rows(APP, task.taskId, 0, 10);
    assert.deepEqual(rows.map((r) => [r.rowIndex, r.callee, r.timeZone]), [[1, callee(1), undefined], [2, callee(9), 'America/New_York']]);
    // A second upload: duplicates of earlier rows are refused, indices continue.
    const more = await service.addRows(APP, task.taskId, ['callee', 'name', 'tz'], [[callee(9), 'Hal', ''], [callee(10), 'Ivy', '']]);
    assert.deepEqual(more.refused.map((r) => [r.index, r.reason]), [[1, 'duplicate']]);
    assert.deepEqual((await service.rows(APP, task.taskId, 2, 10)).map((r) => r.rowIndex), [3]);
  });

  test('the header: the callee column, no repeated column, the flow\'s variables, the task\'s header once set', async () => {
    const task = await newTask();
    await assert.rejects(service.addRows(APP, task.taskId, ['phone', 'name'], []), refusalOf('badHeader', /no "callee" column/));
    await assert.rejects(service.addRows(APP, task.taskId, ['callee', 'name', 'name'], []), refusalOf('badHeader', /twice/));
    await assert.rejects(service.addRows(APP, task.taskId, ['callee', 'city'], []), refusalOf('missingVariable', /variable name$/));
    await service.addRows(APP, task.taskId, ['callee', 'name'], [[callee(1), 'Ann']]);
    await assert.rejects(service.addRows(APP, task.taskId, ['callee', 'name', 'city'], []), refusalOf('badHeader', /task's: callee,name/));
    await assert.rejects(service.addRows('other-app', task.taskId, ['callee', 'name'], []), refusalOf('notFound'));
    await assert.rejects(service.create(APP, { flowId: 'nope', displayNumbers: [NUMBER] }), refusalOf('flowNotFound'));
    await assert.rejects(service.create(APP, { flowId: 'greet', displayNumbers: ['+8675528999999'] }), refusalOf('displayNumber', /\+8675528999999/));
  });

  test('a completed or cancelled task takes no rows', async () => {
    const task = await newTask();
    await service.act(APP, task.taskId, 'cancel');
    await assert.rejects(service.addRows(APP, task.taskId, ['callee', 'name'], [[callee(1), 'a']]), refusalOf('rowsClosed'));
    assert.deepEqual(await store.tasks.rows(task.taskId, 0, 10), []);
    assert.deepEqual(stagedCalls, [], 'refused before anything was staged');
  });

  const csv = (text: string | Buffer) => csvRecords(Readable.from([Buffer.from(text)]), TASK_LIMITS.maxUploadBytes);

  test('CSV: BOM, quoted fields with commas, quotes and line breaks, CRLF', async () => {
    const task = await newTask();
    const text = `\uFEFFcallee,name\r\n${callee(1)},"Smith, ""Jo"""\r\n"${callee(2)}","two\r\nlines"\r\n\r\n${callee(3)},plain\n`;
    const out = await service.uploadCsv(APP, task.taskId, csv(text));
    assert.deepEqual([out.added, out.refusedCount], [3, 0]);
    const rows = await service.rows(APP, task.taskId, 0, 10);
    assert.deepEqual(rows.map((r) => r.values), [[callee(1), 'Smith, "Jo"'], [callee(2), 'two\r\nlines'], [callee(3), 'plain']]);
    assert.deepEqual((await service.task(APP, task.taskId)).header, ['callee', 'name'], 'the BOM is not part of the first column');
  });

  test('a malformed CSV, an empty one or one over the byte limit is refused with nothing kept', async () => {
    const task = await newTask();
    const good = Array.from({ length: 2500 }, (_, i) => `${callee(i + 1)},n${i}`).join('\n');
    await assert.rejects(service.uploadCsv(APP, task.taskId, csv(`callee,name\n${good}\n${callee(9999)},"unclosed\n`)), refusalOf('malformedCsv', /Quote Not Closed|CSV_QUOTE_NOT_CLOSED/));
    await assert.rejects(service.uploadCsv(APP, task.taskId, csv('')), refusalOf('malformedCsv', /empty/));
    const big = csvRecords(Readable.from([Buffer.from(`callee,name\n${good}\n`)]), 1000);
    await assert.rejects(service.uploadCsv(APP, task.taskId, big), refusalOf('uploadTooLarge', /larger than 1000 bytes/));
    const view = await service.view(APP, task.taskId);
    assert.deepEqual([view.counters.total, view.task.rowCount, view.task.header], [0, 0, undefined]);
    const raw = await store.tasks.rows(task.taskId, 0, 10);
    assert.deepEqual(raw, []);
    // The upload lease was released: the next upload goes through.
    assert.equal((await service.uploadCsv(APP, task.taskId, csv(`callee,name\n${callee(1)},a\n`))).added, 1);
  });

  test('more rows than a task may have: the whole upload is refused', async () => {
    const task = await newTask('plain');
    await service.addRows(APP, task.taskId, ['callee'], [[callee(1)]]);
    // One more than the limit allows (callee 666 is blacklisted here: one more again).
    const tooMany = function* () {
      for (let i = 2; i <= TASK_LIMITS.maxRowsPerTask + 2; i++) yield [callee(i)];
    };
    await assert.rejects(service.addRows(APP, task.taskId, ['callee'], tooMany()), refusalOf('tooManyRows', /100000 rows/));
    assert.equal((await service.view(APP, task.taskId)).counters.total, 1);
    assert.ok(stagedCalls.every((n) => n <= TASK_LIMITS.batchRows), 'written in batches');
  });

  test('100,000 CSV rows stream through: the source is read at most a few batches ahead of the store', async () => {
    const task = await newTask('plain');
    const N = TASK_LIMITS.maxRowsPerTask;
    let produced = 0;
    let maxAhead = 0;
    let stored = 0;
    const lines = function* () {
      yield 'callee,region\r\n';
      for (let i = 1; i <= N; i++) {
        produced++;
        maxAhead = Math.max(maxAhead, produced - stored);
        yield `${callee(i)},"r${i % 7}"\r\n`;
      }
    };
    const counting: TaskRepo = {
      ...store.tasks,
      async stageRows(...a) {
        const r = await store.tasks.stageRows(...a);
        stored += a[2].length;
        return r;
      },
    };
    const streaming = new TaskService({ repo: counting, apps: store.apps, flows: fakeFlows, blacklisted: () => false, now: () => T0 });
    const heapBefore = process.memoryUsage().heapUsed;
    const out = await streaming.uploadCsv(APP, task.taskId, csvRecords(Readable.from(lines()), TASK_LIMITS.maxUploadBytes));
    assert.deepEqual([out.added, out.rowCount], [N, N]);
    assert.equal(stored, N);
    // Buffered between the generator and the store: one batch, the parser's and the streams' buffers.
    assert.ok(maxAhead <= 4 * TASK_LIMITS.batchRows, `read ${maxAhead} rows ahead of the store`);
    // Informative bound only (GC may or may not have run): far below what 100,000 rows held at once would take.
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 64 * 1024 * 1024);
    const last = await service.rows(APP, task.taskId, N - 1, 10);
    assert.deepEqual(last.map((r) => [r.rowIndex, r.callee, r.values[1]]), [[N, callee(N), `r${N % 7}`]]);
  });
});
