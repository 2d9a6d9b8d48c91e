// The endpoints table: one row per URL pushes were queued for, and whether it is paused.

import type Database from 'better-sqlite3';
import { endpointId, type Endpoint } from '../../domain/endpoint.js';
import type { EndpointRepo } from '../types.js';
import { endpointStatsStatement } from './endpoint-stats.js';

interface Row {
  id: string;
  url: string;
  paused: number;
  paused_reason: string | null;
  paused_at: number | null;
  created_at: number;
  updated_at: number;
}

const toEndpoint = (r: Row): Endpoint => {
  const e: Endpoint = { id: r.id, url: r.url, paused: r.paused === 1, createdAt: r.created_at, updatedAt: r.updated_at };
  if (r.paused_reason !== null) e.pausedReason = r.paused_reason;
  if (r.paused_at !== null) e.pausedAt = r.paused_at;
  return e;
};

export interface SqliteEndpoints {
  repo: EndpointRepo;
  /** Makes sure the URL has its row; the caller provides the transaction (enqueue's). */
  ensureSync(url: string, now: number): void;
}

export function sqliteEndpoints(db: Database.Database): SqliteEndpoints {
  const insert = db.prepare(
    'INSERT INTO endpoints (id, url, paused, created_at, updated_at) VALUES (?, ?, 0, ?, ?) ON CONFLICT (url) DO NOTHING',
  );
  const list = db.prepare<[], Row>('SELECT * FROM endpoints ORDER BY created_at, id');
  const byId = db.prepare<[string], Row>('SELECT * FROM endpoints WHERE id = ?');
  const byUrl = db.prepare<[string], Row>('SELECT * FROM endpoints WHERE url = ?');
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
