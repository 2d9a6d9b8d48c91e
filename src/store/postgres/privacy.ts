// Privacy numbers on PostgreSQL (migration 017, SQL in ../sql/privacy-sql.ts), for any number of
// nodes. What keeps an X's bindings unambiguous under concurrency:
// - a bind locks the X row (privacy_numbers, FOR UPDATE) before it checks X's parties and inserts
//   its own: two binds of one X take turns, the second sees the first's parties (READ COMMITTED
//   reads what committed before each statement). Each candidate X is tried in a savepoint, so a
//   refused one's lock is let go before the next is taken (two binds never wait on each other);
// - the parties' key (x, number) refuses a duplicate party whatever path wrote it;
// - a bind holds its pool FOR SHARE, so a pool delete (FOR UPDATE) waits for it or it for the delete;
// - two binds of one requestId: the unique index refuses the second, which answers the first's binding.

import type pg from 'pg';
import { applyChange } from '../privacy-change.js';
import type { BindResult, ModifyResult, NewBinding, PoolDeleted, PoolNumberRemoved, PrivacyRepo } from '../privacy-repo.js';
import {
  bindingParams, CANDIDATES, conflictParams, listBindingsSql, partyNumbers, PRIVACY_SQL as SQL, toBinding, toNumber, toNumberView, toPool, updateParams,
  type BindingRow, type NumberRow, type PoolRow,
} from '../sql/privacy-sql.js';
import { named } from './params.js';
import { tx, type Queryable } from './pool.js';

async function run<R extends pg.QueryResultRow>(db: Queryable, sql: string, params: Record<string, unknown>): Promise<R[]> {
  const q = named(sql, params);
  return (await db.query<R>(q.text, q.values)).rows;
}

const LIST = listBindingsSql(' COLLATE "C"');
const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

