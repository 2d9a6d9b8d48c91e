// The listing of calls on the management API as SQL both engines run: filters as @named
// parameters, newest first on (created_at, session_id), the keyset of the page cursor.

import type { Call, CallRecord } from '../../domain/call.js';
import type { CallQuery, CallState, ListedCall, PushKey } from '../types.js';

const COLUMNS: Array<[keyof CallQuery, string]> = [
  ['appKey', 'c.app_key = @appKey'],
  ['kind', 'c.kind = @kind'],
  ['state', 'c.state = @state'],
  ['outcome', 'c.outcome = @outcome'],
  ['number', 'c.session_id IN (SELECT session_id FROM call_numbers WHERE number = @number)'],
  ['createdFrom', 'c.created_at >= @createdFrom'],
  ['createdTo', 'c.created_at < @createdTo'],
];

export interface CallListRow {
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

/** The per-node sequence of a session id: the number between its first and second `_`. */
export function sessionSeq(sessionId: string): number | null {
  const m = /^[^_]*_(\d+)_/.exec(sessionId);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : null;
}

/** The SELECT of one page; the SQL text depends only on which filters are set. */
export function callListSql(q: CallQuery, after: PushKey | undefined, limit: number): { sql: string; params: Record<string, unknown> } {
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
  return {
    sql: `SELECT c.call_json, c.state, c.record_json FROM calls c ${where} ORDER BY c.created_at DESC, c.session_id DESC LIMIT @limit`,
    params,
  };
}

export function toListedCall(r: CallListRow): ListedCall {
  const out: ListedCall = { call: JSON.parse(r.call_json) as Call, state: r.state };
  if (r.record_json !== null) out.record = JSON.parse(r.record_json) as CallRecord;
  return out;
}
