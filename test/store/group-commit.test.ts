import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { groupCommit } from '../../src/store/sqlite/group-commit.js';

test('group commit: one transaction per turn, each job in its own savepoint, settled once durable', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'voxcall-group-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'g.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
  const g = groupCommit(db);
  const put = db.transaction((k: string, v: number) => {
    db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run(k, v);
    if (v < 0) throw new Error(`refused ${k}`);
    return k;
  });
  const reader = new Database(path, { readonly: true });
  const seen = () => (reader.prepare('SELECT k FROM t ORDER BY k').pluck().all() as string[]);

  const jobs = [g.run(() => put('a', 1)), g.run(() => put('b', -1)), g.run(() => put('c', 1)), g.run(() => put('a', 2))];
  // Nothing is written before the turn ends: the jobs wait for the batch.
  assert.deepEqual(seen(), []);
  const results = await Promise.allSettled(jobs);
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled', 'rejected']);
  assert.match(String((results[1] as PromiseRejectedResult).reason), /refused b/);
  assert.match(String((results[3] as PromiseRejectedResult).reason), /UNIQUE/);
  // Resolved means committed: another connection sees exactly the jobs that succeeded.
  assert.deepEqual(seen(), ['a', 'c']);
  assert.equal(db.inTransaction, false);

  // A later turn is a new batch.
  assert.equal(await g.run(() => put('d', 1)), 'd');
  assert.deepEqual(seen(), ['a', 'c', 'd']);

  // flush() commits what waits now (as close() does).
  const late = g.run(() => put('e', 1));
  g.flush();
  assert.deepEqual(seen(), ['a', 'c', 'd', 'e']);
  assert.equal(await late, 'e');
  reader.close();
  db.close();
});
