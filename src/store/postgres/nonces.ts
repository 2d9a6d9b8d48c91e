// Request nonces, remembered until they expire so a replayed request is refused (sqlite/nonces.ts).
//
// One UPSERT, no read-then-write: when two nodes use the same nonce at the same instant, one
// INSERT wins and the other waits on its (speculative) row, then takes the ON CONFLICT branch,
// whose guard is checked against the winner's committed row: not expired, so nothing is updated,
// rowCount is 0 and the replay is refused. Exactly one of them gets true.

import type pg from 'pg';
import type { NonceRepo } from '../types.js';

// An expired row with the same nonce is overwritten: the nonce is usable again after its window.
const USE = `INSERT INTO nonces (app_key, nonce, expires_at) VALUES ($1, $2, $3)
  ON CONFLICT (app_key, nonce) DO UPDATE SET expires_at = excluded.expires_at
  WHERE nonces.expires_at <= $4`;

export function pgNonces(pool: pg.Pool): NonceRepo {
  return {
    async useOnce(appKey, nonce, expiresAt, now) {
      return (await pool.query(USE, [appKey, nonce, expiresAt, now])).rowCount === 1;
    },
    async prune(now) {
      return (await pool.query('DELETE FROM nonces WHERE expires_at <= $1', [now])).rowCount ?? 0;
    },
  };
}
