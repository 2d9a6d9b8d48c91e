// The pull API (GET /rest/voxcall/v1/records): an app reads its own status events and CDRs in
// order, page by page, with AK/SK like the call APIs; other apps' rows never show.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { signedHeaders } from '../../src/client/sign.js';
import { usePlatform } from '../helpers/platform.js';
import { accepted, freshApp, notify, type PolicyApp } from '../policy/helpers.js';

const ctx = usePlatform();

async function pull(p: PolicyApp, query: string, secret = p.app.appSecret) {
  const res = await request(`${ctx.t.platform.url}/rest/voxcall/v1/records${query}`, { headers: signedHeaders(p.app.appKey, secret, Date.now(), 'beijing') });
  return { status: res.statusCode, body: (await res.body.json()) as any };
}

test('pages through one app\'s events and records in order; other apps see none of them', async () => {
  const { t } = ctx;
  const a = await freshApp(t);
  const b = await freshApp(t);
  const placedA = await notify(a, { calleeNbr: '+8613900000001' });
  accepted(placedA);
  const placedB = await notify(b, { calleeNbr: '+8613900000002' });
  accepted(placedB);
  await t.run(40_000);
  const sidA = (placedA.body as { sessionId: string }).sessionId;

  const all: any[] = [];
  let cursor = '';
  for (let i = 0; i < 10; i++) {
    const page = await pull(a, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(page.status, 200);
    assert.deepEqual([page.body.resultcode, page.body.resultdesc], ['0', 'Success']);
    assert.ok(page.body.records.length <= 2);
    all.push(...page.body.records);
    if (page.body.records.length === 0) {
      assert.equal(page.body.nextCursor, cursor, 'an empty page gives the same cursor back');
      break;
    }
    cursor = page.body.nextCursor;
  }
  assert.deepEqual(all.map((r) => r.type === 'status' ? r.event.type : 'record'), ['callout', 'alerting', 'answer', 'disconnect', 'record']);
  assert.ok(all.every((r) => r.sessionId === sidA));
  const cursors = all.map((r) => Number(r.cursor));
  assert.deepEqual(cursors, [...cursors].sort((x, y) => x - y));
  const rec = all.at(-1);
  assert.equal(rec.record.appKey, a.app.appKey);
  assert.equal(rec.record.outcome, 'answered');
  assert.match(rec.at, /^\d{4}-\d\d-\d\dT/);

  const fromB = await pull(b, '');
  assert.ok(fromB.body.records.length > 0);
  assert.ok(fromB.body.records.every((r: any) => r.sessionId !== sidA), 'only the caller\'s rows');
  // Starting from a cursor of the middle gives the rest only.
  const rest = await pull(a, `?cursor=${all[2].cursor}`);
  assert.deepEqual(rest.body.records.map((r: any) => r.cursor), all.slice(3).map((r) => r.cursor));
});

test('bad cursor, bad limit and bad credentials are refused in the Huawei shape', async () => {
  const a = await freshApp(ctx.t);
  for (const q of ['?cursor=abc', '?cursor=-1', '?cursor=1.5', '?limit=0', '?limit=501', '?limit=ten']) {
    const res = await pull(a, q);
    assert.equal(res.status, 403, q);
    assert.equal(res.body.resultcode, '1010002', q);
    assert.match(res.body.resultdesc, q.startsWith('?cursor') ? /cursor/ : /limit/);
  }
  const wrong = await pull(a, '', 'not-the-secret');
  assert.notEqual(wrong.body.resultcode, '0');
  assert.equal(wrong.body.records, undefined);
  const unsigned = await request(`${ctx.t.platform.url}/rest/voxcall/v1/records`);
  assert.notEqual(((await unsigned.body.json()) as any).resultcode, '0');
});
