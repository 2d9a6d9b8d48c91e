// CallRepo.list on each backend (backends.ts): each filter, the keyset pages, the indexes the
// planner can take; and (SQLite only: no PostgreSQL store predates migration 007) its back-fill
// of calls stored before it.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Call } from '../../src/domain/call.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { loadMigrations, migrate } from '../../src/store/sqlite/migrate.js';
import type { CallQuery } from '../../src/store/types.js';
import { PG_URL, storeBackends, type TempStore } from './backends.js';
import { call, record, T0 } from './fixtures.js';

const sid = (n: number) => `1201_${n}_7_20260101000000@test`;

function callback(n: number, over: Partial<Call> = {}): Call {
  return call(sid(n), {
    plan: {
      kind: 'callback', displayNbr: '+8610', callerNbr: `+8620${n}`, displayCalleeNbr: '+8630', calleeNbr: '+8640',
      maxDuration: 0, lastMinToUE: 'both', playPreVoice: false, calleeMedia: 'all', recordFlag: false, partyTypeRequiredInDisconnect: false,
    },
    createdAt: T0 + n * 1000,
    ...over,
  });
}

for (const b of storeBackends()) describe(`calls: listing (${b.name})`, { skip: b.skip }, () => {
  let t: TempStore;
  before(async () => {
    t = await b.open();
    // 1-3 notify calls of app1 (3 still active), 4-5 callbacks of app2, 5 busy; 6 shares 5's time.
    for (let n = 1; n <= 3; n++) await t.store.calls.create(call(sid(n), { createdAt: T0 + n * 1000, plan: { kind: 'notify', displayNbr: '+8610', calleeNbr: `+8650${n}`, playInfoList: [] } }));
    await t.store.calls.create(callback(4, { appKey: 'app2' }));
    await t.store.calls.create(callback(5, { appKey: 'app2' }));
    await t.store.calls.create(callback(6, { appKey: 'app2', createdAt: T0 + 5000 }));
    for (const n of [1, 2]) await t.store.calls.finish(record(sid(n)), undefined, []);
    await t.store.calls.finish(record(sid(4), { kind: 'callback' }), undefined, []);
    await t.store.calls.finish(record(sid(5), { kind: 'callback', outcome: 'busy' }), undefined, []);
    await t.store.calls.finish(record(sid(6), { kind: 'callback', outcome: 'busy' }), undefined, []);
  });
  after(() => t.cleanup());

  const ids = async (q: CallQuery, limit = 100) => (await t.store.calls.list(q, undefined, limit)).map((c) => Number(c.call.sessionId.split('_')[1]));

  it('filters by app, kind, state, outcome, any number and time, newest first', async () => {
    assert.deepEqual(await ids({}), [6, 5, 4, 3, 2, 1]);
    assert.deepEqual(await ids({ appKey: 'app2' }), [6, 5, 4]);
    assert.deepEqual(await ids({ kind: 'notify' }), [3, 2, 1]);
    assert.deepEqual(await ids({ state: 'active' }), [3]);
    assert.deepEqual(await ids({ outcome: 'busy' }), [6, 5]);
    assert.deepEqual(await ids({ number: '+86205' }), [5], 'a callback caller');
    assert.deepEqual(await ids({ number: '+8630' }), [6, 5, 4], 'the number shown to a callee');
    assert.deepEqual(await ids({ number: '+8610' }), [6, 5, 4, 3, 2, 1], 'the display number');
    assert.deepEqual(await ids({ number: '+86502', kind: 'notify' }), [2]);
    assert.deepEqual(await ids({ createdFrom: T0 + 2000, createdTo: T0 + 5000 }), [4, 3, 2]);
    assert.deepEqual(await ids({ appKey: 'app1', outcome: 'busy' }), []);
    const listed = await t.store.calls.list({ appKey: 'app2' }, undefined, 1);
    assert.equal(listed[0]?.state, 'ended');
    assert.equal(listed[0]?.record?.outcome, 'busy');
  });

  it('pages by (createdAt, sessionId): calls of the same instant are neither skipped nor repeated', async () => {
    const seen: number[] = [];
    let after: { createdAt: number; id: string } | undefined;
    for (;;) {
      const page = await t.store.calls.list({}, after, 1);
      if (page.length === 0) break;
      const last = page.at(-1)!;
      seen.push(Number(last.call.sessionId.split('_')[1]));
      after = { createdAt: last.call.createdAt, id: last.call.sessionId };
    }
    assert.deepEqual(seen, [6, 5, 4, 3, 2, 1]);
  });

  it('the listing queries can use the new indexes, not only a scan of calls', async () => {
    // The index each can use.
    const queries: Array<[string, RegExp]> = [
      ["SELECT * FROM calls c WHERE c.app_key = 'a' ORDER BY c.created_at DESC, c.session_id DESC LIMIT 5", /calls_app_created/],
      ['SELECT * FROM calls c ORDER BY c.created_at DESC, c.session_id DESC LIMIT 5', /calls_created/],
      // As sql/call-query.ts lists by number (migration 021).
      ["SELECT * FROM call_numbers n CROSS JOIN calls c WHERE n.number = '+1' AND c.session_id = n.session_id ORDER BY n.created_at DESC, n.session_id DESC LIMIT 5",
        /call_numbers_created/],
    ];
    if (b.name === 'sqlite') {
      const db = new Database(t.path, { readonly: true });
      const plan = (sql: string) => db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all().map((r: any) => r.detail as string).join(' | ');
      for (const [sql, index] of queries) assert.match(plan(sql), index);
      db.close();
      return;
    }
    // PostgreSQL scans six rows rather than use an index, so sequential scans are priced out on a
    // connection of our own: the plan then names the index if it can serve the query.
    const [row] = await t.sql<{ schema: string }>('SELECT current_schema() AS schema');
    const c = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${row!.schema}` });
    await c.connect();
    try {
      await c.query('SET enable_seqscan = off');
      for (const [sql, index] of queries) {
        const plan = (await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`)).rows.map((r) => r['QUERY PLAN']).join(' | ');
        assert.match(plan, index);
      }
    } finally {
      await c.end();
    }
  });
});

// SQLite only: migration 007 of PostgreSQL has no back-fill (no PostgreSQL store predates it).
describe('calls: migration 007 back-fills calls stored before it (sqlite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'voxcall-m7-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('kind, outcome and every number of an old call are found', async () => {
    const path = join(dir, 'voxcall.db');
    const db = new Database(path);
    migrate(db, T0, loadMigrations().filter((m) => m.version < 7));
    const old = callback(9);
    db.prepare("INSERT INTO calls (session_id, app_key, state, session_seq, call_json, record_json, created_at, ended_at) VALUES (?, 'app1', 'ended', 9, ?, ?, ?, ?)")
      .run(old.sessionId, JSON.stringify(old), JSON.stringify(record(old.sessionId, { kind: 'callback', outcome: 'no_answer' })), old.createdAt, old.createdAt + 1);
    db.close();
    const store = createSqliteStore(path);
    try {
      for (const q of [{ kind: 'callback' }, { outcome: 'no_answer' }, { number: '+86209' }, { number: '+8640' }, { number: '+8610' }] as CallQuery[]) {
        assert.deepEqual((await store.calls.list(q, undefined, 10)).map((c) => c.call.sessionId), [old.sessionId], JSON.stringify(q));
      }
    } finally {
      await store.close();
    }
  });
});
