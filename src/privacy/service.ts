// Privacy numbers for both APIs (docs/privacy-numbers.md): pools (management API, CLI) and
// bindings (application API). Checks every field first, then asks the store, whose one
// transaction per operation is what makes a bind atomic; a refusal is a PrivacyRefusal naming
// its code, so nothing is half-written and nothing answers 500.

import { createHash, randomBytes } from 'node:crypto';
import type { Binding, NumberPool } from '../domain/privacy.js';
import type { AppRepo, BindingChange, BindRefusal, NewBinding, PoolNumberView, PrivacyRepo } from '../store/types.js';
import { refusePrivacy, type PrivacyRefusalName } from './refusals.js';
import type { BindBody, BindingListQuery, ModifyBody, PoolBody, PoolNumberBody } from './schemas.js';
import * as check from './validate.js';

export interface PrivacyServiceDeps {
  repo: PrivacyRepo;
  apps: Pick<AppRepo, 'number'>;
  /** The wall clock's now (expiry is a real time). */
  now(): number;
}

const BIND_REFUSAL: Record<BindRefusal, PrivacyRefusalName> = {
  pool_not_found: 'poolNotFound',
  no_free_number: 'noFreeNumber',
  number_not_in_pool: 'numberNotInPool',
  number_busy: 'numberBusy',
  request_reused: 'requestReused',
};

const LIST_MAX = 200;

const newId = (prefix: string, bytes: number) => prefix + randomBytes(bytes).toString('hex');

export class PrivacyService {
  readonly #d: PrivacyServiceDeps;

  constructor(deps: PrivacyServiceDeps) {
    this.#d = deps;
  }

  // ---- pools ----

