// Privacy numbers in the store (migration 017, docs/privacy-numbers.md): pools, their X numbers,
// bindings and the parties each binding holds on its X. Part of the repository interface
// (types.ts re-exports it). Every method is one transaction.
//
// The rule the store keeps, on every backend and node: on one X, a number is a party of at most
// one active binding, and an AX binding holds its X alone. So a caller of X names exactly one
// binding, and that binding one callee. Expired bindings (expiry <= now) no longer count, swept or not.

import type { Binding, BindingKind, DisplayType, NumberPool, PoolNumber } from '../domain/privacy.js';

export interface PoolNumberView extends PoolNumber {
  /** Active bindings on the number now. */
  bindings: number;
}

export interface NewBinding {
  subscriptionId: string;
  appKey: string;
  poolId: string;
  kind: BindingKind;
  a: string;
  b?: string;
  /** A named X (must be a number of the pool); else the store picks one. */
  x?: string;
  /** Only Xs of this area code. */
  areaCode?: string;
  expiresAt?: number;
  record: boolean;
  maxDuration: number;
  displayType: DisplayType;
  userData?: string;
  requestId?: string;
  /** A digest of the request (idempotency: the same requestId with another request is refused). */
  requestHash?: string;
}

export type BindRefusal =
  | 'pool_not_found'
  /** No X of the pool (of the area code) can take the binding. */
  | 'no_free_number'
  /** The named X is not an active number of the pool. */
  | 'number_not_in_pool'
  /** The named X cannot take the binding (a party is bound on it, or an AX binding holds it). */
  | 'number_busy'
  /** The requestId was used for another request. */
  | 'request_reused';

export type BindResult = { binding: Binding; repeated: boolean } | { refused: BindRefusal };

/** A change of an active binding; absent fields stay. `expiresAt: null` = never expires. */
export interface BindingChange {
  a?: string;
  b?: string;
  expiresAt?: number | null;
  record?: boolean;
  maxDuration?: number;
  displayType?: DisplayType;
  userData?: string;
}

export type ModifyResult = { binding: Binding } | { refused: 'not_found' | 'ended' | 'party_busy' | 'same_parties' };

export type PoolNumberAdded = 'added' | 'pool_not_found' | 'taken';
export type PoolNumberRemoved = 'removed' | 'not_found' | 'in_use';
export type PoolDeleted = 'deleted' | 'not_found' | 'in_use';

export interface BindingFilter {
  poolId?: string;
  x?: string;
  /** A or B. */
  number?: string;
}

export interface PrivacyRepo {
  /** Resolves false (and changes nothing) when the pool id is taken. */
  createPool(pool: NumberPool): Promise<boolean>;
  pool(poolId: string): Promise<NumberPool | undefined>;
  /** The app's pools, oldest first. */
  pools(appKey: string): Promise<NumberPool[]>;
  /** Refused (in_use) while a binding on one of its numbers is active. */
  deletePool(appKey: string, poolId: string, now: number): Promise<PoolDeleted>;
  /** taken: the number is in a pool already. */
  addNumber(n: PoolNumber): Promise<PoolNumberAdded>;
  numbers(poolId: string, now: number): Promise<PoolNumberView[]>;
  /** The pool number of X, whichever pool holds it. */
  number(x: string): Promise<PoolNumber | undefined>;
  /** Refused (in_use) while an active binding is on it. */
  removeNumber(poolId: string, number: string, now: number): Promise<PoolNumberRemoved>;

  /**
   * Binds atomically: picks an X of the pool (the named one, or an active one of the area code,
   * least loaded first) on which no party of the binding is bound and no AX binding is, and
   * stores the binding with its parties. With a requestId the app used before: the binding it
   * made (repeated), or request_reused when the request differs.
   */
  bind(b: NewBinding, now: number): Promise<BindResult>;
  modify(appKey: string, subscriptionId: string, change: BindingChange, now: number): Promise<ModifyResult>;
  /** Ends the binding (its X is free for its parties at once); undefined when there is none of the app's. */
  unbind(appKey: string, subscriptionId: string, now: number): Promise<Binding | undefined>;
  /** Any state; appKey undefined = any app's. */
  get(appKey: string | undefined, subscriptionId: string): Promise<Binding | undefined>;
  /** The app's active bindings (not expired at `now`), oldest first, `afterId` the last of the previous page. */
  list(appKey: string, filter: BindingFilter, now: number, afterId: string | undefined, limit: number): Promise<Binding[]>;
  /**
   * The active bindings on X (not expired at `now`) in which `caller` is a party, or which hold X
   * whole (AX): what a call from `caller` to X may reach (the resolver decides).
   */
  onX(x: string, caller: string, now: number): Promise<Binding[]>;
  /** Ends (expired) up to `limit` active bindings whose expiry is <= now; resolves how many. */
  sweep(now: number, limit: number): Promise<number>;
  /**
   * Deletes up to `limit` ended bindings (unbound, expired) whose end is <= `endedBefore`; resolves
   * how many. Their subscriptionId then answers not found and their requestId is free again.
   */
  purge(endedBefore: number, limit: number): Promise<number>;
}
