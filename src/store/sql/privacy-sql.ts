// The privacy-number tables (migration 017): statements both engines run (@named parameters;
// PostgreSQL through params.ts `named`) and row <-> domain mapping. Nullable parameters are CAST
// so PostgreSQL knows their type. "Active" always means state 'active' and not expired at @now:
// a binding whose expiry passed stops counting at once, swept or not.

import type { Binding, BindingKind, BindingState, DisplayType, NumberPool, PoolNumber } from '../../domain/privacy.js';
import type { NewBinding, PoolNumberView } from '../privacy-repo.js';

/** The party row an AX binding holds on its X besides A's: X is its alone. */
export const WHOLE_X = '*';

const LIVE = `b.state = 'active' AND (b.expires_at IS NULL OR b.expires_at > @now)`;

/** How many candidate Xs one query of a bind returns. */
export const CANDIDATES = 16;

/**
 * A binding on p.x that conflicts with the new one: with @ax = 1 any live one (AX takes X whole),
 * else one in which A or B is a party, or an AX one.
 */
const CONFLICT = `SELECT 1 FROM privacy_parties p JOIN privacy_bindings b ON b.subscription_id = p.subscription_id
  WHERE p.x = {x} AND ${LIVE} AND (@ax = 1 OR p.number IN (@a, @b, '${WHOLE_X}'))`;

