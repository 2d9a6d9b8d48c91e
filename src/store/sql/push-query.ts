// The WHERE clause of an operator's push query, built from the fields given, with @named
// parameters (SQLite binds them as they are; PostgreSQL's store rewrites them to $n). The SQL text
// depends only on which fields are set, so each shape is prepared once and cached.

import type { PushFilter, PushKey, PushQuery } from '../types.js';

const COLUMNS: Array<[keyof PushQuery, string]> = [
  ['appKey', 'app_key = @appKey'],
  ['sessionId', 'session_id = @sessionId'],
  ['url', 'url = @url'],
  ['dialect', 'dialect = @dialect'],
  ['kind', 'kind = @kind'],
  ['state', 'state = @state'],
  ['createdFrom', 'created_at >= @createdFrom'],
  ['createdTo', 'created_at < @createdTo'],
];

export interface Where {
  /** `WHERE ...` or '' when nothing is filtered. */
  sql: string;
  params: Record<string, unknown>;
}

export function whereOf(q: PushQuery, extra: string[] = []): Where {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  for (const [field, clause] of COLUMNS) {
    if (q[field] === undefined) continue;
    clauses.push(clause);
    params[field] = q[field];
  }
  clauses.push(...extra);
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/**
 * PushAdminRepo.list's SELECT: newest first on (created_at, id), after `after`. Unfiltered, by
 * queued or failed state, URL or app it walks one index from its end (migration 019) and stops after the page;
 * other filters walk pushes_created, never a sort of every match.
 */
export function pushListSql(q: PushQuery, after: PushKey | undefined, limit: number): Where {
  const w = whereOf(q);
  const keyset = afterKey(after, 'desc', w.params);
  const where = keyset.length ? `${w.sql ? `${w.sql} AND` : 'WHERE'} ${keyset.join(' AND ')}` : w.sql;
  return { sql: `SELECT * FROM pushes ${where} ORDER BY created_at DESC, id DESC LIMIT @limit`, params: { ...w.params, limit } };
}

/** A count of the matching pushes that stops at `max` (a LIMIT inside, so a big backlog is not walked). */
export function boundedCountSql(q: PushQuery, max: number): Where {
  const w = whereOf(q);
  return { sql: `SELECT COUNT(*) AS n FROM (SELECT 1 FROM pushes ${w.sql} LIMIT @max) m`, params: { ...w.params, max } };
}

/** Keyset conditions: strictly after `key` in a newest-first (desc) or oldest-first (asc) order. */
export function afterKey(key: PushKey | undefined, order: 'asc' | 'desc', params: Record<string, unknown>): string[] {
  if (!key) return [];
  params.afterAt = key.createdAt;
  params.afterId = key.id;
  const cmp = order === 'desc' ? '<' : '>';
  return [`(created_at ${cmp} @afterAt OR (created_at = @afterAt AND id ${cmp} @afterId))`];
}

/** OutboxRepo.list's SELECT (oldest first) with `?` parameters, and its values. */
export function pushFilterSql(filter: PushFilter): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const cols: Array<[keyof PushFilter, string]> = [
    ['appKey', 'app_key'], ['sessionId', 'session_id'], ['state', 'state'], ['kind', 'kind'],
  ];
  for (const [k, col] of cols) {
    if (filter[k] !== undefined) {
      where.push(`${col} = ?`);
      params.push(filter[k]);
    }
  }
  params.push(filter.limit ?? 100);
  return {
    sql: `SELECT * FROM pushes ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, seq, id LIMIT ?`,
    params,
  };
}
