// The endpoints table on PostgreSQL: one row per URL pushes were queued for (enqueue.ts inserts
// it), and whether it is paused. As sqlite/endpoints.ts.

import type pg from 'pg';
import { originOf } from '../../domain/receiver.js';
import { toEndpoint, type EndpointRow } from '../sql/endpoint-rows.js';
import type { EndpointRepo } from '../types.js';
import { endpointStats } from './endpoint-stats.js';
import { ensureEndpoint } from './enqueue.js';
import { tx } from './pool.js';

// RETURNING gives the row as this UPDATE left it: two operators pausing and resuming at once
// each see their own change, and the row ends as the later one left it.
const SET_PAUSED = `UPDATE endpoints SET paused = $1, paused_reason = $2, paused_at = $3, updated_at = $4
  WHERE url = $5 RETURNING *`;

const PAGE_AFTER = `SELECT * FROM endpoints WHERE (created_at, id) > ($1::bigint, $2::text) ORDER BY created_at, id LIMIT $3`;

/**
 * Rows from before migration 019 get their origin on the first open after it (the normalization
 * is JavaScript's URL); nodes opening at once write the same values.
 */
export async function fillEndpointOrigins(pool: pg.Pool): Promise<void> {
  const missing = (await pool.query<{ url: string }>('SELECT url FROM endpoints WHERE origin IS NULL')).rows.map((r) => r.url);
  if (missing.length === 0) return;
  await pool.query('UPDATE endpoints e SET origin = m.origin FROM unnest($1::text[], $2::text[]) AS m(url, origin) WHERE e.url = m.url',
    [missing, missing.map(originOf)]);
}

export function pgEndpoints(pool: pg.Pool): EndpointRepo {
  return {
    async list(after, limit) {
      // Pages through endpoints_created (migration 019): a page costs the same at any table size.
      const r = after
        ? await pool.query<EndpointRow>(PAGE_AFTER, [after.createdAt, after.id, limit])
        : await pool.query<EndpointRow>('SELECT * FROM endpoints ORDER BY created_at, id LIMIT $1', [limit]);
      return r.rows.map(toEndpoint);
    },
    async atOrigins(origins, limit) {
      const r = await pool.query<EndpointRow>(
        'SELECT * FROM endpoints WHERE origin = ANY($1::text[]) ORDER BY origin, url LIMIT $2', [[...new Set(origins)], limit]);
      return r.rows.map(toEndpoint);
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
