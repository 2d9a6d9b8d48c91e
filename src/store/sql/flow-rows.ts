// The flows tables (migration 013): row <-> domain mapping and the statements both engines run
// (@named params; PostgreSQL through params.ts `named`). Ids compare bytewise on both: `collate`
// is PostgreSQL's COLLATE "C" (SQLite's TEXT is binary already), so a page cursor means the same.

import type { Flow, FlowDefinition, FlowUse } from '../../domain/flow.js';
import type { RouteAction } from '../../domain/inbound.js';
import type { FlowSummary, FlowVersionInfo, NewFlow } from '../flow-repo.js';

export interface FlowRow {
  app_key: string;
  id: string;
  name: string;
  created_at: number;
  version: number;
  definition: string;
  note: string | null;
  version_created_at: number;
}

export function toFlow(r: FlowRow): Flow {
  const f: Flow = {
    id: r.id, appKey: r.app_key, name: r.name, version: r.version, definition: JSON.parse(r.definition) as FlowDefinition,
    createdAt: r.created_at, versionCreatedAt: r.version_created_at,
  };
  if (r.note !== null) f.note = r.note;
  return f;
}

export interface FlowSummaryRow {
  app_key: string;
  id: string;
  name: string;
  latest: number;
  created_at: number;
  updated_at: number;
  uses: number;
}

export const toSummary = (r: FlowSummaryRow): FlowSummary => ({
  id: r.id, appKey: r.app_key, name: r.name, version: r.latest, createdAt: r.created_at, updatedAt: r.updated_at, uses: Number(r.uses),
});

export interface VersionRow {
  version: number;
  note: string | null;
  created_at: number;
}

export const toVersionInfo = (r: VersionRow): FlowVersionInfo => (r.note === null ? { version: r.version, createdAt: r.created_at } : { version: r.version, note: r.note, createdAt: r.created_at });

export interface UseRow {
  kind: string;
  user_id: string;
  version: number;
  since: number;
}

export const toUse = (r: UseRow): FlowUse => ({ kind: r.kind, id: r.user_id, version: r.version, since: r.since });

export function newFlowParams(f: NewFlow): Record<string, unknown> {
  return { appKey: f.appKey, id: f.id, name: f.name, createdAt: f.createdAt };
}

export function versionParams(appKey: string, id: string, version: number, definition: FlowDefinition, note: string | undefined, at: number): Record<string, unknown> {
  return { appKey, id, version, definition: JSON.stringify(definition), note: note ?? null, createdAt: at };
}

export const INSERT_FLOW = `INSERT INTO flows (app_key, id, name, latest, created_at, updated_at)
  VALUES (@appKey, @id, @name, 1, @createdAt, @createdAt) ON CONFLICT (app_key, id) DO NOTHING`;

export const INSERT_FLOW_VERSION = `INSERT INTO flow_versions (app_key, flow_id, version, definition, note, created_at)
  VALUES (@appKey, @id, @version, @definition, @note, @createdAt)`;

/** The newest version's number (PostgreSQL appends FOR UPDATE: it is about to be raised). */
export const LATEST = 'SELECT latest FROM flows WHERE app_key = @appKey AND id = @id';

export const SET_LATEST = 'UPDATE flows SET latest = @version, updated_at = @createdAt WHERE app_key = @appKey AND id = @id';

const FLOW_SELECT = `SELECT f.app_key, f.id, f.name, f.created_at, v.version, v.definition, v.note, v.created_at AS version_created_at
  FROM flows f JOIN flow_versions v ON v.app_key = f.app_key AND v.flow_id = f.id`;

export const GET_LATEST = `${FLOW_SELECT} AND v.version = f.latest WHERE f.app_key = @appKey AND f.id = @id`;
export const GET_VERSION = `${FLOW_SELECT} AND v.version = @version WHERE f.app_key = @appKey AND f.id = @id`;

/** One page of an app's flows after (afterAt, afterId); with no cursor, afterAt = -1. */
export const listFlowsSql = (collate: string) => `SELECT f.app_key, f.id, f.name, f.latest, f.created_at, f.updated_at,
    (SELECT count(*) FROM flow_uses u WHERE u.app_key = f.app_key AND u.flow_id = f.id) AS uses
  FROM flows f
  WHERE f.app_key = @appKey AND (f.created_at > @afterAt OR (f.created_at = @afterAt AND f.id${collate} > @afterId))
  ORDER BY f.created_at, f.id${collate} LIMIT @limit`;

export const LIST_VERSIONS = 'SELECT version, note, created_at FROM flow_versions WHERE app_key = @appKey AND flow_id = @id ORDER BY version DESC';

export const listUsesSql = (collate: string) => `SELECT kind, user_id, version, since FROM flow_uses WHERE app_key = @appKey AND flow_id = @id
  ORDER BY since, kind${collate}, user_id${collate}`;

export const DELETE_FLOW = 'DELETE FROM flows WHERE app_key = @appKey AND id = @id';

/** The app's inbound routes (migration 016): a delete reads them for those that name the flow. */
export const APP_ROUTES = 'SELECT number, route_json, updated_at FROM inbound_routes WHERE app_key = @appKey ORDER BY number';

export interface RouteRow {
  number: string;
  route_json: string;
  updated_at: number | string;
}

/**
 * The routes that would run the flow, as uses (kind `inbound_route`, id the number): a flow route
 * naming it, or a URL route whose fallback does. Deleting the flow would leave their calls refused
 * (route_unusable), so they hold it as a task does. An inline flow names no stored flow.
 */
export function routeUses(rows: RouteRow[], id: string, latest: number): FlowUse[] {
  const out: FlowUse[] = [];
  for (const r of rows) {
    const action = JSON.parse(r.route_json) as RouteAction;
    const named = action.type === 'url' ? action.fallback : action;
    if (named.type === 'flow' && named.flowId === id) {
      out.push({ kind: 'inbound_route', id: r.number, version: named.flowVersion ?? latest, since: Number(r.updated_at) });
    }
  }
  return out;
}

/**
 * Records a use (tasks may run it inside their own transaction). Its foreign key refuses a version
 * that does not exist (SQLITE_CONSTRAINT_FOREIGNKEY, PostgreSQL 23503); a use already recorded is
 * left as it is.
 */
export const INSERT_FLOW_USE = `INSERT INTO flow_uses (app_key, flow_id, kind, user_id, version, since)
  VALUES (@appKey, @id, @kind, @userId, @version, @since) ON CONFLICT (app_key, flow_id, kind, user_id) DO NOTHING`;

export const useParams = (appKey: string, id: string, u: FlowUse) => ({ appKey, id, kind: u.kind, userId: u.id, version: u.version, since: u.since });

export const RELEASE_FLOW_USE = 'DELETE FROM flow_uses WHERE app_key = @appKey AND flow_id = @id AND kind = @kind AND user_id = @userId';

/** Whether a store error is a foreign-key violation (a use of a missing version, a delete of a used one). */
export function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
