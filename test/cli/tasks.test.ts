// `voxcall tasks ...` as a user runs it (a subprocess) against a running platform.

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliOf } from '../helpers/cli.js';
import { usePlatform } from '../helpers/platform.js';
import { fakeFlows } from '../tasks/fake-flows.js';
import { windowsOf } from '../../src/cli/task-commands.js';

const ctx = usePlatform({ flows: fakeFlows });
const { voxcall, ok } = cliOf(() => ctx.t);

test('windows are given as "<days> <from>-<to>"', () => {
  assert.deepEqual(windowsOf('1-3 09:00-18:00').map((w) => w.day), [1, 2, 3]);
  assert.deepEqual(windowsOf('6,7 22:00-02:00', [{ day: 1, from: '09:00', to: '10:00' }]).map((w) => [w.day, w.from, w.to]),
    [[1, '09:00', '10:00'], [6, '22:00', '02:00'], [7, '22:00', '02:00']]);
  assert.throws(() => windowsOf('Mon 9-18'), /days 1 \(Monday\) to 7/);
});

test('create, upload, show, list, rows, start, pause, resume, cancel, export', async () => {
  const app = ctx.t.platform.demo.appKey;
  const created = JSON.parse(await ok(['--json', 'tasks', 'create', app, '--flow', 'greet', '--numbers', '+8675528000001,+8675528000002',
    '--window', '1-5 09:00-18:00', '--cps', '10', '--max-tries', '2', '--name', 'cli-task'])) as { task: { taskId: string; windows: unknown[]; cps: number } };
  const id = created.task.taskId;
  assert.deepEqual([created.task.windows.length, created.task.cps], [5, 10]);
  const csv = join(ctx.t.dataDir, 'rows.csv');
  await writeFile(csv, '\uFEFFcallee,name\r\n+8613900000001,Ann\r\n+8613900000002,"Bo, B"\r\nnot-a-number,Cy\r\n');
  const uploaded = await ok(['tasks', 'upload', app, id, csv]);
  assert.match(uploaded, /added 2 rows \(the task has 2\); refused 1/);
  assert.match(uploaded, /3\s+bad_number/);
  const json = join(ctx.t.dataDir, 'rows.json');
  await writeFile(json, JSON.stringify({ header: ['callee', 'name'], rows: [['+8613900000003', 'Cy'], ['+8613900000001', 'dup']] }));
  assert.match(await ok(['tasks', 'rows', app, id, '--add', json]), /added 1 rows \(the task has 3\); refused 1[\s\S]*2\s+duplicate/);
  const shown = await ok(['tasks', 'show', app, id]);
  assert.match(shown, /state\s+draft/);
  assert.match(shown, /windows\s+1 09:00-18:00, 2 09:00-18:00/);
  assert.match(shown, /retry\s+2 tries, every 600 s/);
  assert.match(shown, /remaining\s+3/);
  assert.match(await ok(['tasks', 'list', app]), new RegExp(`${id}\\s+cli-task\\s+draft\\s+greet\\s+3`));
  assert.match(await ok(['tasks', 'rows', app, id, '--limit', '1']), /1\s+\+8613900000001\s+pending\s+0[\s\S]*more: --after 1/);
  assert.match(await ok(['tasks', 'start', app, id]), /is running/);
  assert.match(await ok(['tasks', 'pause', app, id]), /is paused \(by the user\)/);
  assert.match(await ok(['tasks', 'resume', app, id]), /is running/);
  const refused = await voxcall(['tasks', 'start', app, id]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /cannot start a running task \(VX\.CONFLICT, HTTP 409\)/);
  assert.match(await ok(['tasks', 'cancel', app, id]), /is cancelled/);
  const file = join(ctx.t.dataDir, 'out.csv');
  assert.match(await ok(['tasks', 'export', app, id, '--out', file]), /wrote .*out\.csv/);
  const exported = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '').split('\r\n');
  assert.equal(exported[0], 'callee,name,row_index,state,tries,last_result,last_result_desc,last_session_id,tag');
  assert.equal(exported[2], "'+8613900000002,\"Bo, B\",2,pending,0,,,,");
  const jsonl = await ok(['tasks', 'export', app, id, '--format', 'jsonl']);
  assert.equal(jsonl.trim().split('\n').length, 3);
});
