// `voxcall migrate-store` as a user runs it (a real subprocess): a SQLite data directory filled
// through the SQLite store with rows in every table, copied into a real PostgreSQL schema of its
// own, compared table by table; and each refusal, as its one line.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { migrateStore as migrateStoreIn } from '../../src/store/migrate-store/index.js';
import { KNOWN_TABLES } from '../../src/store/migrate-store/plan.js';
import { loadPgMigrations, migratePg } from '../../src/store/postgres/migrate.js';
import { createPool } from '../../src/store/postgres/pool.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { loadMigrations, migrate } from '../../src/store/sqlite/migrate.js';
import type { Store } from '../../src/store/types.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { PG_URL, postgresBackend } from '../store/backends.js';
import { call, event, push, record, sessionId, T0 } from '../store/fixtures.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'voxcall-migrate-'));
  dirs.push(d);
  return d;
}

const HOUR = 3_600_000;

/** Rows in every table, written the way voxcall writes them. */
async function fill(store: Store): Promise<void> {
  const now = Date.now();
  await store.apps.put({
    appKey: 'app1', appSecret: 's1', spId: 'sp1', name: 'shop', status: 'active', capabilities: ['notify', 'callback'],
    recordingEnabled: true, statusUrl: 'http://r.example/status', portQuota: 10, allowedClientIps: ['10.0.0.0/8'],
    createdAt: T0, previousSecret: 's0', previousSecretUntil: T0 + HOUR,
  });
  await store.apps.put({ appKey: 'app2', appSecret: 's2', spId: 'sp2', name: 'other', status: 'suspended', capabilities: ['verify'], recordingEnabled: false, portQuota: 1, createdAt: T0 + 1 });
  await store.apps.putNumber({ number: '+861001', appKey: 'app1', status: 'active' });
  await store.apps.putNumber({ number: '+861002', appKey: 'app2', status: 'suspended' });
  await store.apps.putVoiceFile({ name: 'welcome.wav', durationMs: 3000, path: '/data/media/welcome.wav', review: 'approved' });
  await store.apps.putVoiceFile({ name: 'hi.wav', appKey: 'app1', durationMs: 1200, path: '/data/media/app1/hi.wav', review: 'rejected', reviewNote: 'noise', format: 'PCM 16-bit 8000 Hz mono', sizeBytes: 19_244, createdAt: T0 });
  await store.apps.putTemplate({ id: 'otp', appKey: 'app1', content: '您的验证码是${CODE_6}', review: 'pending', createdAt: T0 });
  await store.apps.putTemplate({ id: 'test_template', content: '您有${NUM_2}件快递', review: 'approved' });
  assert.equal(await store.nonces.useOnce('app1', 'n-live', now + HOUR, now), true);
  assert.equal(await store.nonces.useOnce('app1', 'n-expired', now - HOUR, now - 2 * HOUR), true);
  await store.policy.addListEntry({ scope: 'app1', list: 'calleeBlacklist', number: '+861380000', createdAt: T0 });
  await store.policy.putSettings('app1', { appCalls: { max: 5, windowS: 60 }, whitelistMode: false }, T0);
  await store.subscriptions.create({
    id: 'sub1', appKey: 'app1', url: 'http://r.example/vsp', format: 'vsp', receives: 'both', events: ['callout', 'answer'],
    retrySchedule: [1000, 5000], timeoutMs: 3000, secret: 'whsec_AAAA', failoverUrl: 'http://r2.example/vsp', enabled: true, createdAt: T0, updatedAt: T0 + 5,
  });
  await store.endpoints.setPaused('http://gone.example/x', true, 'HTTP 410', T0);
  // An IP blocked, another with a failure on its way there.
  await store.lockouts.recordFailure('192.0.2.1', now, 5 * 60_000, 1, HOUR);
  await store.lockouts.recordFailure('192.0.2.2', now, 5 * 60_000, 10, HOUR);
  await store.nodes.heartbeat({ id: 'sqlite-node', role: 'all', hostName: 'voxcall.test', startedAt: now, heartbeatAt: now });
  // A dialogue flow in two versions, the first held by a task.
  const flowDef = { start: 'a', nodes: [{ id: 'a', type: 'say' as const, text: 'hello ${name}', next: 'b' }, { id: 'b', type: 'hangup' as const }] };
  assert.equal(await store.flows.create({ id: 'robot1', appKey: 'app1', name: 'reminder', definition: flowDef, note: 'first', createdAt: T0 }), true);
  await store.flows.addVersion('app1', 'robot1', { definition: { ...flowDef, description: 'v2' }, at: T0 + 5 });
  assert.equal(await store.flows.use('app1', 'robot1', { kind: 'task', id: 'task1', version: 1, since: T0 + 6 }), 'added');
  // An outbound task (migration 014) with a row tried once.
  await store.tasks.create({
    taskId: 'task1', appKey: 'app1', name: 'remind', flowId: 'robot1', displayNumbers: ['+861001'], timeZone: 'Asia/Shanghai', windows: [],
    forbiddenDates: [], concurrency: 2, cps: 1, retry: { maxTries: 2, intervalSeconds: 60, retryOn: ['5'] }, state: 'running', rowCount: 0, createdAt: T0, updatedAt: T0,
  });
  assert.ok((await store.tasks.beginUpload('task1', 'u1', ['callee'], T0, 60_000)).ok);
  await store.tasks.stageRows('task1', 'u1', [{ callee: '+8613900000001', values: ['+8613900000001'] }], 2, T0, 60_000);
  await store.tasks.finishUpload('task1', 'u1', ['callee'], T0);
  const [row] = await store.tasks.claimDueRows('task1', T0, 1);
  assert.equal(await store.tasks.recordTry('task1', row!.rowIndex, row!.try, { result: '5', sessionId: sessionId(9) }, T0 + 60_000, T0), true);
  // Privacy numbers (migration 017): a pool with an X bound to A and B.
  await store.apps.addNumber({ number: '+8675528000101', appKey: 'app1', status: 'active' });
  await store.privacy.createPool({ poolId: 'NP1', appKey: 'app1', name: 'riders', createdAt: T0 });
  await store.privacy.addNumber({ number: '+8675528000101', poolId: 'NP1', appKey: 'app1', areaCode: '755', addedAt: T0 });
  await store.privacy.bind({ subscriptionId: 'sub1', appKey: 'app1', poolId: 'NP1', kind: 'AXB', a: '+8613900000011', b: '+8613900000012', record: true, maxDuration: 5, displayType: 1, requestId: 'r1', requestHash: 'h', expiresAt: T0 + HOUR }, T0);

  // An inbound route (migration 016) on an app's number.
  assert.equal(await store.inboundRoutes.put({ number: '+861001', appKey: 'app1', action: { type: 'forward', to: '+8613900000001', record: true }, createdAt: T0, updatedAt: T0 }), true);

  const take = { scope: 'app:60', key: 'app1', windowStart: T0, expiresAt: T0 + 60_000, max: 100 };
  for (const n of [1, 2, 3]) {
    const sid = sessionId(n);
    assert.deepEqual(await store.calls.create(call(sid), [take]), {});
    await store.calls.appendEvent(event(sid, 1), [push({ id: `e${n}`, sessionId: sid, orderKey: sid, seq: 1, subscriptionId: 'sub1' })]);
    if (n < 3) {
      const recording = { objectName: `rec${n}.wav`, bucketName: 'b', domain: 'voxcall.test', startAt: T0, endAt: T0 + 9000, path: `/data/recordings/rec${n}.wav` };
      await store.calls.finish(record(sid, { recording }), event(sid, 2, 'disconnect'), [push({ id: `r${n}`, sessionId: sid, kind: 'record', seq: 2 })]);
    }
  }
  const claimed = await store.outbox.claim(T0 + HOUR, 10, 30_000, () => 1);
  assert.ok(claimed.length >= 2);
  await store.outbox.complete([{ pushId: claimed[0]!.id, n: 1, at: T0 + HOUR, latencyMs: 12, ok: true, httpStatus: 200, responseHead: '{"ok":1}' }], { state: 'delivered' });
  await store.outbox.complete([
    { pushId: claimed[1]!.id, n: 1, at: T0 + HOUR, latencyMs: 5000, ok: false, errorClass: 'timeout', error: 'timed out' },
    { pushId: claimed[1]!.id, n: 2, at: T0 + HOUR + 1, latencyMs: 8, ok: true, httpStatus: 204, url: 'http://r2.example/vsp' },
  ], { state: 'delivered' });
}