  async createPool(appKey: string, body: PoolBody): Promise<NumberPool> {
    const pool: NumberPool = { poolId: body.numberPoolNo === undefined ? newId('NP', 9) : check.poolId(body.numberPoolNo), appKey, createdAt: this.#d.now() };
    if (body.name !== undefined) pool.name = body.name;
    if (!(await this.#d.repo.createPool(pool))) throw refusePrivacy('poolIdTaken', `pool ${pool.poolId} exists already`);
    return pool;
  }

  async pools(appKey: string): Promise<NumberPool[]> {
    return this.#d.repo.pools(appKey);
  }

  async pool(appKey: string, poolId: string): Promise<{ pool: NumberPool; numbers: PoolNumberView[] }> {
    const pool = await this.#d.repo.pool(poolId);
    if (pool?.appKey !== appKey) throw refusePrivacy('poolNotFound', `app ${appKey} has no pool ${poolId}`);
    return { pool, numbers: await this.#d.repo.numbers(poolId, this.#d.now()) };
  }

  async deletePool(appKey: string, poolId: string): Promise<void> {
    const done = await this.#d.repo.deletePool(appKey, poolId, this.#d.now());
    if (done === 'not_found') throw refusePrivacy('poolNotFound', `app ${appKey} has no pool ${poolId}`);
    if (done === 'in_use') throw refusePrivacy('poolInUse', `pool ${poolId} has active bindings: unbind them (or let them expire) first`);
  }

  /** X numbers must be display numbers of the pool's app (docs/privacy-numbers.md, "Decisions"). */
  async addNumber(appKey: string, poolId: string, body: PoolNumberBody): Promise<PoolNumberView> {
    const number = check.number('number', body.number);
    const areaCode = check.areaCode(body.areaCode);
    await this.pool(appKey, poolId);
    const own = await this.#d.apps.number(number);
    if (own?.appKey !== appKey) throw refusePrivacy('notAppNumber', `${number} is not a display number of app ${appKey}: add it to the app first`);
    const now = this.#d.now();
    const added = await this.#d.repo.addNumber({ number, poolId, appKey, ...(areaCode !== undefined ? { areaCode } : {}), addedAt: now });
    if (added === 'pool_not_found') throw refusePrivacy('poolNotFound', `app ${appKey} has no pool ${poolId}`);
    if (added === 'taken') {
      const holder = await this.#d.repo.number(number);
      throw refusePrivacy('numberTaken', `${number} is in pool ${holder?.poolId ?? '?'} already`);
    }
    return { number, poolId, appKey, ...(areaCode !== undefined ? { areaCode } : {}), addedAt: now, bindings: 0 };
  }

  async removeNumber(appKey: string, poolId: string, number: string): Promise<void> {
    await this.pool(appKey, poolId);
    const done = await this.#d.repo.removeNumber(poolId, number, this.#d.now());
    if (done === 'not_found') throw refusePrivacy('numberNotInPool', `${number} is not a number of pool ${poolId}`);
    if (done === 'in_use') throw refusePrivacy('numberInUse', `${number} carries an active binding: unbind it (or let it expire) first`);
  }

  // ---- bindings ----

  async bind(appKey: string, body: BindBody): Promise<{ binding: Binding; repeated: boolean }> {
    const now = this.#d.now();
    const kind = body.bindType ?? 'AXB';
    const a = check.number('phoneNoA', body.phoneNoA);
    let b: string | undefined;
    if (kind === 'AXB') {
      if (body.phoneNoB === undefined) throw refusePrivacy('invalid', 'phoneNoB is required for an AXB binding');
      b = check.number('phoneNoB', body.phoneNoB);
      if (a === b) throw refusePrivacy('sameParties', `phoneNoA and phoneNoB are both ${a}`);
    } else if (body.phoneNoB !== undefined) {
      throw refusePrivacy('invalid', 'an AX binding has no phoneNoB: the app names the callee of each call');
    }
    const x = body.phoneNoX === undefined ? undefined : check.number('phoneNoX', body.phoneNoX);
    if (x !== undefined && (x === a || x === b)) throw refusePrivacy('invalid', 'phoneNoX cannot be a party of the binding');
    const nb: NewBinding = {
      subscriptionId: newId('sub', 12), appKey, poolId: check.poolId(body.numberPoolNo), kind, a, ...(b !== undefined ? { b } : {}),
      ...(x !== undefined ? { x } : {}),
      record: body.recordFlag ?? false,
      maxDuration: check.maxDuration(body.maxDuration) ?? 0,
      displayType: check.displayType(body.callDisplayType) ?? 1,
    };
    const areaCode = check.areaCode(body.areaCode);
    if (areaCode !== undefined) nb.areaCode = areaCode;
    if (body.expireAt !== undefined) nb.expiresAt = check.expiry(body.expireAt, now);
    const userData = check.userData(body.userData);
    if (userData !== undefined) nb.userData = userData;
    if (body.requestId !== undefined) {
      nb.requestId = body.requestId;
      // The request as it was meant (expireAt as sent, not as a time): the same request repeated matches.
      const { requestId: _id, ...rest } = body;
      nb.requestHash = createHash('sha256').update(JSON.stringify(rest, Object.keys(rest).sort())).digest('base64url');
    }
    const r = await this.#d.repo.bind(nb, now);
    if ('refused' in r) throw refusePrivacy(BIND_REFUSAL[r.refused], bindRefusalText(r.refused, nb));
    return r;
  }

  async modify(appKey: string, subscriptionId: string, body: ModifyBody): Promise<Binding> {
    const now = this.#d.now();
    const change: BindingChange = {};
    if (body.phoneNoA !== undefined) change.a = check.number('phoneNoA', body.phoneNoA);
    if (body.phoneNoB !== undefined) change.b = check.number('phoneNoB', body.phoneNoB);
    if (body.expireAt === null) change.expiresAt = null;
    else if (body.expireAt !== undefined) change.expiresAt = check.expiry(body.expireAt, now);
    if (body.recordFlag !== undefined) change.record = body.recordFlag;
    const md = check.maxDuration(body.maxDuration);
    if (md !== undefined) change.maxDuration = md;
    const dt = check.displayType(body.callDisplayType);
    if (dt !== undefined) change.displayType = dt;
    const ud = check.userData(body.userData);
    if (ud !== undefined) change.userData = ud;
    const cur = await this.get(appKey, subscriptionId);
    if (cur.kind === 'AX' && change.b !== undefined) throw refusePrivacy('invalid', 'an AX binding has no phoneNoB');
    if (change.a !== undefined && change.a === cur.x) throw refusePrivacy('invalid', 'phoneNoA cannot be the binding\'s X');
    if (change.b !== undefined && change.b === cur.x) throw refusePrivacy('invalid', 'phoneNoB cannot be the binding\'s X');
    const r = await this.#d.repo.modify(appKey, subscriptionId, change, now);
    if ('binding' in r) return r.binding;
    switch (r.refused) {
      case 'not_found': throw refusePrivacy('bindingNotFound', `app ${appKey} has no binding ${subscriptionId}`);
      case 'ended': throw refusePrivacy('bindingEnded', `binding ${subscriptionId} has ended (unbound or expired): bind again`);
      case 'same_parties': throw refusePrivacy('sameParties', 'phoneNoA and phoneNoB would be the same number');
      case 'party_busy': throw refusePrivacy('partyBusy', `the new party is already bound on ${cur.x}: unbind that binding first, or bind anew (another X)`);
    }
  }

  async unbind(appKey: string, subscriptionId: string): Promise<Binding> {
    const ended = await this.#d.repo.unbind(appKey, subscriptionId, this.#d.now());
    if (!ended) throw refusePrivacy('bindingNotFound', `app ${appKey} has no binding ${subscriptionId}`);
    return ended;
  }

  async get(appKey: string, subscriptionId: string): Promise<Binding> {
    const found = await this.#d.repo.get(appKey, subscriptionId);
    if (!found) throw refusePrivacy('bindingNotFound', `app ${appKey} has no binding ${subscriptionId}`);
    return found;
  }

  async list(appKey: string, q: BindingListQuery): Promise<{ bindings: Binding[]; next?: string }> {
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (limit < 1 || limit > LIST_MAX) throw refusePrivacy('invalid', `limit must be 1 to ${LIST_MAX}`);
    const bindings = await this.#d.repo.list(appKey, {
      ...(q.numberPoolNo !== undefined ? { poolId: q.numberPoolNo } : {}),
      ...(q.phoneNoX !== undefined ? { x: q.phoneNoX } : {}),
      ...(q.phoneNo !== undefined ? { number: q.phoneNo } : {}),
    }, this.#d.now(), q.after, limit);
    const last = bindings.at(-1);
    return { bindings, ...(bindings.length === limit && last ? { next: last.subscriptionId } : {}) };
  }
}

function bindRefusalText(why: BindRefusal, b: NewBinding): string {
  switch (why) {
    case 'pool_not_found': return `app ${b.appKey} has no pool ${b.poolId}`;
    case 'no_free_number': return `no X of pool ${b.poolId}${b.areaCode !== undefined ? ` with area code ${b.areaCode}` : ''} can take ${b.kind === 'AX' ? 'an AX binding (one that is free of bindings)' : `${b.a} and ${b.b!} (each is bound on every X, or an AX binding holds it)`}`;
    case 'number_not_in_pool': return `${b.x!} is not an active number of pool ${b.poolId}`;
    case 'number_busy': return `${b.x!} cannot take this binding: a party is bound on it already, or an AX binding holds it`;
    case 'request_reused': return `requestId ${b.requestId!} was used for another request: a new request needs a new requestId`;
  }
}