export const PRIVACY_SQL = {
  insertPool: 'INSERT INTO privacy_pools (pool_id, app_key, name, created_at) VALUES (@poolId, @appKey, @name, @createdAt) ON CONFLICT DO NOTHING',
  getPool: 'SELECT * FROM privacy_pools WHERE pool_id = @poolId',
  listPools: 'SELECT * FROM privacy_pools WHERE app_key = @appKey ORDER BY created_at, pool_id',
  deletePool: 'DELETE FROM privacy_pools WHERE pool_id = @poolId',
  /** Live bindings on the pool's numbers. */
  poolInUse: `SELECT count(*) AS n FROM privacy_bindings b WHERE b.pool_id = @poolId AND ${LIVE}`,
  insertNumber: 'INSERT INTO privacy_numbers (number, pool_id, app_key, area_code, added_at) VALUES (@number, @poolId, @appKey, @areaCode, @addedAt) ON CONFLICT DO NOTHING',
  getNumber: 'SELECT * FROM privacy_numbers WHERE number = @number',
  lockNumber: 'SELECT * FROM privacy_numbers WHERE number = @number AND pool_id = @poolId',
  listNumbers: `SELECT n.*, (SELECT count(*) FROM privacy_parties p JOIN privacy_bindings b ON b.subscription_id = p.subscription_id
      WHERE p.x = n.number AND p.number = b.a AND ${LIVE}) AS bindings
    FROM privacy_numbers n WHERE n.pool_id = @poolId ORDER BY n.number`,
  numberInUse: `SELECT count(*) AS n FROM privacy_bindings b WHERE b.x = @number AND ${LIVE}`,
  deleteNumber: 'DELETE FROM privacy_numbers WHERE number = @number AND pool_id = @poolId',

  /**
   * Xs of the pool that can take the binding: active display numbers of the app, of the area code
   * and the named X when given, never A or B itself (a binding could not be modified with a party
   * as its X, and a party calling itself reaches nobody), least loaded first (spreads the bindings
   * over the pool).
   */
  candidates: `SELECT n.number FROM privacy_numbers n
    JOIN display_numbers d ON d.number = n.number AND d.app_key = n.app_key AND d.status = 'active'
    WHERE n.pool_id = @poolId
      AND (CAST(@areaCode AS TEXT) IS NULL OR n.area_code = CAST(@areaCode AS TEXT))
      AND (CAST(@x AS TEXT) IS NULL OR n.number = CAST(@x AS TEXT))
      AND n.number NOT IN (@a, @b)
      AND NOT EXISTS (${CONFLICT.replace('{x}', 'n.number')})
    ORDER BY (SELECT count(*) FROM privacy_parties q WHERE q.x = n.number), n.number
    LIMIT ${CANDIDATES}`,
  /** Whether the named X is an active number of the pool at all (why a named bind was refused). */
  namedUsable: `SELECT n.number FROM privacy_numbers n
    JOIN display_numbers d ON d.number = n.number AND d.app_key = n.app_key AND d.status = 'active'
    WHERE n.pool_id = @poolId AND n.number = @x`,
  conflictOn: CONFLICT.replace('{x}', '@x'),
  /** Parties of X's bindings whose expiry passed, then the bindings themselves: X is freed of them. */
  dropExpiredPartiesOn: `DELETE FROM privacy_parties WHERE x = @x AND subscription_id IN
    (SELECT subscription_id FROM privacy_bindings WHERE x = @x AND state = 'active' AND expires_at <= @now)`,
  expireOn: `UPDATE privacy_bindings SET state = 'expired', ended_at = @now, updated_at = @now
    WHERE x = @x AND state = 'active' AND expires_at <= @now`,
  insertBinding: `INSERT INTO privacy_bindings (subscription_id, app_key, pool_id, kind, x, a, b, state, expires_at, record,
      max_duration, display_type, user_data, request_id, request_hash, created_at, updated_at)
    VALUES (@subscriptionId, @appKey, @poolId, @kind, @x, @a, @b, 'active', @expiresAt, @record,
      @maxDuration, @displayType, @userData, @requestId, @requestHash, @now, @now)`,
  insertParty: 'INSERT INTO privacy_parties (x, number, subscription_id) VALUES (@x, @number, @subscriptionId)',
  byRequest: 'SELECT * FROM privacy_bindings WHERE app_key = @appKey AND request_id = @requestId',
  getBinding: 'SELECT * FROM privacy_bindings WHERE subscription_id = @subscriptionId',
  /** A party of X other than this binding's (a modify's new A or B must not be one). */
  partyElsewhere: `SELECT 1 FROM privacy_parties p JOIN privacy_bindings b ON b.subscription_id = p.subscription_id
    WHERE p.x = @x AND p.number = @number AND p.subscription_id <> @subscriptionId AND ${LIVE}`,
  updateBinding: `UPDATE privacy_bindings SET a = @a, b = @b, expires_at = @expiresAt, record = @record, max_duration = @maxDuration,
      display_type = @displayType, user_data = @userData, updated_at = @now WHERE subscription_id = @subscriptionId`,
  dropParties: 'DELETE FROM privacy_parties WHERE subscription_id = @subscriptionId',
  endBinding: `UPDATE privacy_bindings SET state = @state, ended_at = @now, updated_at = @now WHERE subscription_id = @subscriptionId`,
  onX: `SELECT b.* FROM privacy_bindings b WHERE ${LIVE} AND b.subscription_id IN
    (SELECT p.subscription_id FROM privacy_parties p WHERE p.x = @x AND p.number IN (@caller, '${WHOLE_X}')) ORDER BY b.subscription_id`,
  /**
   * Deletes a batch of ended bindings (unbound, expired) that ended at or before @before: their
   * retention is over (docs/privacy-numbers.md, "Retention"). They hold no parties any more.
   */
  purgeEnded: `DELETE FROM privacy_bindings WHERE subscription_id IN (SELECT subscription_id FROM privacy_bindings
    WHERE state <> 'active' AND ended_at <= @before ORDER BY ended_at LIMIT @limit)`,
  /** A batch of bindings whose expiry passed. */
  dueExpiry: `SELECT subscription_id FROM privacy_bindings WHERE state = 'active' AND expires_at <= @now ORDER BY expires_at LIMIT @limit`,
} as const;

/**
 * The app's live bindings after a subscription id, in id order; `collate` is PostgreSQL's
 * COLLATE "C" (SQLite's TEXT compares bytewise already), so a page cursor means the same on both.
 */
