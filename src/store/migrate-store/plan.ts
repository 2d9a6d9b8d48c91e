// Which tables `voxcall migrate-store` copies, in which order, and how each is read. The list is
// checked against the SQLite file's own schema: a table this version does not know (a future
// migration) stops the move before anything is written, rather than being silently left behind.

import type Database from 'better-sqlite3';

export interface TablePlan {
  name: string;
  /** Its columns, as the SQLite file has them (the PostgreSQL table has the same ones, plus the feed's own). */
  columns: string[];
  /** The read's ORDER BY: the primary key, so a copy is deterministic and the feed keeps its id order. */
  orderBy: string;
  /** A WHERE clause (with `?` = the current time) for rows not worth moving. */
  skip?: { where: string; why: string };
}

interface KnownTable {
  orderBy: string;
  skip?: { where: string; why: string };
}

// Parents before children (call_events, call_numbers and recordings reference calls;
// push_attempts references pushes); checked against the file's foreign keys by tablePlan().
const KNOWN: ReadonlyArray<readonly [string, KnownTable]> = [
  ['apps', { orderBy: 'app_key' }],
  ['display_numbers', { orderBy: 'number' }],
  ['voice_files', { orderBy: 'app_key, name' }],
  ['tts_templates', { orderBy: 'app_key, id' }],
  // A nonce only guards against a replay until it expires; an expired one is pruned anyway.
  ['nonces', { orderBy: 'app_key, nonce', skip: { where: 'expires_at > ?', why: 'expired' } }],
  ['policy_lists', { orderBy: 'scope, list, number' }],
  ['policy_settings', { orderBy: 'scope' }],
  ['policy_counters', { orderBy: 'scope, key, window_start' }],
  ['subscriptions', { orderBy: 'id' }],
  ['endpoints', { orderBy: 'id' }],
  ['calls', { orderBy: 'session_id' }],
  ['call_events', { orderBy: 'session_id, seq' }],
  ['call_numbers', { orderBy: 'number, session_id' }],
  ['recordings', { orderBy: 'app_key, object_name' }],
  ['pushes', { orderBy: 'id' }],
  ['push_attempts', { orderBy: 'push_id, n' }],
  ['feed', { orderBy: 'id' }],
  // The IP guard's state (migration 011): blocks in force survive the move.
  ['lockouts', { orderBy: 'ip' }],
  ['lockout_failures', { orderBy: 'ip, at' }],
  // The SQLite node's row (migration 010): the calls it left in progress name it, and the first
  // PostgreSQL node adopts and ends them once its heartbeat is stale, as for any dead node.
  ['nodes', { orderBy: 'id' }],
  // Dialogue flows (migration 013): versions reference their flow, uses their version.
  ['flows', { orderBy: 'app_key, id' }],
  ['flow_versions', { orderBy: 'app_key, flow_id, version' }],
  ['flow_uses', { orderBy: 'app_key, flow_id, kind, user_id' }],
  // Outbound call tasks (migration 014): rows and tries after their task. Staged rows (an upload
  // not committed) are copied as they are: the next upload to the task drops them.
  ['tasks', { orderBy: 'task_id' }],
  ['task_rows', { orderBy: 'task_id, row_index' }],
  ['task_row_tries', { orderBy: 'task_id, row_index, try' }],
  // Inbound routes (migration 016), after the numbers they reference.
  ['inbound_routes', { orderBy: 'number' }],
  // Privacy numbers (migration 017): numbers after their pool, parties after their binding.
  ['privacy_pools', { orderBy: 'pool_id' }],
  ['privacy_numbers', { orderBy: 'number' }],
  ['privacy_bindings', { orderBy: 'subscription_id' }],
  ['privacy_parties', { orderBy: 'x, number' }],
];

/** Tables of the file that are bookkeeping, not data: the target has its own. */
const NOT_COPIED = new Set(['schema_migrations', 'sqlite_sequence']);

export const KNOWN_TABLES: readonly string[] = KNOWN.map(([name]) => name);

/**
 * The copy plan for this SQLite file: every table of its schema, in foreign-key order. Throws
 * when the file has a table this version does not know, or lacks one it expects.
 */
export function tablePlan(db: Database.Database): TablePlan[] {
  const present = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[])
    .filter((t) => !NOT_COPIED.has(t));
  const known = new Map(KNOWN);
  const unknown = present.filter((t) => !known.has(t));
  if (unknown.length > 0) {
    throw new Error(`voxcall.db has table(s) this version cannot copy: ${unknown.join(', ')} (use the migrate-store of the voxcall version that wrote it)`);
  }
  const missing = KNOWN_TABLES.filter((t) => !present.includes(t));
  if (missing.length > 0) throw new Error(`voxcall.db lacks table(s) ${missing.join(', ')}: it is not a complete voxcall database`);

  const plan: TablePlan[] = [];
  for (const [name, how] of KNOWN) {
    const parents = db.prepare(`SELECT "table" FROM pragma_foreign_key_list(?)`).pluck().all(name) as string[];
    const late = parents.filter((p) => p !== name && !plan.some((t) => t.name === p));
    if (late.length > 0) throw new Error(`migrate-store copies ${name} before ${late.join(', ')}, which it references: fix the order in plan.ts`);
    const columns = db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(name) as string[];
    plan.push({ name, columns, ...how });
  }
  return plan;
}
