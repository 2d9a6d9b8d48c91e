// The endpoints table: one row per URL pushes were queued for, and whether it is paused.

import type Database from 'better-sqlite3';
import { endpointId, type Endpoint } from '../../domain/endpoint.js';
import { originOf } from '../../domain/receiver.js';
import { toEndpoint, type EndpointRow } from '../sql/endpoint-rows.js';
import type { EndpointRepo } from '../types.js';
import { endpointStatsStatement } from './endpoint-stats.js';

export interface SqliteEndpoints {
  repo: EndpointRepo;
  /** Makes sure the URL has its row; the caller provides the transaction (enqueue's). */
  ensureSync(url: string, now: number): void;
}

/** A page of endpoints after (@at, @id), oldest first. */
export const ENDPOINTS_AFTER = `SELECT * FROM endpoints WHERE created_at > @at OR (created_at = @at AND id > @id)
  ORDER BY created_at, id LIMIT @limit`;

/** Rows from before migration 019 get their origin once, on the first open after it. */
function fillOrigins(db: Database.Database): void {
  const missing = db.prepare<[], string>('SELECT url FROM endpoints WHERE origin IS NULL').pluck().all();
  if (missing.length === 0) return;
  const set = db.prepare('UPDATE endpoints SET origin = ? WHERE url = ?');
  db.transaction(() => { for (const url of missing) set.run(originOf(url), url); })();
}

export function sqliteEndpoints(db: Database.Database): SqliteEndpoints {
  const insert = db.prepare(
    'INSERT INTO endpoints (id, url, origin, paused, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT (url) DO NOTHING',
  );
  // Pages through endpoints_created (migration 019): a page costs the same at any table size.
  const first = db.prepare<[number], EndpointRow>('SELECT * FROM endpoints ORDER BY created_at, id LIMIT ?');
  const next = db.prepare<{ at: number; id: string; limit: number }, EndpointRow>(ENDPOINTS_AFTER);
  const atOrigin = db.prepare<[string, number], EndpointRow>('SELECT * FROM endpoints WHERE origin = ? ORDER BY url LIMIT ?');
  fillOrigins(db);
  const byId = db.prepare<[string], EndpointRow>('SELECT * FROM endpoints WHERE id = ?');
  const byUrl = db.prepare<[string], EndpointRow>('SELECT * FROM endpoints WHERE url = ?');
  const setPaused = db.prepare(
    'UPDATE endpoints SET paused = ?, paused_reason = ?, paused_at = ?, updated_at = ? WHERE url = ?',
  );
  // No in-memory "already inserted" set: a rolled-back enqueue would leave it claiming a row that
  // does not exist. The conflicting INSERT costs a few microseconds.
  const ensureSync = (url: string, now: number): void => {
    insert.run(endpointId(url), url, originOf(url), now, now);
  };

  const setTx = db.transaction((url: string, paused: boolean, reason: string | undefined, now: number) => {
    ensureSync(url, now);
    setPaused.run(paused ? 1 : 0, paused ? (reason ?? null) : null, paused ? now : null, now, url);
    return toEndpoint(byUrl.get(url)!);
  });

  const stats = endpointStatsStatement(db);

  return {
    ensureSync,
    repo: {
      async list(after, limit) {
        const rows = after ? next.all({ at: after.createdAt, id: after.id, limit }) : first.all(limit);
        return rows.map(toEndpoint);
      },
      async atOrigins(origins, limit) {
        const out: Endpoint[] = [];
        for (const o of new Set(origins)) {
          if (out.length >= limit) break;
          out.push(...atOrigin.all(o, limit - out.length).map(toEndpoint));
        }
        return out;
      },
      async get(idOrUrl) {
        const r = byId.get(idOrUrl) ?? byUrl.get(idOrUrl);
        return r && toEndpoint(r);
      },
      async setPaused(url, paused, reason, now) {
        return setTx.immediate(url, paused, reason, now);
      },
      async stats(url, now, since, max) {
        return stats(url, now, since, max);
      },
    },
  };
}
