// Privacy numbers on SQLite (migration 017, SQL in ../sql/privacy-sql.ts). Every method that
// reads then writes is one IMMEDIATE transaction: the write lock is taken before the first read,
// so two binds (of this process or another on the file) never both see an X free.

import type Database from 'better-sqlite3';
import type { Binding } from '../../domain/privacy.js';
import { applyChange } from '../privacy-change.js';
import type { BindResult, ModifyResult, NewBinding, PoolDeleted, PoolNumberRemoved, PrivacyRepo } from '../privacy-repo.js';
import {
  bindingParams, conflictParams, listBindingsSql, partyNumbers, PRIVACY_SQL as SQL, toBinding, toNumber, toNumberView, toPool, updateParams,
  type BindingRow, type NumberRow, type PoolRow,
} from '../sql/privacy-sql.js';

export function sqlitePrivacy(db: Database.Database): PrivacyRepo {
  const s = Object.fromEntries(Object.entries(SQL).map(([k, v]) => [k, db.prepare(v)])) as Record<keyof typeof SQL, Database.Statement>;
  const list = db.prepare(listBindingsSql(''));
  const binding = (subscriptionId: string) => s.getBinding.get({ subscriptionId }) as BindingRow | undefined;

  /** X freed of its bindings whose expiry passed. */
  const freeExpired = (x: string, now: number) => {
    s.dropExpiredPartiesOn.run({ x, now });
    s.expireOn.run({ x, now });
  };
  const end = (subscriptionId: string, state: 'unbound' | 'expired', now: number) => {
    s.dropParties.run({ subscriptionId });
    s.endBinding.run({ subscriptionId, state, now });
  };

  const bind = db.transaction((b: NewBinding, now: number): BindResult => {
    if (b.requestId !== undefined) {
      const seen = s.byRequest.get({ appKey: b.appKey, requestId: b.requestId }) as BindingRow | undefined;
      if (seen) return seen.request_hash === (b.requestHash ?? null) ? { binding: toBinding(seen), repeated: true } : { refused: 'request_reused' };
    }
    const pool = s.getPool.get({ poolId: b.poolId }) as PoolRow | undefined;
    if (!pool || pool.app_key !== b.appKey) return { refused: 'pool_not_found' };
    const params = { ...conflictParams(b, now), poolId: b.poolId, areaCode: b.areaCode ?? null, x: b.x ?? null };
    const x = s.candidates.pluck().get(params) as string | undefined;
    if (x === undefined) {
      if (b.x === undefined) return { refused: 'no_free_number' };
      return { refused: s.namedUsable.get(params) === undefined ? 'number_not_in_pool' : 'number_busy' };
    }
    freeExpired(x, now);
    s.insertBinding.run(bindingParams(b, x, now));
    for (const number of partyNumbers(b)) s.insertParty.run({ x, number, subscriptionId: b.subscriptionId });
    return { binding: toBinding(binding(b.subscriptionId)!), repeated: false };
  });

  const modify = db.transaction((appKey: string, subscriptionId: string, change: Parameters<PrivacyRepo['modify']>[2], now: number): ModifyResult => {
    const row = binding(subscriptionId);
    if (!row || row.app_key !== appKey) return { refused: 'not_found' };
    const decided = applyChange(toBinding(row), change, now);
    if ('refused' in decided) return decided;
    const { next, newParties } = decided;
    for (const number of newParties) {
      if (s.partyElsewhere.get({ x: next.x, number, subscriptionId, now }) !== undefined) return { refused: 'party_busy' };
    }
    freeExpired(next.x, now);
    s.updateBinding.run(updateParams(next, now));
    s.dropParties.run({ subscriptionId });
    for (const number of partyNumbers(next)) s.insertParty.run({ x: next.x, number, subscriptionId });
    return { binding: toBinding(binding(subscriptionId)!) };
  });

  const unbind = db.transaction((appKey: string, subscriptionId: string, now: number): Binding | undefined => {
    const row = binding(subscriptionId);
    if (!row || row.app_key !== appKey) return undefined;
    if (row.state === 'active') end(subscriptionId, row.expires_at !== null && row.expires_at <= now ? 'expired' : 'unbound', now);
    return toBinding(binding(subscriptionId)!);
  });

  const deletePool = db.transaction((appKey: string, poolId: string, now: number): PoolDeleted => {
    const pool = s.getPool.get({ poolId }) as PoolRow | undefined;
    if (!pool || pool.app_key !== appKey) return 'not_found';
    if ((s.poolInUse.get({ poolId, now }) as { n: number }).n > 0) return 'in_use';
    s.deletePool.run({ poolId });
    return 'deleted';
  });

  const removeNumber = db.transaction((poolId: string, number: string, now: number): PoolNumberRemoved => {
    if (s.lockNumber.get({ poolId, number }) === undefined) return 'not_found';
    if ((s.numberInUse.get({ number, now }) as { n: number }).n > 0) return 'in_use';
    freeExpired(number, now);
    s.deleteNumber.run({ poolId, number });
    return 'removed';
  });

  const sweep = db.transaction((now: number, limit: number): number => {
    const due = s.dueExpiry.pluck().all({ now, limit }) as string[];
    for (const id of due) end(id, 'expired', now);
    return due.length;
  });

  return {
    async createPool(p) {
      return s.insertPool.run({ poolId: p.poolId, appKey: p.appKey, name: p.name ?? null, createdAt: p.createdAt }).changes === 1;
    },
    async pool(poolId) {
      const r = s.getPool.get({ poolId }) as PoolRow | undefined;
      return r && toPool(r);
    },
    async pools(appKey) {
      return (s.listPools.all({ appKey }) as PoolRow[]).map(toPool);
    },
    async deletePool(appKey, poolId, now) {
      return deletePool.immediate(appKey, poolId, now);
    },
    async addNumber(n) {
      const pool = s.getPool.get({ poolId: n.poolId }) as PoolRow | undefined;
      if (!pool || pool.app_key !== n.appKey) return 'pool_not_found';
      const added = s.insertNumber.run({ number: n.number, poolId: n.poolId, appKey: n.appKey, areaCode: n.areaCode ?? null, addedAt: n.addedAt }).changes === 1;
      return added ? 'added' : 'taken';
    },
    async numbers(poolId, now) {
      return (s.listNumbers.all({ poolId, now }) as NumberRow[]).map(toNumberView);
    },
    async number(x) {
      const r = s.getNumber.get({ number: x }) as NumberRow | undefined;
      return r && toNumber(r);
    },
    async removeNumber(poolId, number, now) {
      return removeNumber.immediate(poolId, number, now);
    },
    async bind(b, now) {
      return bind.immediate(b, now);
    },
    async modify(appKey, subscriptionId, change, now) {
      return modify.immediate(appKey, subscriptionId, change, now);
    },
    async unbind(appKey, subscriptionId, now) {
      return unbind.immediate(appKey, subscriptionId, now);
    },
    async get(appKey, subscriptionId) {
      const r = binding(subscriptionId);
      return r && (appKey === undefined || r.app_key === appKey) ? toBinding(r) : undefined;
    },
    async list(appKey, f, now, afterId, limit) {
      const rows = list.all({ appKey, now, poolId: f.poolId ?? null, x: f.x ?? null, number: f.number ?? null, afterId: afterId ?? '', limit }) as BindingRow[];
      return rows.map(toBinding);
    },
    async onX(x, caller, now) {
      return (s.onX.all({ x, caller, now }) as BindingRow[]).map(toBinding);
    },
    async sweep(now, limit) {
      return sweep.immediate(now, limit);
    },
    async purge(endedBefore, limit) {
      return s.purgeEnded.run({ before: endedBefore, limit }).changes;
    },
  };
}
