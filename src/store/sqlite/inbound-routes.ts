// Inbound routes on SQLite (migration 016, SQL in ../sql/inbound-rows.ts).

import type Database from 'better-sqlite3';
import type { InboundRouteRepo } from '../inbound-repo.js';
import { INBOUND_SQL as SQL, inboundRoute, putParams, type InboundRow } from '../sql/inbound-rows.js';

export function sqliteInboundRoutes(db: Database.Database): InboundRouteRepo {
  const get = db.prepare<[string], InboundRow>(SQL.get);
  const forApp = db.prepare<[string], InboundRow>(SQL.forApp);
  const put = db.prepare<unknown[], { number: string }>(SQL.put);
  const del = db.prepare(SQL.delete);
  return {
    async get(number) {
      const r = get.get(number);
      return r ? inboundRoute(r) : undefined;
    },
    async forApp(appKey) {
      return forApp.all(appKey).map(inboundRoute);
    },
    async put(route) {
      return put.get(...putParams(route)) !== undefined;
    },
    async delete(appKey, number) {
      return del.run(appKey, number).changes > 0;
    },
  };
}
