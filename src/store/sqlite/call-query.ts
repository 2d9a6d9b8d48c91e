// Listing calls for the management API (sql/call-query.ts builds the statement).

import type Database from 'better-sqlite3';
import type { CallQuery, ListedCall, PushKey } from '../types.js';
import { callListSql, toListedCall, type CallListRow } from '../sql/call-query.js';
import { statementCache } from './statement-cache.js';

export function callLister(db: Database.Database) {
  const prepared = statementCache(db);
  return (q: CallQuery, after: PushKey | undefined, limit: number): ListedCall[] => {
    const { sql, params } = callListSql(q, after, limit);
    return prepared<CallListRow>(sql).all(params).map(toListedCall);
  };
}
