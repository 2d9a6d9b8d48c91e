// FeedRepo on each backend (backends.ts): paging by id, pruning by time, and every row seen exactly
// once in per-session order while two nodes write and a third reads. Then PostgreSQL only (its feed
// is numbered after commit, migration 006 and src/store/postgres/feed.ts; SQLite has one writer
// and no such step): an open transaction holds numbering back, blocks of rows are numbered in
// (tx, id) order.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { CallEvent, CallRecord } from '../../src/domain/call.js';
import type { FeedEntry, Store } from '../../src/store/types.js';
import { PG_URL, postgresBackend, storeBackends, type TempStore } from './backends.js';
import { call, event, record, sessionId, T0 } from './fixtures.js';

/**
 * Pages through the app's feed from `cursor` until `want` entries are read (never waiting on a
 * timer). `check` runs after each empty page and may throw to end the wait.
 */
async function readUntil(
  store: Store, appKey: string, want: number, cursor = 0, pageSize = 7, check?: (seen: FeedEntry[]) => Promise<void>,
): Promise<FeedEntry[]> {
  const seen: FeedEntry[] = [];
  while (seen.length < want) {
    const page = await store.feed.since(appKey, cursor, pageSize);
    for (const e of page) {
      seen.push(e);
      cursor = e.id;
    }
    if (page.length === 0) await check?.(seen);
    // Lets the writers' callbacks (SQLite's group commit runs on the event loop) take their turn.
    await new Promise(setImmediate);
  }
  return seen;
}

const seqOf = (e: FeedEntry) => (e.kind === 'status' ? (e.body as CallEvent).seq : 'record');

for (const b of storeBackends()) {
  describe(`feed (${b.name})`, { skip: b.skip }, () => {
    let t: TempStore;
    before(async () => { t = await b.open(); });
    after(() => t.cleanup());

    it('since: the app\'s events and records in order, after a cursor, at most limit', async () => {
      const sid = sessionId();
      await t.store.calls.create(call(sid, { appKey: 'fa' }));
      await t.store.calls.create(call(sessionId(), { appKey: 'fb' }));
      await t.store.calls.appendEvent(event(sid, 1), []);
      await t.store.calls.appendEvent(event(sid, 2, 'alerting'), []);
      const rec = record(sid, { appKey: 'fa' });
      await t.store.calls.finish(rec, event(sid, 3, 'disconnect'), []);

      // readUntil: the same way a client pages, until it has them all.
      const all = await readUntil(t.store, 'fa', 4, 0, 10);
      assert.deepEqual(await t.store.feed.since('fa', 0, 10), all);
      assert.deepEqual(all.map((e) => [e.kind, e.appKey, e.sessionId]), [
        ['status', 'fa', sid], ['status', 'fa', sid], ['status', 'fa', sid], ['record', 'fa', sid],
      ]);
      assert.deepEqual(all.map(seqOf), [1, 2, 3, 'record']);
      assert.deepEqual(all[1]!.body, event(sid, 2, 'alerting'));
      assert.equal(all[1]!.at, T0 + 2000);
      assert.deepEqual(all[3]!.body as CallRecord, rec);
      assert.equal(all[3]!.at, rec.callEndAt);
      assert.ok(all.every((e, i) => i === 0 || e.id > all[i - 1]!.id), 'ids increase');

      assert.deepEqual((await t.store.feed.since('fa', all[1]!.id, 1)).map(seqOf), [3]);
      assert.deepEqual(await t.store.feed.since('fa', all[3]!.id, 10), []);
      assert.deepEqual(await t.store.feed.since('fb', 0, 10), [], 'another app\'s feed');
    });

    it('prune: deletes up to batchSize entries older than olderThan, by `at`', async () => {
      const sid = sessionId();
      await t.store.calls.create(call(sid, { appKey: 'pr' }));
      for (const seq of [1, 2, 3, 4]) await t.store.calls.appendEvent(event(sid, seq), []);
      const before = await readUntil(t.store, 'pr', 4, 0, 10);
      // Everything the first test wrote is at T0 + 1000..9000 too: prune below T0 + 1500 first.
      let pruned = 0;
      for (let n; (n = await t.store.feed.prune(T0 + 1500, 1)) > 0;) {
        assert.equal(n, 1, 'one per batch');
        pruned += n;
      }
      assert.equal(pruned, 2, 'the seq 1 events of both sessions');
      assert.deepEqual((await t.store.feed.since('pr', 0, 10)).map(seqOf), [2, 3, 4]);
      assert.equal(await t.store.feed.prune(T0 + 3000, 100), 2, 'the seq 2 events of both (T0 + 3000 is not older)');
      const after = await t.store.feed.since('pr', 0, 10);
      assert.deepEqual(after.map(seqOf), [3, 4]);
      assert.deepEqual(after.map((e) => e.id), before.slice(2).map((e) => e.id), 'the rest keep their ids');
    });

    it('two nodes writing, a third reading: every entry once, each session in order', async () => {
      const writers = [await t.another(), await t.another()];
      const sessions = 6;
      const events = 4;
      const total = 2 * sessions * (events + 1);
      let written: 'writing' | 'done' | { failed: unknown } = 'writing';
      const writing = Promise.all(writers.flatMap((w, n) => Array.from({ length: sessions }, async (_, i) => {
        const sid = sessionId(1000 + n * 100 + i);
        await w.calls.create(call(sid, { appKey: 'race' }));
        for (let seq = 1; seq <= events; seq++) await w.calls.appendEvent(event(sid, seq), []);
        await w.calls.finish(record(sid, { appKey: 'race' }), undefined, []);
      }))).then(() => { written = 'done'; }, (failed: unknown) => { written = { failed }; });

      // A skipped entry would leave the reader short forever: fail once a read from the start
      // finds every entry while paging still finds none.
      const seen = await readUntil(t.store, 'race', total, 0, 7, async (sofar) => {
        if (typeof written === 'object') throw written.failed;
        if (written === 'done' && (await t.store.feed.since('race', 0, total + 1)).length === total) {
          assert.fail(`paging read ${sofar.length} of ${total} entries: some were skipped`);
        }
      });
      await writing;
      assert.equal(written, 'done');
      assert.equal(new Set(seen.map((e) => e.id)).size, seen.length, 'no entry twice');
      assert.ok(seen.every((e, i) => i === 0 || e.id > seen[i - 1]!.id), 'in id order');
      const bySession = new Map<string, Array<number | string>>();
      for (const e of seen) bySession.set(e.sessionId, [...(bySession.get(e.sessionId) ?? []), seqOf(e)]);
      assert.equal(bySession.size, 2 * sessions);
      for (const [sid, seqs] of bySession) assert.deepEqual(seqs, [1, 2, 3, 4, 'record'], sid);
      assert.deepEqual(await t.store.feed.since('race', seen.at(-1)!.id, 10), [], 'nothing after the last');
    });
  });
}

