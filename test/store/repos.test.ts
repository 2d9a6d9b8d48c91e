// The store contract for apps, nonces, migrations and calls, on each backend (backends.ts).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { loadPgMigrations } from '../../src/store/postgres/migrate.js';
import { sessionSeq } from '../../src/store/sql/call-query.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { loadMigrations } from '../../src/store/sqlite/migrate.js';
import { storeBackends, type TempStore } from './backends.js';
import { call, event, push, record, sessionId, T0 } from './fixtures.js';

/** The pushes of a session as stored (read with SQL, so this suite needs only the calls repository). */
const pushIds = async (t: TempStore, sid: string) =>
  (await t.sql<{ id: string }>('SELECT id FROM pushes WHERE session_id = ? ORDER BY id', sid)).map((r) => r.id);

for (const b of storeBackends()) {
  describe(`store: apps (${b.name})`, { skip: b.skip }, () => {
    let t: TempStore;
    before(async () => { t = await b.open(); });
    after(() => t.cleanup());

    it('puts and gets apps (upsert), numbers, voice files and templates', async () => {
      const app = {
        appKey: 'k1', appSecret: 's', spId: 'sp', name: 'n', status: 'active' as const,
        capabilities: ['notify' as const, 'verify' as const], recordingEnabled: true,
        feeUrl: 'http://x/fee', portQuota: 5, createdAt: T0,
      };
      await t.store.apps.put(app);
      assert.deepEqual(await t.store.apps.get('k1'), app);
      await t.store.apps.put({ ...app, status: 'suspended', statusUrl: 'http://x/s' });
      assert.equal((await t.store.apps.get('k1'))?.status, 'suspended');
      assert.equal((await t.store.apps.get('k1'))?.statusUrl, 'http://x/s');
      assert.equal(await t.store.apps.get('nope'), undefined);

      await t.store.apps.putNumber({ number: '+862', appKey: 'k1', status: 'active' });
      await t.store.apps.putNumber({ number: '+861', appKey: 'k1', status: 'suspended' });
      assert.deepEqual((await t.store.apps.numbers('k1')).map((n) => n.number), ['+861', '+862']);

      await t.store.apps.putVoiceFile({ name: 'a.wav', durationMs: 10, path: '/a', review: 'approved' });
      await t.store.apps.putVoiceFile({ name: 'a.wav', appKey: 'k1', durationMs: 20, path: '/b', review: 'pending' });
      const files = await t.store.apps.voiceFiles();
      assert.deepEqual(files, [
        { name: 'a.wav', durationMs: 10, path: '/a', review: 'approved' },
        { name: 'a.wav', appKey: 'k1', durationMs: 20, path: '/b', review: 'pending' },
      ]);
      await t.store.apps.putTemplate({ id: 't1', content: 'code ${NUM_6}', review: 'approved' });
      await t.store.apps.putTemplate({ id: 't1', content: 'changed', review: 'approved' });
      assert.deepEqual(await t.store.apps.templates(), [{ id: 't1', content: 'changed', review: 'approved' }]);
    });

  });

  describe(`store: nonces, migrations (${b.name})`, { skip: b.skip }, () => {
    let t: TempStore;
    before(async () => { t = await b.open(); });
    after(() => t.cleanup());

    it('records the applied migrations; reopening applies none again', async () => {
      const rows = await t.sql<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
      const files = b.name === 'sqlite' ? loadMigrations() : loadPgMigrations();
      assert.deepEqual(rows.map((r) => ({ version: Number(r.version), name: r.name })), files.map((m) => ({ version: m.version, name: m.name })));
      if (b.name === 'sqlite') {
        // SQLite only: the file is in WAL mode (PostgreSQL has no such setting).
        const db = new Database(t.path, { readonly: true });
        assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
        db.close();
        const again = createSqliteStore(t.path);
        await again.close();
      } else {
        await t.another();
      }
      assert.equal((await t.sql('SELECT version FROM schema_migrations')).length, files.length);
    });

    it('nonces: second use inside the window is refused, reusable after expiry, pruned', async () => {
      assert.equal(await t.store.nonces.useOnce('k1', 'N1', T0 + 1000, T0), true);
      assert.equal(await t.store.nonces.useOnce('k1', 'N1', T0 + 1500, T0 + 500), false);
      assert.equal(await t.store.nonces.useOnce('k2', 'N1', T0 + 1000, T0), true, 'per app');
      assert.equal(await t.store.nonces.useOnce('k1', 'N1', T0 + 3000, T0 + 1000), true, 'expired: usable');
      assert.equal(await t.store.nonces.prune(T0 + 2000), 1);
      assert.equal(await t.store.nonces.prune(T0 + 5000), 1);
    });
  });

  describe(`store: calls (${b.name})`, { skip: b.skip }, () => {
    let t: TempStore;
    before(async () => { t = await b.open(); });
    after(() => t.cleanup());

    it('parses the per-node sequence of session ids', () => {
      assert.equal(sessionSeq('1201_612_4294967295_20190124030424@callenabler245.huaweicaas.com'), 612);
      assert.equal(sessionSeq('garbage'), null);
    });

    it('creates, appends events with their pushes, finishes with record, recording and pushes', async () => {
      assert.equal(await t.store.calls.maxSessionSeq(), 0);
      const sid = sessionId(41);
      const c = call(sid);
      await t.store.calls.create(c);
      await t.store.calls.create(call(sessionId(7)));
      assert.equal(await t.store.calls.maxSessionSeq(), 41);
      assert.deepEqual((await t.store.calls.unfinished()).map((x) => x.sessionId).sort(), [sessionId(7), sid].sort());

      await t.store.calls.appendEvent(event(sid, 1), [push({ id: 'e1', sessionId: sid })]);
      await t.store.calls.appendEvent(event(sid, 2, 'alerting'), []);
      const rec = record(sid, {
        recording: { objectName: 'o1.wav', bucketName: 'b', domain: 'd', startAt: T0, endAt: T0 + 5, path: '/r/o1.wav' },
      });
      await t.store.calls.finish(rec, event(sid, 3, 'disconnect'), [
        push({ id: 'e3', sessionId: sid }), push({ id: 'r1', sessionId: sid, kind: 'record' }),
      ]);

      const got = await t.store.calls.get(sid);
      assert.ok(got);
      assert.equal(got.state, 'ended');
      assert.deepEqual(got.call, c);
      assert.deepEqual(got.record, rec);
      assert.deepEqual(got.events.map((e) => e.type), ['callout', 'alerting', 'disconnect']);
      assert.deepEqual((await t.store.calls.unfinished()).map((x) => x.sessionId), [sessionId(7)]);
      assert.deepEqual(await t.store.calls.recording('app1', 'o1.wav'), {
        sessionId: sid, appKey: 'app1', objectName: 'o1.wav', bucketName: 'b', domain: 'd',
        startAt: T0, endAt: T0 + 5, path: '/r/o1.wav',
      });
      assert.equal(await t.store.calls.recording('other', 'o1.wav'), undefined);
      assert.deepEqual(await pushIds(t, sid), ['e1', 'e3', 'r1']);
      assert.equal(await t.store.calls.get('nope'), undefined);
    });

    it('finish is atomic: a failure at its end leaves no event, record, recording, feed row or push', async () => {
      const sid = sessionId(50);
      await t.store.calls.create(call(sid));
      await t.sql(
        "INSERT INTO pushes (id, app_key, session_id, dialect, kind, url, seq, items, item_count, schedule, timeout_ms, state, next_at, created_at) VALUES ('dup', 'app1', 's1', 'huawei', 'status', 'http://x', 1, '[]', 1, '[]', 1000, 'delivered', 0, 0)",
      );
      const rec = record(sid, {
        recording: { objectName: 'o2.wav', bucketName: 'b', domain: 'd', startAt: T0, endAt: T0, path: '/p' },
      });
      // The second push reuses an existing id, so the INSERT at the very end of finish throws.
      await assert.rejects(() => t.store.calls.finish(rec, event(sid, 1, 'disconnect'), [
        push({ id: 'fresh', sessionId: sid }), push({ id: 'dup', sessionId: sid }),
      ]));
      const got = await t.store.calls.get(sid);
      assert.equal(got?.state, 'active');
      assert.equal(got?.record, undefined);
      assert.deepEqual(got?.events, []);
      assert.equal(await t.store.calls.recording('app1', 'o2.wav'), undefined);
      assert.deepEqual(await pushIds(t, sid), []);
      assert.deepEqual(await t.sql('SELECT 1 FROM feed WHERE session_id = ?', sid), []);
    });

    it('appendEvent is atomic too, and finish refuses an unknown or ended call', async () => {
      const sid = sessionId(51);
      await t.store.calls.create(call(sid));
      await t.store.calls.appendEvent(event(sid, 1), []);
      await assert.rejects(() => t.store.calls.appendEvent(event(sid, 1), [push({ id: 'x1', sessionId: sid })]));
      assert.deepEqual(await pushIds(t, sid), []);
      assert.equal((await t.sql('SELECT 1 FROM feed WHERE session_id = ?', sid)).length, 1, 'the feed row of the first event only');
      await assert.rejects(() => t.store.calls.finish(record('nope'), undefined, []));
      await t.store.calls.finish(record(sid), undefined, []);
      await assert.rejects(() => t.store.calls.finish(record(sid), undefined, []));
    });

    it('two nodes finishing one call at once: one succeeds, the other changes nothing', async () => {
      const sid = sessionId(52);
      await t.store.calls.create(call(sid));
      const other = await t.another();
      const results = await Promise.allSettled([
        t.store.calls.finish(record(sid), event(sid, 1, 'disconnect'), [push({ id: 'f1', sessionId: sid })]),
        other.calls.finish(record(sid, { outcome: 'busy' }), event(sid, 2, 'disconnect'), [push({ id: 'f2', sessionId: sid })]),
      ]);
      assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
      const won = results[0].status === 'fulfilled' ? 0 : 1;
      const got = await t.store.calls.get(sid);
      assert.equal(got?.record?.outcome, won === 0 ? 'answered' : 'busy');
      assert.deepEqual(got?.events.map((e) => e.seq), [won + 1]);
      assert.deepEqual(await pushIds(t, sid), [won === 0 ? 'f1' : 'f2']);
      assert.equal((await t.sql('SELECT 1 FROM feed WHERE session_id = ?', sid)).length, 2, 'one event and one record');
    });
  });
}
