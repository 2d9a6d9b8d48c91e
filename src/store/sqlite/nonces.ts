// Request nonces, remembered until they expire so a replayed request is refused.

import type Database from 'better-sqlite3';
import type { NonceRepo } from '../types.js';
import type { GroupCommit } from './group-commit.js';

export function sqliteNonces(db: Database.Database, group: GroupCommit): NonceRepo {
  // An expired row with the same nonce is overwritten: the nonce is usable again after its window.
  const use = db.prepare(
    `INSERT INTO nonces (app_key, nonce, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (app_key, nonce) DO UPDATE SET expires_at = excluded.expires_at
     WHERE nonces.expires_at <= ?`,
  );
  const prune = db.prepare('DELETE FROM nonces WHERE expires_at <= ?');
  const useTx = db.transaction((appKey: string, nonce: string, expiresAt: number, now: number) =>
    use.run(appKey, nonce, expiresAt, now).changes === 1);
  return {
    useOnce(appKey, nonce, expiresAt, now) {
      return group.run(() => useTx(appKey, nonce, expiresAt, now));
    },
    async prune(now) {
      return prune.run(now).changes;
    },
  };
}
