// Listing calls for the operator (CallRepo.list): the filters of GET /v1/calls as one WHERE
// clause, newest first by the keyset (created_at, session_id). Each filter shape is prepared once.

import type Database from 'better-sqlite3';
import type { Call, CallRecord } from '../../domain/call.js';
import type { CallQuery, CallState, ListedCall, PushKey } from '../types.js';
import { statementCache } from './push-query.js';

const COLUMNS: Array<[keyof CallQuery, string]> = [
  ['appKey', 'c.app_key = @appKey'],
  ['kind', 'c.kind = @kind'],
  ['state', 'c.state = @state'],
  ['outcome', 'c.outcome = @outcome'],
  // A number finds its calls through call_numbers (indexed), whichever field of the call held it.
  ['number', 'c.session_id IN (SELECT session_id FROM call_numbers WHERE number = @number)'],
  ['createdFrom', 'c.created_at >= @createdFrom'],
  ['createdTo', 'c.created_at < @createdTo'],
];

interface Row {
  call_json: string;
  state: CallState;
  record_json: string | null;
}

/** The numbers a call involves, for call_numbers. */
export function callNumbers(call: Call): string[] {
  const p = call.plan;
  const all = p.kind === 'callback' ? [p.displayNbr, p.callerNbr, p.displayCalleeNbr, p.calleeNbr] : [p.displayNbr, p.calleeNbr];
  return [...new Set(all)];
}

export function callLister(db: Database.Database) {
  const prepared = statementCache(db);
  return (q: CallQuery, after: PushKey | undefined, limit: number): ListedCall[] => {
    const clauses: string[] = [];
    const params: Record<string, unknown> = { limit };
    for (const [field, clause] of COLUMNS) {
      if (q[field] === undefined) continue;
      clauses.push(clause);
      params[field] = q[field];
    }
    if (after) {
      clauses.push('(c.created_at < @afterAt OR (c.created_at = @afterAt AND c.session_id < @afterId))');
      params.afterAt = after.createdAt;
      params.afterId = after.id;
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const sql = `SELECT c.call_json, c.state, c.record_json FROM calls c ${where} ORDER BY c.created_at DESC, c.session_id DESC LIMIT @limit`;
    return prepared<Row>(sql).all(params).map((r) => {
      const out: ListedCall = { call: JSON.parse(r.call_json) as Call, state: r.state };
      if (r.record_json !== null) out.record = JSON.parse(r.record_json) as CallRecord;
      return out;
    });
  };
}
