// The flows repository on PostgreSQL (SQL shared with SQLite: sql/flow-rows.ts), for any number
// of nodes. What keeps it correct under concurrency:
// - addVersion reads the newest number FOR UPDATE: a second node's addVersion of the same flow
//   waits on that row lock, then reads the raised number, so two versions never share a number;
// - a use's foreign key to its version locks that row (KEY SHARE) until the use commits: a delete
//   either sees the use, or its cascade to the used version fails (23503) and it answers in_use;
//   a use inserted after a delete committed fails its foreign key and answers not_found;
// - an inbound route naming the flow holds it too (read in the delete's transaction); a route
//   written while a delete runs is not locked out: the router then refuses its calls
//   (route_unusable), as for a route whose flow was deleted before this check existed.

import type pg from 'pg';
import {
  APP_ROUTES, DELETE_FLOW, GET_LATEST, GET_VERSION, INSERT_FLOW, INSERT_FLOW_USE, INSERT_FLOW_VERSION, isForeignKeyViolation, LATEST,
  LIST_VERSIONS, listFlowsSql, listUsesSql, newFlowParams, RELEASE_FLOW_USE, SET_LATEST, toFlow, toSummary, toUse,
  routeUses, toVersionInfo, useParams, versionParams, type FlowRow, type FlowSummaryRow, type RouteRow, type UseRow, type VersionRow,
} from '../sql/flow-rows.js';
import type { FlowDeleted, FlowRepo, FlowVersionAdded } from '../types.js';
import { named } from './params.js';
import { tx, type Queryable } from './pool.js';

const C = ' COLLATE "C"';
const LIST = listFlowsSql(C);
const USES = listUsesSql(C);

async function run<R extends pg.QueryResultRow>(db: Queryable, sql: string, params: Record<string, unknown>): Promise<pg.QueryResult<R>> {
  const q = named(sql, params);
  return db.query<R>(q.text, q.values);
}

export function pgFlows(pool: pg.Pool): FlowRepo {
  const uses = async (db: Queryable, appKey: string, id: string) => (await run<UseRow>(db, USES, { appKey, id })).rows.map(toUse);
  return {
    create(f) {
      return tx(pool, async (c) => {
        if ((await run(c, INSERT_FLOW, newFlowParams(f))).rowCount !== 1) return false;
        await run(c, INSERT_FLOW_VERSION, versionParams(f.appKey, f.id, 1, f.definition, f.note, f.createdAt));
        return true;
      });
    },
    addVersion(appKey, id, v) {
      return tx(pool, async (c): Promise<FlowVersionAdded> => {
        const newest = (await run<{ latest: number }>(c, `${LATEST} FOR UPDATE`, { appKey, id })).rows[0]?.latest;
        if (newest === undefined) return { reason: 'not_found' };
        if (v.expectedVersion !== undefined && v.expectedVersion !== newest) return { reason: 'conflict', latest: newest };
        const params = versionParams(appKey, id, newest + 1, v.definition, v.note, v.at);
        await run(c, INSERT_FLOW_VERSION, params);
        await run(c, SET_LATEST, params);
        return { flow: toFlow((await run<FlowRow>(c, GET_LATEST, { appKey, id })).rows[0]!) };
      });
    },
    async get(appKey, id, version) {
      const r = version === undefined ? await run<FlowRow>(pool, GET_LATEST, { appKey, id }) : await run<FlowRow>(pool, GET_VERSION, { appKey, id, version });
      return r.rows[0] && toFlow(r.rows[0]);
    },
    async list(appKey, after, limit) {
      const r = await run<FlowSummaryRow>(pool, LIST, { appKey, afterAt: after?.createdAt ?? -1, afterId: after?.id ?? '', limit });
      return r.rows.map(toSummary);
    },
    async versions(appKey, id) {
      return (await run<VersionRow>(pool, LIST_VERSIONS, { appKey, id })).rows.map(toVersionInfo);
    },
    async delete(appKey, id) {
      try {
        return await tx(pool, async (c): Promise<FlowDeleted> => {
          const newest = (await run<{ latest: number }>(c, `${LATEST} FOR UPDATE`, { appKey, id })).rows[0]?.latest;
          if (newest === undefined) return { deleted: false, reason: 'not_found' };
          const held = [...await uses(c, appKey, id), ...routeUses((await run<RouteRow>(c, APP_ROUTES, { appKey })).rows, id, newest)];
          if (held.length > 0) return { deleted: false, reason: 'in_use', uses: held };
          await run(c, DELETE_FLOW, { appKey, id });
          return { deleted: true };
        });
      } catch (err) {
        // A use committed between the read of the uses and the cascade (see the top).
        if (!isForeignKeyViolation(err)) throw err;
        return { deleted: false, reason: 'in_use', uses: await uses(pool, appKey, id) };
      }
    },
    async use(appKey, id, u) {
      try {
        return (await run(pool, INSERT_FLOW_USE, useParams(appKey, id, u))).rowCount === 1 ? 'added' : 'exists';
      } catch (err) {
        if (isForeignKeyViolation(err)) return 'not_found';
        throw err;
      }
    },
    async release(appKey, id, kind, userId) {
      return (await run(pool, RELEASE_FLOW_USE, { appKey, id, kind, userId })).rowCount === 1;
    },
    async uses(appKey, id) {
      return uses(pool, appKey, id);
    },
  };
}