export function pgPrivacy(pool: pg.Pool): PrivacyRepo {
  const binding = async (db: Queryable, subscriptionId: string, lock = '') =>
    (await run<BindingRow>(db, SQL.getBinding + lock, { subscriptionId }))[0];
  // Binding rows first, then their parties: the sweeper's order (sweep, end). The other order
  // deadlocked a bind against a sweep of the same expired binding (40P01, a 500 to the app).
  const freeExpired = async (c: Queryable, x: string, now: number) => {
    const expired = await run<{ subscription_id: string }>(c, `${SQL.expireOn} RETURNING subscription_id`, { x, now });
    for (const r of expired) await run(c, SQL.dropParties, { subscriptionId: r.subscription_id });
  };
  const end = async (c: Queryable, subscriptionId: string, state: 'unbound' | 'expired', now: number) => {
    await run(c, SQL.dropParties, { subscriptionId });
    await run(c, SQL.endBinding, { subscriptionId, state, now });
  };
  const repeatOf = async (b: NewBinding): Promise<BindResult | undefined> => {
    const seen = (await run<BindingRow>(pool, SQL.byRequest, { appKey: b.appKey, requestId: b.requestId }))[0];
    if (!seen) return undefined;
    return seen.request_hash === (b.requestHash ?? null) ? { binding: toBinding(seen), repeated: true } : { refused: 'request_reused' };
  };

  async function bindIn(c: pg.PoolClient, b: NewBinding, now: number): Promise<BindResult> {
    const pools = await run<PoolRow>(c, `${SQL.getPool} FOR SHARE`, { poolId: b.poolId });
    if (pools[0]?.app_key !== b.appKey) return { refused: 'pool_not_found' };
    const params = { ...conflictParams(b, now), poolId: b.poolId, areaCode: b.areaCode ?? null, x: b.x ?? null };
    // A full batch whose every X was taken meanwhile is asked again: the Xs taken then show as taken.
    for (let round = 0, full = true; full && round < 8; round++) {
      const candidates = (await run<{ number: string }>(c, SQL.candidates, params)).map((r) => r.number);
      full = candidates.length === CANDIDATES;
      for (const x of candidates) {
        await c.query('SAVEPOINT x_try');
        const locked = await run(c, `${SQL.lockNumber} FOR UPDATE`, { number: x, poolId: b.poolId });
        if (locked.length === 1 && (await run(c, SQL.conflictOn, { ...params, x })).length === 0) {
          await freeExpired(c, x, now);
          await run(c, SQL.insertBinding, bindingParams(b, x, now));
          for (const number of partyNumbers(b)) await run(c, SQL.insertParty, { x, number, subscriptionId: b.subscriptionId });
          await c.query('RELEASE SAVEPOINT x_try');
          return { binding: toBinding((await binding(c, b.subscriptionId))!), repeated: false };
        }
        // Taken meanwhile: its lock goes with the savepoint.
        await c.query('ROLLBACK TO SAVEPOINT x_try');
      }
    }
    if (b.x === undefined) return { refused: 'no_free_number' };
    return { refused: (await run(c, SQL.namedUsable, params)).length === 0 ? 'number_not_in_pool' : 'number_busy' };
  }

  return {
    async createPool(p) {
      return (await pool.query(named(SQL.insertPool, { poolId: p.poolId, appKey: p.appKey, name: p.name ?? null, createdAt: p.createdAt }))).rowCount === 1;
    },
    async pool(poolId) {
      const r = (await run<PoolRow>(pool, SQL.getPool, { poolId }))[0];
      return r && toPool(r);
    },
    async pools(appKey) {
      return (await run<PoolRow>(pool, SQL.listPools, { appKey })).map(toPool);
    },
    deletePool(appKey, poolId, now) {
      return tx(pool, async (c): Promise<PoolDeleted> => {
        const r = (await run<PoolRow>(c, `${SQL.getPool} FOR UPDATE`, { poolId }))[0];
        if (!r || r.app_key !== appKey) return 'not_found';
        if (Number((await run<{ n: number }>(c, SQL.poolInUse, { poolId, now }))[0]!.n) > 0) return 'in_use';
        await run(c, SQL.deletePool, { poolId });
        return 'deleted';
      });
    },
    async addNumber(n) {
      return tx(pool, async (c) => {
        const r = (await run<PoolRow>(c, `${SQL.getPool} FOR SHARE`, { poolId: n.poolId }))[0];
        if (!r || r.app_key !== n.appKey) return 'pool_not_found' as const;
        const added = (await c.query(named(SQL.insertNumber, { number: n.number, poolId: n.poolId, appKey: n.appKey, areaCode: n.areaCode ?? null, addedAt: n.addedAt }))).rowCount === 1;
        return added ? 'added' as const : 'taken' as const;
      });
    },
    async numbers(poolId, now) {
      return (await run<NumberRow>(pool, SQL.listNumbers, { poolId, now })).map(toNumberView);
    },
    async number(x) {
      const r = (await run<NumberRow>(pool, SQL.getNumber, { number: x }))[0];
      return r && toNumber(r);
    },
    removeNumber(poolId, number, now) {
      return tx(pool, async (c): Promise<PoolNumberRemoved> => {
        if ((await run(c, `${SQL.lockNumber} FOR UPDATE`, { poolId, number })).length === 0) return 'not_found';
        if (Number((await run<{ n: number }>(c, SQL.numberInUse, { number, now }))[0]!.n) > 0) return 'in_use';
        await freeExpired(c, number, now);
        await run(c, SQL.deleteNumber, { poolId, number });
        return 'removed';
      });
    },
    async bind(b, now) {
      if (b.requestId !== undefined) {
        const repeated = await repeatOf(b);
        if (repeated) return repeated;
      }
      try {
        return await tx(pool, (c) => bindIn(c, b, now));
      } catch (err) {
        // The same requestId committed by another bind meanwhile.
        if (b.requestId !== undefined && isUniqueViolation(err)) {
          const repeated = await repeatOf(b);
          if (repeated) return repeated;
        }
        throw err;
      }
    },
    async modify(appKey, subscriptionId, change, now) {
      const seen = await binding(pool, subscriptionId);
      if (!seen || seen.app_key !== appKey) return { refused: 'not_found' };
      try {
        return await tx(pool, async (c): Promise<ModifyResult> => {
          // X first, then the binding: the order a bind takes them in.
          await run(c, 'SELECT number FROM privacy_numbers WHERE number = @x FOR UPDATE', { x: seen.x });
          const row = (await binding(c, subscriptionId, ' FOR UPDATE'))!;
          const decided = applyChange(toBinding(row), change, now);
          if ('refused' in decided) return decided;
          const { next, newParties } = decided;
          for (const number of newParties) {
            if ((await run(c, SQL.partyElsewhere, { x: next.x, number, subscriptionId, now })).length > 0) return { refused: 'party_busy' };
          }
          await freeExpired(c, next.x, now);
          await run(c, SQL.updateBinding, updateParams(next, now));
          await run(c, SQL.dropParties, { subscriptionId });
          for (const number of partyNumbers(next)) await run(c, SQL.insertParty, { x: next.x, number, subscriptionId });
          return { binding: toBinding((await binding(c, subscriptionId))!) };
        });
      } catch (err) {
        if (isUniqueViolation(err)) return { refused: 'party_busy' };
        throw err;
      }
    },
    unbind(appKey, subscriptionId, now) {
      return tx(pool, async (c) => {
        const row = await binding(c, subscriptionId, ' FOR UPDATE');
        if (!row || row.app_key !== appKey) return undefined;
        if (row.state === 'active') await end(c, subscriptionId, row.expires_at !== null && Number(row.expires_at) <= now ? 'expired' : 'unbound', now);
        return toBinding((await binding(c, subscriptionId))!);
      });
    },
    async get(appKey, subscriptionId) {
      const r = await binding(pool, subscriptionId);
      return r && (appKey === undefined || r.app_key === appKey) ? toBinding(r) : undefined;
    },
    async list(appKey, f, now, afterId, limit) {
      const rows = await run<BindingRow>(pool, LIST, { appKey, now, poolId: f.poolId ?? null, x: f.x ?? null, number: f.number ?? null, afterId: afterId ?? '', limit });
      return rows.map(toBinding);
    },
    async onX(x, caller, now) {
      return (await run<BindingRow>(pool, SQL.onX, { x, caller, now })).map(toBinding);
    },
    sweep(now, limit) {
      return tx(pool, async (c) => {
        // SKIP LOCKED: two nodes' sweepers share the batch instead of queueing on it.
        const due = await run<{ subscription_id: string }>(c, `${SQL.dueExpiry} FOR UPDATE SKIP LOCKED`, { now, limit });
        for (const r of due) await end(c, r.subscription_id, 'expired', now);
        return due.length;
      });
    },
    async purge(endedBefore, limit) {
      // One statement: an ended binding is never written again, so nothing waits on its row.
      return (await pool.query(named(SQL.purgeEnded, { before: endedBefore, limit }))).rowCount ?? 0;
    },
  };
}
