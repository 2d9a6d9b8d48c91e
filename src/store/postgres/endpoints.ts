// The endpoints table on PostgreSQL: one row per URL pushes were queued for (enqueue.ts inserts
// it), and whether it is paused. As sqlite/endpoints.ts.

import type pg from 'pg';
import { toEndpoint, type EndpointRow } from '../sql/endpoint-rows.js';
import type { EndpointRepo } from '../types.js';
import { endpointStats } from './endpoint-stats.js';
import { ensureEndpoint } from './enqueue.js';
import { tx } from './pool.js';

// RETURNING gives the row as this UPDATE left it: two operators pausing and resuming at once
// each see their own change, and the row ends as the later one left it.
const SET_PAUSED = `UPDATE endpoints SET paused = $1, paused_reason = $2, paused_at = $3, updated_at = $4
  WHERE url = $5 RETURNING *`;

export function pgEndpoints(pool: pg.Pool): EndpointRepo {
  return {
    async list() {
      return (await pool.query<EndpointRow>('SELECT * FROM endpoints ORDER BY created_at, id')).rows.map(toEndpoint);
    },
    async get(idOrUrl) {
      // One statement for both: an id (ep_ + hex) is never a URL.
      const r = await pool.query<EndpointRow>('SELECT * FROM endpoints WHERE id = $1 OR url = $1 ORDER BY (id = $1) DESC LIMIT 1', [idOrUrl]);
      return r.rows[0] && toEndpoint(r.rows[0]);
    },
    async setPaused(url, paused, reason, now) {
      // The INSERT ... ON CONFLICT DO NOTHING waits for a concurrent insert of the URL to commit,
      // so the UPDATE that follows always finds the row.
      return tx(pool, async (c) => {
        await ensureEndpoint(c, url, now);
        const r = await c.query<EndpointRow>(SET_PAUSED, [paused ? 1 : 0, paused ? (reason ?? null) : null, paused ? now : null, now, url]);
        return toEndpoint(r.rows[0]!);
      });
    },
    stats: (url, now, since, max) => endpointStats(pool, url, now, since, max),
  };
}
