// The endpoints table: one row per URL pushes were queued for, and whether it is paused.

import type Database from 'better-sqlite3';
import { endpointId } from '../../domain/endpoint.js';
import { toEndpoint, type EndpointRow } from '../sql/endpoint-rows.js';
import type { EndpointRepo } from '../types.js';
import { endpointStatsStatement } from './endpoint-stats.js';

export interface SqliteEndpoints {
  repo: EndpointRepo;
  /** Makes sure the URL has its row; the caller provides the transaction (enqueue's). */
  ensureSync(url: string, now: number): void;
}

export function sqliteEndpoints(db: Database.Database): SqliteEndpoints {
  const insert = db.prepare(
    'INSERT INTO endpoints (id, url, paused, created_at, updated_at) VALUES (?, ?, 0, ?, ?) ON CONFLICT (url) DO NOTHING',
  );
  const list = db.prepare<[], EndpointRow>('SELECT * FROM endpoints ORDER BY created_at, id');
  const byId = db.prepare<[string], EndpointRow>('SELECT * FROM endpoints WHERE id = ?');
  const byUrl = db.prepare<[string], EndpointRow>('SELECT * FROM endpoints WHERE url = ?');
  const setPaused = db.prepare(
    'UPDATE endpoints SET paused = ?, paused_reason = ?, paused_at = ?, updated_at = ? WHERE url = ?',
  );
  // No in-memory "already inserted" set: a rolled-back enqueue would leave it claiming a row that
  // does not exist. The conflicting INSERT costs a few microseconds.
  const ensureSync = (url: string, now: number): void => {
    insert.run(endpointId(url), url, now, now);
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
      async list() {
        return list.all().map(toEndpoint);
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
