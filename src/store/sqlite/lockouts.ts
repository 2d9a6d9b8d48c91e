// The IP guard's lockouts on SQLite (migration 011, SQL in ../sql/lockouts.ts). recordFailure is
// one IMMEDIATE transaction: the write lock is taken before the count is read, so processes
// sharing the file count one IP's failures one after the other.

import type Database from 'better-sqlite3';
import type { FailureOutcome, LockoutRepo } from '../types.js';
import { listed, LOCKOUT_SQL as SQL, sqlLimit, type ListedRow } from '../sql/lockouts.js';

export function sqliteLockouts(db: Database.Database): LockoutRepo {
  const touch = db.prepare<[string, number], { blocked_until: number; struck: number }>(SQL.touch);
  const addFailure = db.prepare(SQL.addFailure);
  const dropOld = db.prepare(SQL.dropOld);
  const count = db.prepare<[string], number>(SQL.count).pluck();
  const block = db.prepare(SQL.block);
  const clearFailures = db.prepare(SQL.clearFailures);
  const blocked = db.prepare<[number], { ip: string; blocked_until: number }>(SQL.blocked);
  const list = db.prepare<[number, number, number, number], ListedRow>(SQL.list);
  const release = db.prepare<[string], { blocked_until: number }>(SQL.release);
  const releaseAll = db.prepare<[], { ip: string; blocked_until: number }>(SQL.releaseAll);
  const pruneFailures = db.prepare(SQL.pruneFailures);
  const pruneIps = db.prepare(SQL.pruneIps);

  const record = db.transaction((ip: string, now: number, windowMs: number, max: number, blockMs: number): FailureOutcome => {
    const row = touch.get(ip, now)!;
    if (row.blocked_until > now) return { failures: row.struck, blockedUntil: row.blocked_until, started: false };
    addFailure.run(ip, now);
    dropOld.run(ip, now - windowMs);
    const failures = count.get(ip) ?? 0;
    if (failures < max) return { failures, started: false };
    block.run(now + blockMs, failures, ip);
    clearFailures.run(ip);
    return { failures, blockedUntil: now + blockMs, started: true };
  });
  const releaseTx = db.transaction((now: number) => {
    const rows = releaseAll.all();
    return { forgotten: rows.length, lifted: rows.filter((r) => r.blocked_until > now).map((r) => r.ip) };
  });
  const pruneTx = db.transaction((now: number, windowMs: number) =>
    pruneFailures.run(now - windowMs).changes + pruneIps.run(now, now - windowMs).changes);

  return {
    async recordFailure(ip, now, windowMs, max, blockMs) {
      return record.immediate(ip, now, windowMs, max, blockMs);
    },
    async blocked(now) {
      return blocked.all(now).map((r) => ({ ip: r.ip, blockedUntil: r.blocked_until }));
    },
    async list(now, windowMs, limit) {
      return listed(list.all(now, now, now - windowMs, sqlLimit(limit)));
    },
    async release(ip, now) {
      const row = release.get(ip);
      return row ? { lifted: row.blocked_until > now } : undefined;
    },
    async releaseAll(now) {
      return releaseTx.immediate(now);
    },
    async prune(now, windowMs) {
      return pruneTx.immediate(now, windowMs);
    },
  };
}
