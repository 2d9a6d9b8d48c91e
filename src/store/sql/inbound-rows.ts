// Inbound routes (migration 016): SQL both engines run as it is (? parameters) and the row mapping.

import type { InboundRoute, RouteAction } from '../../domain/inbound.js';

export const INBOUND_SQL = {
  /** Params: number. */
  get: 'SELECT number, app_key, route_json, created_at, updated_at FROM inbound_routes WHERE number = ?',
  /** Params: appKey. */
  forApp: 'SELECT number, app_key, route_json, created_at, updated_at FROM inbound_routes WHERE app_key = ? ORDER BY number',
  /**
   * Params: number, appKey, routeJson, createdAt, updatedAt, number, appKey. Inserted only when
   * the number is the app's; a replace keeps created_at. RETURNING tells whether a row was written.
   */
  put: `INSERT INTO inbound_routes (number, app_key, route_json, created_at, updated_at)
    SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM display_numbers d WHERE d.number = ? AND d.app_key = ?)
    ON CONFLICT (number) DO UPDATE SET app_key = excluded.app_key, route_json = excluded.route_json, updated_at = excluded.updated_at
    RETURNING number`,
  /** Params: appKey, number. */
  delete: 'DELETE FROM inbound_routes WHERE app_key = ? AND number = ?',
} as const;

export interface InboundRow {
  number: string;
  app_key: string;
  route_json: string;
  created_at: number | string;
  updated_at: number | string;
}

export function inboundRoute(r: InboundRow): InboundRoute {
  return { number: r.number, appKey: r.app_key, action: JSON.parse(r.route_json) as RouteAction, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) };
}

export function putParams(r: InboundRoute): unknown[] {
  return [r.number, r.appKey, JSON.stringify(r.action), r.createdAt, r.updatedAt, r.number, r.appKey];
}
