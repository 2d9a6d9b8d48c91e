// The calls listing by number (migration 021) on each backend: a number on every call pages
// newest first on (createdAt, sessionId) through call_numbers' own created_at, same-instant calls
// neither skipped nor repeated, other filters applied on the way; and the migration fills in
// created_at for the numbers of calls stored before it.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Call } from '../../src/domain/call.js';
import { createPool } from '../../src/store/postgres/pool.js';
import { loadPgMigrations, migratePg } from '../../src/store/postgres/migrate.js';
import { loadMigrations, migrate } from '../../src/store/sqlite/migrate.js';
import type { CallQuery, PushKey } from '../../src/store/types.js';
import { PG_URL, storeBackends, type TempStore } from './backends.js';
import { call, record, T0 } from './fixtures.js';

const sid = (n: number) => `1201_${n}_7_20260101000000@test`;
// Calls 1-9, all shown +8610; 4, 5 and 6 at one instant; even calls of app2; 7 ends busy.
const at = (n: number) => T0 + (n >= 4 && n <= 6 ? 4 : n) * 1000;
const notify = (n: number): Call => call(sid(n), {
  appKey: n % 2 === 0 ? 'app2' : 'app1', createdAt: at(n),
  plan: { kind: 'notify', displayNbr: '+8610', calleeNbr: `+8650${n}`, playInfoList: [] },
});

for (const b of storeBackends()) describe(`calls: listing by number (${b.name})`, { skip: b.skip }, () => {
  let t: TempStore;
  before(async () => {
    t = await b.open();
    for (let n = 1; n <= 9; n++) await t.store.calls.create(notify(n));
    await t.store.calls.finish(record(sid(7), { outcome: 'busy' }), undefined, []);
  });
  after(() => t.cleanup());

  const n = (id: string) => Number(id.split('_')[1]);
  async function pages(q: CallQuery, size: number): Promise<number[]> {
    const seen: number[] = [];
    let cursor: PushKey | undefined;
    for (;;) {
      const page = await t.store.calls.list(q, cursor, size);
      seen.push(...page.map((c) => n(c.call.sessionId)));
      if (page.length < size) return seen;
      cursor = { createdAt: page.at(-1)!.call.createdAt, id: page.at(-1)!.call.sessionId };
    }
  }

  it('pages a number on every call newest first, ties by session id, in pages of any size', async () => {
    // Same instant: session ids descending ('1201_6_…' > '1201_5_…' > '1201_4_…').
    const all = [9, 8, 7, 6, 5, 4, 3, 2, 1];
    for (const size of [1, 2, 4, 100]) assert.deepEqual(await pages({ number: '+8610' }, size), all, `pages of ${size}`);
  });

  it('applies the other filters to the number\'s calls, and the time range to its own created_at', async () => {
    assert.deepEqual(await pages({ number: '+8610', appKey: 'app2' }, 2), [8, 6, 4, 2]);
    assert.deepEqual(await pages({ number: '+8610', outcome: 'busy' }, 2), [7]);
    assert.deepEqual(await pages({ number: '+8610', state: 'active' }, 3), [9, 8, 6, 5, 4, 3, 2, 1]);
    assert.deepEqual(await pages({ number: '+8610', createdFrom: at(3), createdTo: at(8) }, 2), [7, 6, 5, 4, 3]);
    assert.deepEqual(await pages({ number: '+86505' }, 2), [5]);
    assert.deepEqual(await pages({ number: '+86505', appKey: 'app2' }, 2), []);
    assert.deepEqual(await pages({ number: '+8699' }, 2), []);
  });

  it('stores each number with its call\'s created_at', async () => {
    const rows = await t.sql<{ session_id: string; created_at: number | string }>("SELECT session_id, created_at FROM call_numbers WHERE number = '+8610'");
    assert.equal(rows.length, 9);
    for (const r of rows) assert.equal(Number(r.created_at), at(n(r.session_id)), r.session_id);
  });
});

describe('calls: migration 021 gives the numbers of older calls their created_at', () => {
  const old = notify(3);
  const insertOld = 'INSERT INTO calls (session_id, app_key, state, session_seq, call_json, created_at) VALUES ($1, $2, $3, 3, $4, $5)';

  it('on sqlite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'voxcall-m21-'));
    try {
      const db = new Database(join(dir, 'voxcall.db'));
      const all = loadMigrations();
      migrate(db, T0, all.filter((m) => m.version < 21));
      db.prepare(insertOld.replace(/\$\d/g, '?')).run(old.sessionId, old.appKey, 'active', JSON.stringify(old), old.createdAt);
      db.prepare("INSERT INTO call_numbers (number, session_id) VALUES ('+8610', ?), ('+86503', ?)").run(old.sessionId, old.sessionId);
      migrate(db, T0, all);
      assert.deepEqual(db.prepare('SELECT number, created_at FROM call_numbers ORDER BY number').all(),
        [{ number: '+8610', created_at: old.createdAt }, { number: '+86503', created_at: old.createdAt }]);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on postgres', { skip: PG_URL ? undefined : 'no PostgreSQL: set VOXCALL_TEST_DATABASE_URL' }, async () => {
    const schema = `m21_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = createPool(PG_URL!, { max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    const pool = createPool(PG_URL!, { schema, max: 2 });
    try {
      const all = loadPgMigrations();
      await migratePg(pool, T0, all.filter((m) => m.version < 21));
      await pool.query(insertOld, [old.sessionId, old.appKey, 'active', JSON.stringify(old), old.createdAt]);
      await pool.query("INSERT INTO call_numbers (number, session_id) VALUES ('+8610', $1), ('+86503', $1)", [old.sessionId]);
      await migratePg(pool, T0, all);
      const rows = (await pool.query('SELECT number, created_at FROM call_numbers ORDER BY number')).rows.map((r) => ({ number: r.number, created_at: Number(r.created_at) }));
      assert.deepEqual(rows, [{ number: '+8610', created_at: old.createdAt }, { number: '+86503', created_at: old.createdAt }]);
    } finally {
      await pool.end();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });
});