describe('feed numbering after commit (postgres only: SQLite\'s ids are given at commit by its one writer)', { skip: postgresBackend.skip }, () => {
  let t: TempStore;
  let client: pg.Client;
  before(async () => {
    t = await postgresBackend.open();
    const [row] = await t.sql<{ schema: string }>('SELECT current_schema() AS schema');
    client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${row!.schema}` });
    await client.connect();
  });
  after(async () => {
    await client.end();
    await t.cleanup();
  });

  it('a row whose transaction commits late is numbered after the rows read meanwhile, and a reader past them still gets it', async () => {
    const sid = sessionId();
    await t.store.calls.create(call(sid, { appKey: 'held' }));
    await t.store.calls.appendEvent(event(sid, 1), []);
    const [first] = await readUntil(t.store, 'held', 1);

    // A smaller id than the next row, committed after it.
    await client.query('BEGIN');
    await client.query(
      "INSERT INTO feed (app_key, session_id, kind, at, body) VALUES ('held', $1, 'status', $2, $3)",
      [sid, T0 + 2000, JSON.stringify(event(sid, 2, 'alerting'))],
    );
    await t.store.calls.appendEvent(event(sid, 3), []);
    const [third] = await readUntil(t.store, 'held', 1, first!.id);
    assert.equal(seqOf(third!), 3, 'the committed row is read at once');
    assert.deepEqual(await t.sql('SELECT pos FROM feed WHERE session_id = ? AND at = ?', sid, T0 + 2000), [], 'the open one is not seen');
    await client.query('COMMIT');

    const late = await readUntil(t.store, 'held', 1, third!.id);
    assert.equal(seqOf(late[0]!), 2, 'a reader whose cursor is past the third row still gets the late one');
    assert.ok(late[0]!.id > third!.id);
    const [{ n }] = await t.sql<{ n: number }>('SELECT COUNT(*) AS n FROM feed WHERE pos IS NULL') as [{ n: number }];
    assert.equal(n, 0);
  });

  it('numbers more rows than one batch, all in id order', async () => {
    // Three transactions, the middle one with 2,500 rows (more than a numbering batch).
    await t.sql("INSERT INTO feed (app_key, session_id, kind, at, body) VALUES ('bulk', 's', 'status', 0, '{}')");
    await t.sql("INSERT INTO feed (app_key, session_id, kind, at, body) SELECT 'bulk', 's', 'status', g, '{}' FROM generate_series(1, 2500) g");
    await t.sql("INSERT INTO feed (app_key, session_id, kind, at, body) VALUES ('bulk', 's', 'status', 2501, '{}')");
    const seen = await readUntil(t.store, 'bulk', 2502, 0, 5000);
    assert.deepEqual(seen.map((e) => e.at), Array.from({ length: 2502 }, (_, i) => i));
    const rows = await t.sql<{ id: number }>("SELECT id FROM feed WHERE app_key = 'bulk' ORDER BY pos");
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1]!.id < rows[i]!.id, `pos order follows id at ${i}`);
  });
});
