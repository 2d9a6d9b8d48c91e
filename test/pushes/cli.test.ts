// The delivery commands as a user runs them: a real `voxcall` subprocess against a real server.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { endpointId } from '../../src/domain/endpoint.js';
import { cliOf } from '../helpers/cli.js';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';
import { accepted, freshApp, notify } from '../policy/helpers.js';
import { parseCsv } from './csv.js';

const ctx = usePlatform();
const { voxcall, ok } = cliOf(() => ctx.t);
const call = admin(() => ctx.t);

test('pushes list, show, replay; endpoints pause and resume; export failed records to a CSV file', async () => {
  const { t, rx } = ctx;
  let down = true;
  rx.respond(() => (down ? { status: 503 } : { status: 200, body: '{"resultcode":"0"}' }));
  const p = await freshApp(t);
  const url = `${rx.url}/cli`;
  await call('POST', `/v1/apps/${p.app.appKey}/subscriptions`, { url, format: 'huawei', retrySchedule: [] });
  accepted(await notify(p, { calleeNbr: '+8613900000001' }));
  await t.run(40_000);
  await rx.until(() => rx.on('/cli').length === 5);

  const listed = JSON.parse(await ok(['--json', 'pushes', 'list', '--app', p.app.appKey, '--state', 'failed', '--limit', '3']));
  assert.equal(listed.pushes.length, 3);
  assert.ok(listed.nextCursor);
  const table = await ok(['pushes', 'list', '--app', p.app.appKey, '--limit', '3']);
  assert.match(table, /^id\s+state\s+kind/);
  assert.match(table, /more: --cursor /);
  const shown = await ok(['pushes', 'show', listed.pushes[0].id]);
  assert.match(shown, /non_2xx/);

  const file = join(t.dataDir, 'failed.csv');
  assert.match(await ok(['export', 'failed-records', '--format', 'csv', '--out', file, '--app', p.app.appKey]), /wrote .*failed\.csv/);
  const rows = parseCsv(await readFile(file, 'utf8'));
  assert.equal(rows.length, 2);
  assert.equal(rows[1]![2], listed.pushes[0].sessionId);

  const id = endpointId(url);
  assert.match(await ok(['endpoints', 'list']), new RegExp(id));
  assert.match(await ok(['endpoints', 'pause', id, '--reason', 'maintenance']), /pausedReason\s+maintenance/);
  assert.match(await ok(['endpoints', 'resume', id]), /paused\s+false/);

  down = false;
  assert.match(await ok(['pushes', 'replay', '--app', p.app.appKey, '--kind', 'status']), /replayed 4 of 4 matching/);
  assert.match(await ok(['pushes', 'replay', listed.pushes.find((x: any) => x.kind === 'record')?.id ?? (await call('GET', `/v1/pushes?appKey=${p.app.appKey}&kind=record`)).body.pushes[0].id]), /replayed 1/);
  await t.run(2_000);
  await rx.until(() => rx.on('/cli').length === 10);

  const refused = await voxcall(['pushes', 'replay']);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /needs push ids, a filter \(--app, .*\) or --all/);
  const unknown = await voxcall(['pushes', 'show', 'nope']);
  assert.match(unknown.stderr, /push nope does not exist \(VX\.NOT_FOUND, HTTP 404\)/);
  const badExport = await voxcall(['export', 'failed-records', '--format', 'xml']);
  assert.notEqual(badExport.code, 0);
});
