// The nodes sharing one SQLite file (processes on one machine: docs/cluster.md).

import type Database from 'better-sqlite3';
import type { NodeRepo } from '../types.js';
import { ADOPT_CALLS, DELETE_STALE, HEARTBEAT, LIST, adoptedCalls, heartbeatParams, nodeOfRow, type NodeRow } from '../sql/node-query.js';

export function sqliteNodes(db: Database.Database): NodeRepo {
  const heartbeat = db.prepare(HEARTBEAT);
  const list = db.prepare<[], NodeRow>(LIST);
  const deleteStale = db.prepare(DELETE_STALE);
  const moveCalls = db.prepare<[string, string], { call_json: string }>(ADOPT_CALLS);
  // IMMEDIATE takes the write lock at BEGIN: two processes adopting at once run one after the
  // other, and the second finds the row gone (its DELETE changes nothing) and adopts nothing.
  const adopt = db.transaction((dead: string, by: string, staleBefore: number) => {
    if (deleteStale.run(dead, staleBefore).changes !== 1) return [];
    return moveCalls.all(by, dead);
  });
  return {
    async heartbeat(node) {
      heartbeat.run(...heartbeatParams(node));
    },
    async list() {
      return list.all().map(nodeOfRow);
    },
    async adopt(deadNodeId, byNodeId, staleBefore) {
      return adoptedCalls(adopt.immediate(deadNodeId, byNodeId, staleBefore));
    },
  };
}