/** A data directory whose voxcall.db holds rows in every table (checked: a table left empty would prove nothing). */
async function filledDataDir(): Promise<string> {
  const dir = tempDir();
  const store = createSqliteStore(join(dir, 'voxcall.db'));
  await fill(store);
  await store.close();
  const db = new Database(join(dir, 'voxcall.db'), { readonly: true });
  for (const t of KNOWN_TABLES) assert.ok((db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number) > 0, `the fixture has no ${t}`);
  db.close();
  return dir;
}

/** Raw SQL on the source file (foreign keys off, as a hand-edited file could be). */
function onSource(dir: string, sql: string): void {
  const db = new Database(join(dir, 'voxcall.db'));
  db.exec(sql);
  db.close();
}

const migrateStore = (args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> =>
  runCli(['migrate-store', ...args], { VOXCALL_DATABASE_URL: undefined, VOXCALL_DATABASE_SCHEMA: undefined, ...env });

/** Asserts a refusal: exit 1 and exactly one line on stderr matching `line`. */
function refused(run: CliRun, line: RegExp): void {
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
  assert.match(run.stderr, line);
}

describe('migrate-store refusals before any database is reached', () => {
  const target = 'postgres://voxcall:s3cret-pw@127.0.0.1:1/voxcall';

  test('a data directory without voxcall.db', async () => {
    const dir = tempDir();
    refused(await migrateStore(['--from', dir, '--to', target]), new RegExp(`${dir} has no voxcall\\.db`));
  });

  test('a voxcall still running from the data directory', async () => {
    const dir = await filledDataDir();
    // This test process is alive and is not the CLI's own process: to the CLI, a running voxcall.
    writeFileSync(join(dir, 'server.json'), JSON.stringify({ url: 'http://127.0.0.1:8080', pid: process.pid, startedAt: new Date().toISOString() }));
    refused(await migrateStore(['--from', dir, '--to', target]), new RegExp(`a voxcall \\(pid ${process.pid}\\) runs from .* stop it first`));
  });

  test('a SQLite database an older voxcall left (a migration not applied)', async () => {
    const dir = tempDir();
    const db = new Database(join(dir, 'voxcall.db'));
    const all = loadMigrations();
    migrate(db, T0, all.slice(0, -1));
    db.close();
    refused(await migrateStore(['--from', dir, '--to', target]),
      new RegExp(`is at schema version ${all.length - 1}, this voxcall's is ${all[all.length - 1]!.version}: start this version of voxcall once`));
  });

  test('a table this version does not know (a later migration) stops the move rather than being left behind', async () => {
    const dir = await filledDataDir();
    onSource(dir, 'CREATE TABLE call_tags (session_id TEXT NOT NULL, tag TEXT NOT NULL)');
    refused(await migrateStore(['--from', dir, '--to', target]), /voxcall\.db has table\(s\) this version cannot copy: call_tags/);
  });

  test('an unreachable target, named without its password', async () => {
    const dir = await filledDataDir();
    const run = await migrateStore(['--from', dir], { VOXCALL_DATABASE_URL: target });
    refused(run, /cannot reach PostgreSQL at postgres:\/\/voxcall:\*\*\*@127\.0\.0\.1:1\/voxcall: .*ECONNREFUSED/);
    assert.doesNotMatch(run.stderr + run.stdout, /s3cret-pw/);
  });

  test('no target at all', async () => {
    const dir = await filledDataDir();
    refused(await migrateStore(['--from', dir]), /name the PostgreSQL database: --to postgres:\/\/\.\.\. or VOXCALL_DATABASE_URL/);
  });
});

describe('migrate-store into PostgreSQL', { skip: postgresBackend.skip }, () => {
  let n = 0;
  const pools: Array<{ pool: pg.Pool; schema: string }> = [];
  after(async () => {
    for (const { pool, schema } of pools) {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    }
  });

  /** A schema of this test's own on the test server, and a pool on it. */
  function targetSchema(): { schema: string; pool: pg.Pool } {
    const schema = `mig${process.pid}_${++n}_${Math.random().toString(36).slice(2, 8)}`;
    const pool = createPool(PG_URL!, { schema, max: 2 });
    pools.push({ pool, schema });
    return { schema, pool };
  }

  const copy = (dir: string, schema: string) => migrateStore(['--from', dir, '--to', PG_URL!, '--schema', schema]);

  async function targetCounts(pool: pg.Pool): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of KNOWN_TABLES) out[t] = Number((await pool.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
    return out;
  }

  test('copies every table: the same rows, column by column, and says what it copied and what stays', async () => {
    const dir = await filledDataDir();
    const { schema, pool } = targetSchema();
    const run = await copy(dir, schema);
    assert.equal(run.code, 0, run.stderr);

    const db = new Database(join(dir, 'voxcall.db'), { readonly: true });
    for (const t of KNOWN_TABLES) {
      const columns = db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(t) as string[];
      const pk = (db.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').pluck().all(t) as string[]).join(', ');
      const select = `SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM ${t}`;
      const nonceLive = t === 'nonces' ? " WHERE nonce <> 'n-expired'" : '';
      const expected = db.prepare(`${select}${nonceLive} ORDER BY ${pk}`).all();
      const got = (await pool.query(`${select} ORDER BY ${pk}`)).rows;
      assert.deepEqual(got, expected, t);
      assert.match(run.stdout, new RegExp(`^  ${t} +${expected.length}\\b`, 'm'), `${t} in:\n${run.stdout}`);
    }
    assert.match(run.stdout, /^  nonces +1 \(1 expired, left behind\)$/m);
    db.close();
    const feed = (await pool.query('SELECT id, pos FROM feed ORDER BY id')).rows as Array<{ id: number; pos: number }>;
    assert.ok(feed.length >= 5 && feed.every((r) => r.pos === r.id), JSON.stringify(feed));
    assert.match(run.stdout, new RegExp(`^copied \\d+ rows into .*\\(schema ${schema}\\) in \\d+\\.\\d s`, 'm'));
    assert.match(run.stdout, new RegExp(`the files stay in ${dir} \\(recordings/, media/`));
    assert.doesNotMatch(run.stdout, /:[^:@/]+@/, 'no password in the output');
  });

  test('the pull cursor continues: a feed row written after the move numbers after every id SQLite gave', async () => {
    const dir = await filledDataDir();
    // The newest entry pruned: SQLite's AUTOINCREMENT still remembers its id, and so must the target.
    onSource(dir, 'DELETE FROM feed WHERE id = (SELECT max(id) FROM feed)');
    const src = new Database(join(dir, 'voxcall.db'), { readonly: true });
    const given = src.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'feed'").pluck().get() as number;
    const kept = src.prepare('SELECT max(id) FROM feed').pluck().get() as number;
    src.close();
    assert.ok(given > kept);

    const { schema, pool } = targetSchema();
    assert.equal((await copy(dir, schema)).code, 0);
    // What a node writes (a row without pos) and what a reader then does: number it after commit.
    await pool.query("INSERT INTO feed (app_key, session_id, kind, at, body) VALUES ('app1', 's-new', 'status', 1, '{}')");
    await pool.query("UPDATE feed SET pos = nextval('feed_pos') WHERE pos IS NULL");
    const row = (await pool.query("SELECT id, pos FROM feed WHERE session_id = 's-new'")).rows[0] as { id: number; pos: number };
    assert.deepEqual(row, { id: given + 1, pos: given + 1 });
  });

  test('a target that is not empty is refused and left as it was, not even migrated', async () => {
    const dir = await filledDataDir();
    const { schema, pool } = targetSchema();
    await pool.query(`CREATE SCHEMA ${schema}`);
    // An older voxcall's database: this version would have migrations to apply.
    const older = loadPgMigrations().slice(0, 5);
    await migratePg(pool, T0, older);
    await pool.query("INSERT INTO pushes (id, app_key, session_id, dialect, kind, url, seq, items, item_count, schedule, timeout_ms, state, next_at, created_at) VALUES ('x', 'a', 's', 'huawei', 'status', 'u', 1, '[]', 1, '[]', 1, 'queued', 1, 1)");
    refused(await copy(dir, schema), new RegExp(`\\(schema ${schema}\\) is not empty \\(pushes has rows\\)`));
    const rows = await pool.query('SELECT count(*)::int AS n FROM pushes');
    assert.equal(rows.rows[0].n, 1);
    const versions = await pool.query('SELECT version FROM schema_migrations ORDER BY version');
    assert.deepEqual(versions.rows.map((r: { version: number }) => r.version), older.map((m) => m.version));
  });

  test('a target migrated by a newer voxcall is refused', async () => {
    const dir = await filledDataDir();
    const { schema, pool } = targetSchema();
    await pool.query(`CREATE SCHEMA ${schema}`);
    await migratePg(pool, T0);
    const latest = loadPgMigrations().at(-1)!.version;
    await pool.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [latest + 1, 'future', T0]);
    refused(await copy(dir, schema), new RegExp(`is at schema version ${latest + 1}, newer than this voxcall's ${latest}`));
    assert.ok(Object.values(await targetCounts(pool)).every((c) => c === 0));
  });

  test('a copy that fails half-way leaves the target empty', async () => {
    const dir = await filledDataDir();
    // SQLite keeps any value in an INTEGER column; PostgreSQL refuses it. push_attempts comes
    // after every other table but the feed, so most of the copy has been sent when it fails.
    onSource(dir, "UPDATE push_attempts SET latency_ms = 'slow' WHERE n = 2");
    const { schema, pool } = targetSchema();
    const run = await copy(dir, schema);
    refused(run, /copying push_attempts failed: invalid input syntax for type integer: "slow"/);
    assert.match(run.stdout, /^  pushes +\d+$/m, 'the earlier tables were sent before the failure');
    assert.ok(Object.values(await targetCounts(pool)).every((c) => c === 0), JSON.stringify(await targetCounts(pool)));
    // Still empty, so the same command goes through once the row is fixed.
    onSource(dir, 'UPDATE push_attempts SET latency_ms = 8 WHERE n = 2');
    assert.equal((await copy(dir, schema)).code, 0);
  });

  test('a node writing on the target makes the copy give up after the lock wait, not hang', async () => {
    const dir = await filledDataDir();
    const { schema, pool } = targetSchema();
    await pool.query(`CREATE SCHEMA ${schema}`);
    await migratePg(pool, T0);
    // A write in progress (not committed): its ROW EXCLUSIVE lock conflicts with the copy's EXCLUSIVE one.
    const node = await pool.connect();
    try {
      await node.query('BEGIN');
      await node.query("INSERT INTO nonces (app_key, nonce, expires_at) VALUES ('a', 'n', 1)");
      await assert.rejects(
        migrateStoreIn({ from: dir, to: PG_URL!, toFrom: '--to', schema, now: Date.now(), lockWaitMs: 200 }),
        new RegExp(`\\(schema ${schema}\\) is in use \\(its tables stayed locked for 0\\.2 s\\): stop every voxcall on it`),
      );
    } finally {
      await node.query('ROLLBACK');
      node.release();
    }
    assert.ok(Object.values(await targetCounts(pool)).every((c) => c === 0));
  });

  test('a voxcall started from the data directory during the copy: nothing is committed', async () => {
    const dir = await filledDataDir();
    const { schema, pool } = targetSchema();
    // A live process other than this one stands for the voxcall that started.
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await assert.rejects(
        migrateStoreIn({
          from: dir, to: PG_URL!, toFrom: '--to', schema, now: Date.now(),
          onTable(t) {
            if (t.table === 'apps') writeFileSync(join(dir, 'server.json'), JSON.stringify({ url: 'http://127.0.0.1:8080', pid: other.pid, startedAt: new Date().toISOString() }));
          },
        }),
        new RegExp(`a voxcall \\(pid ${other.pid}\\) runs from ${dir}`),
      );
    } finally {
      other.kill();
    }
    assert.ok(Object.values(await targetCounts(pool)).every((c) => c === 0));
  });
});
