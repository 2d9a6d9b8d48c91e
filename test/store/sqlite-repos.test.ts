import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { sessionSeq } from '../../src/store/sql/call-query.js';
import { loadMigrations } from '../../src/store/sqlite/migrate.js';
import { call, event, push, record, sessionId, T0, tempStore, type TempStore } from './fixtures.js';

describe('sqlite store: apps, nonces, migrations', () => {
  let t: TempStore;
  before(() => { t = tempStore(); });
  after(() => t.cleanup());

  it('opens in WAL mode and records the applied migrations; reopening applies none again', async () => {
    const db = new Database(t.path, { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    const rows = db.prepare('SELECT version, name FROM schema_migrations').all();
    assert.deepEqual(rows, loadMigrations().map((m) => ({ version: m.version, name: m.name })));
    db.close();
    const again = createSqliteStore(t.path);
    await again.close();
  });

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

  it('nonces: second use inside the window is refused, reusable after expiry, pruned', async () => {
    assert.equal(await t.store.nonces.useOnce('k1', 'N1', T0 + 1000, T0), true);
    assert.equal(await t.store.nonces.useOnce('k1', 'N1', T0 + 1500, T0 + 500), false);
    assert.equal(await t.store.nonces.useOnce('k2', 'N1', T0 + 1000, T0), true, 'per app');
    assert.equal(await t.store.nonces.useOnce('k1', 'N1', T0 + 3000, T0 + 1000), true, 'expired: usable');
    assert.equal(await t.store.nonces.prune(T0 + 2000), 1);
    assert.equal(await t.store.nonces.prune(T0 + 5000), 1);
  });
});

describe('sqlite store: calls', () => {
  let t: TempStore;
  before(() => { t = tempStore(); });
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
    assert.deepEqual((await t.store.outbox.list({ sessionId: sid })).map((p) => p.id).sort(), ['e1', 'e3', 'r1']);
  });

  it('finish is atomic: a failure at its end leaves no event, record, recording or push', async () => {
    const sid = sessionId(50);
    await t.store.calls.create(call(sid));
    await t.store.outbox.enqueue([push({ id: 'dup' })]);
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
    assert.equal(await t.store.outbox.get('fresh'), undefined);
  });

  it('appendEvent is atomic too, and finish refuses an unknown or ended call', async () => {
    const sid = sessionId(51);
    await t.store.calls.create(call(sid));
    await t.store.calls.appendEvent(event(sid, 1), []);
    await assert.rejects(() => t.store.calls.appendEvent(event(sid, 1), [push({ id: 'x1', sessionId: sid })]));
    assert.equal(await t.store.outbox.get('x1'), undefined);
    await assert.rejects(() => t.store.calls.finish(record('nope'), undefined, []));
    await t.store.calls.finish(record(sid), undefined, []);
    await assert.rejects(() => t.store.calls.finish(record(sid), undefined, []));
  });
});
