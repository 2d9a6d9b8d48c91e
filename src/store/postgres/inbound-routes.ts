// Inbound routes on PostgreSQL (migration 016, SQL in ../sql/inbound-rows.ts). Each method is one
// statement: a put checks the number's owner in the statement that writes.

import type pg from 'pg';
import type { InboundRouteRepo } from '../inbound-repo.js';
import { INBOUND_SQL, inboundRoute, putParams, type InboundRow } from '../sql/inbound-rows.js';
import { positional } from './params.js';

const SQL = Object.fromEntries(Object.entries(INBOUND_SQL).map(([k, v]) => [k, positional(v)])) as Record<keyof typeof INBOUND_SQL, string>;

export function pgInboundRoutes(pool: pg.Pool): InboundRouteRepo {
  return {
    async get(number) {
      const r = (await pool.query<InboundRow>(SQL.get, [number])).rows[0];
      return r ? inboundRoute(r) : undefined;
    },
    async forApp(appKey) {
      return (await pool.query<InboundRow>(SQL.forApp, [appKey])).rows.map(inboundRoute);
    },
    async put(route) {
      return ((await pool.query(SQL.put, putParams(route))).rowCount ?? 0) > 0;
    },
    async delete(appKey, number) {
      return ((await pool.query(SQL.delete, [appKey, number])).rowCount ?? 0) > 0;
    },
  };
}
