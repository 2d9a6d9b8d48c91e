// The flows repository on SQLite (SQL shared with PostgreSQL: sql/flow-rows.ts). Each write is
// one transaction of synchronous statements, so nothing interleaves with it in this process;
// another process on the same file waits for the write lock (IMMEDIATE).

import type Database from 'better-sqlite3';
import {
  APP_ROUTES, DELETE_FLOW, GET_LATEST, GET_VERSION, INSERT_FLOW, INSERT_FLOW_USE, INSERT_FLOW_VERSION, isForeignKeyViolation, LATEST,
  LIST_VERSIONS, listFlowsSql, listUsesSql, newFlowParams, RELEASE_FLOW_USE, SET_LATEST, toFlow, toSummary, toUse,
  routeUses, toVersionInfo, useParams, versionParams, type FlowRow, type FlowSummaryRow, type RouteRow, type UseRow, type VersionRow,
} from '../sql/flow-rows.js';
import type { FlowRepo, FlowVersionAdded } from '../types.js';

type Key = { appKey: string; id: string };

export function sqliteFlows(db: Database.Database): FlowRepo {
  const insert = db.prepare(INSERT_FLOW);
  const insertVersion = db.prepare(INSERT_FLOW_VERSION);
  const latest = db.prepare<[Key], number>(LATEST).pluck();
  const setLatest = db.prepare(SET_LATEST);
  const getLatest = db.prepare<[Key], FlowRow>(GET_LATEST);
  const getVersion = db.prepare<[Key & { version: number }], FlowRow>(GET_VERSION);
  const list = db.prepare<[Key & { afterAt: number; afterId: string; limit: number }], FlowSummaryRow>(listFlowsSql(''));
  const versions = db.prepare<[Key], VersionRow>(LIST_VERSIONS);
  const uses = db.prepare<[Key], UseRow>(listUsesSql(''));
  const del = db.prepare(DELETE_FLOW);
  const routes = db.prepare<[{ appKey: string }], RouteRow>(APP_ROUTES);
  const addUse = db.prepare(INSERT_FLOW_USE);
  const release = db.prepare(RELEASE_FLOW_USE);

  const create = db.transaction((f: Parameters<FlowRepo['create']>[0]) => {
    if (insert.run(newFlowParams(f)).changes !== 1) return false;
    insertVersion.run(versionParams(f.appKey, f.id, 1, f.definition, f.note, f.createdAt));
    return true;
  });
  const addVersion = db.transaction((appKey: string, id: string, v: Parameters<FlowRepo['addVersion']>[2]): FlowVersionAdded => {
    const newest = latest.get({ appKey, id });
    if (newest === undefined) return { reason: 'not_found' };
    if (v.expectedVersion !== undefined && v.expectedVersion !== newest) return { reason: 'conflict', latest: newest };
    const params = versionParams(appKey, id, newest + 1, v.definition, v.note, v.at);
    insertVersion.run(params);
    setLatest.run(params);
    return { flow: toFlow(getLatest.get({ appKey, id })!) };
  });
  const remove = db.transaction((appKey: string, id: string) => {
    const newest = latest.get({ appKey, id });
    if (newest === undefined) return { deleted: false as const, reason: 'not_found' as const };
    const held = [...uses.all({ appKey, id }).map(toUse), ...routeUses(routes.all({ appKey }), id, newest)];
    if (held.length > 0) return { deleted: false as const, reason: 'in_use' as const, uses: held };
    del.run({ appKey, id });
    return { deleted: true as const };
  });

  return {
    async create(f) {
      return create.immediate(f);
    },
    async addVersion(appKey, id, v) {
      return addVersion.immediate(appKey, id, v);
    },
    async get(appKey, id, version) {
      const r = version === undefined ? getLatest.get({ appKey, id }) : getVersion.get({ appKey, id, version });
      return r && toFlow(r);
    },
    async list(appKey, after, limit) {
      return list.all({ appKey, id: '', afterAt: after?.createdAt ?? -1, afterId: after?.id ?? '', limit }).map(toSummary);
    },
    async versions(appKey, id) {
      return versions.all({ appKey, id }).map(toVersionInfo);
    },
    async delete(appKey, id) {
      return remove.immediate(appKey, id);
    },
    async use(appKey, id, u) {
      try {
        return addUse.run(useParams(appKey, id, u)).changes === 1 ? 'added' : 'exists';
      } catch (err) {
        if (isForeignKeyViolation(err)) return 'not_found';
        throw err;
      }
    },
    async release(appKey, id, kind, userId) {
      return release.run({ appKey, id, kind, userId }).changes === 1;
    },
    async uses(appKey, id) {
      return uses.all({ appKey, id }).map(toUse);
    },
  };
}
