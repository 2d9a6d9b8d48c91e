// The listing of calls on the management API as SQL both engines run: filters as @named
// parameters, newest first on (created_at, session_id), the keyset of the page cursor. Filtered
// by a number, the rows come from call_numbers' (number, created_at, session_id) index (migration
// 021), newest first, so a number on every call reads a page, not every call it is on.

import type { Call, CallRecord } from '../../domain/call.js';
import type { CallQuery, CallState, ListedCall, PushKey } from '../types.js';

// `k`: the alias whose (created_at, session_id) the order reads (callListSql).
const COLUMNS: Array<[Exclude<keyof CallQuery, 'number'>, (k: string) => string]> = [
  ['appKey', () => 'c.app_key = @appKey'],
  ['kind', () => 'c.kind = @kind'],
  ['state', () => 'c.state = @state'],
  ['outcome', () => 'c.outcome = @outcome'],
  ['createdFrom', (k) => `${k}.created_at >= @createdFrom`],
  ['createdTo', (k) => `${k}.created_at < @createdTo`],
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
  // k: the table whose (created_at, session_id) the order and keyset read. With a number, SQLite's
  // CROSS JOIN keeps call_numbers the outer loop (PostgreSQL reorders it as a plain join): it walks
  // call_numbers_created backwards and looks each call up by its key, stopping after a page.
  let from = 'calls c';
  let k = 'c';
  if (q.number !== undefined) {
    from = 'call_numbers n CROSS JOIN calls c';
    k = 'n';
    clauses.push('n.number = @number', 'c.session_id = n.session_id');
    params.number = q.number;
  }
  for (const [field, clause] of COLUMNS) {
    if (q[field] === undefined) continue;
    clauses.push(clause(k));
    params[field] = q[field];
  }
  if (after) {
    // A row value, not `a < x OR (a = x AND b < y)`: PostgreSQL bounds the index scan with it,
    // where the OR form filters every newer row of the number (11 ms for a page 50,000 deep).
    clauses.push(`(${k}.created_at, ${k}.session_id) < (@afterAt, @afterId)`);
    params.afterAt = after.createdAt;
    params.afterId = after.id;
  }
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  return {
    sql: `SELECT c.call_json, c.state, c.record_json FROM ${from} ${where} ORDER BY ${k}.created_at DESC, ${k}.session_id DESC LIMIT @limit`,
    params,
  };
}

export function toListedCall(r: CallListRow): ListedCall {
  const out: ListedCall = { call: JSON.parse(r.call_json) as Call, state: r.state };
  if (r.record_json !== null) out.record = JSON.parse(r.record_json) as CallRecord;
  return out;
}