export function listBindingsSql(collate: string): string {
  return `SELECT b.* FROM privacy_bindings b WHERE b.app_key = @appKey AND ${LIVE}
      AND (CAST(@poolId AS TEXT) IS NULL OR b.pool_id = CAST(@poolId AS TEXT))
      AND (CAST(@x AS TEXT) IS NULL OR b.x = CAST(@x AS TEXT))
      AND (CAST(@number AS TEXT) IS NULL OR b.a = CAST(@number AS TEXT) OR b.b = CAST(@number AS TEXT))
      AND b.subscription_id${collate} > @afterId
    ORDER BY b.subscription_id${collate} LIMIT @limit`;
}

export interface PoolRow {
  pool_id: string;
  app_key: string;
  name: string | null;
  created_at: number;
}

export const toPool = (r: PoolRow): NumberPool => ({
  poolId: r.pool_id, appKey: r.app_key, ...(r.name !== null ? { name: r.name } : {}), createdAt: Number(r.created_at),
});

export interface NumberRow {
  number: string;
  pool_id: string;
  app_key: string;
  area_code: string | null;
  added_at: number;
  bindings?: number;
}

export const toNumber = (r: NumberRow): PoolNumber => ({
  number: r.number, poolId: r.pool_id, appKey: r.app_key, ...(r.area_code !== null ? { areaCode: r.area_code } : {}), addedAt: Number(r.added_at),
});

export const toNumberView = (r: NumberRow): PoolNumberView => ({ ...toNumber(r), bindings: Number(r.bindings ?? 0) });

export interface BindingRow {
  subscription_id: string;
  app_key: string;
  pool_id: string;
  kind: string;
  x: string;
  a: string;
  b: string | null;
  state: string;
  expires_at: number | null;
  record: number;
  max_duration: number;
  display_type: number;
  user_data: string | null;
  request_id: string | null;
  request_hash: string | null;
  created_at: number;
  updated_at: number;
  ended_at: number | null;
}

export function toBinding(r: BindingRow): Binding {
  const out: Binding = {
    subscriptionId: r.subscription_id, appKey: r.app_key, poolId: r.pool_id, kind: r.kind as BindingKind, x: r.x, a: r.a,
    state: r.state as BindingState, record: Number(r.record) === 1, maxDuration: Number(r.max_duration),
    displayType: Number(r.display_type) as DisplayType, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  };
  if (r.b !== null) out.b = r.b;
  if (r.expires_at !== null) out.expiresAt = Number(r.expires_at);
  if (r.user_data !== null) out.userData = r.user_data;
  if (r.request_id !== null) out.requestId = r.request_id;
  if (r.ended_at !== null) out.endedAt = Number(r.ended_at);
  // An active binding whose expiry passed reads as expired before the sweeper gets to it.
  return out;
}

/** The parameters of the conflict check and the candidates for a new binding. */
export function conflictParams(b: Pick<NewBinding, 'kind' | 'a' | 'b'>, now: number): Record<string, unknown> {
  return { ax: b.kind === 'AX' ? 1 : 0, a: b.a, b: b.b ?? b.a, now };
}

export function bindingParams(b: NewBinding, x: string, now: number): Record<string, unknown> {
  return {
    subscriptionId: b.subscriptionId, appKey: b.appKey, poolId: b.poolId, kind: b.kind, x, a: b.a, b: b.b ?? null,
    expiresAt: b.expiresAt ?? null, record: b.record ? 1 : 0, maxDuration: b.maxDuration, displayType: b.displayType,
    userData: b.userData ?? null, requestId: b.requestId ?? null, requestHash: b.requestHash ?? null, now,
  };
}

/** The party rows of a binding on its X. */
export function partyNumbers(b: Pick<Binding, 'kind' | 'a' | 'b'>): string[] {
  return b.kind === 'AX' ? [b.a, WHOLE_X] : [b.a, b.b!];
}

export function updateParams(b: Binding, now: number): Record<string, unknown> {
  return {
    subscriptionId: b.subscriptionId, a: b.a, b: b.b ?? null, expiresAt: b.expiresAt ?? null, record: b.record ? 1 : 0,
    maxDuration: b.maxDuration, displayType: b.displayType, userData: b.userData ?? null, now,
  };
}
