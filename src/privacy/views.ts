// Bindings and pools as the APIs answer them: the vsp push's field names (numberPoolNo, phoneNoX,
// subscriptionId, callDisplayType, ...) and ISO 8601 times.

import type { Binding, NumberPool } from '../domain/privacy.js';
import type { PoolNumberView } from '../store/types.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function bindingView(b: Binding, now: number): Record<string, unknown> {
  // An active binding whose expiry passed is expired already, whether or not the sweeper has run.
  const state = b.state === 'active' && b.expiresAt !== undefined && b.expiresAt <= now ? 'expired' : b.state;
  return {
    subscriptionId: b.subscriptionId,
    numberPoolNo: b.poolId,
    bindType: b.kind,
    phoneNoX: b.x,
    phoneNoA: b.a,
    ...(b.b !== undefined ? { phoneNoB: b.b } : {}),
    state,
    ...(b.expiresAt !== undefined ? { expireAt: iso(b.expiresAt) } : {}),
    recordFlag: b.record,
    maxDuration: b.maxDuration,
    callDisplayType: b.displayType,
    ...(b.userData !== undefined ? { userData: b.userData } : {}),
    ...(b.requestId !== undefined ? { requestId: b.requestId } : {}),
    createdAt: iso(b.createdAt),
    updatedAt: iso(b.updatedAt),
    ...(b.endedAt !== undefined ? { endedAt: iso(b.endedAt) } : {}),
  };
}

export function poolView(p: NumberPool, numbers?: PoolNumberView[]): Record<string, unknown> {
  return {
    numberPoolNo: p.poolId,
    appKey: p.appKey,
    ...(p.name !== undefined ? { name: p.name } : {}),
    createdAt: iso(p.createdAt),
    ...(numbers ? { numbers: numbers.map(poolNumberView) } : {}),
  };
}

export function poolNumberView(n: PoolNumberView): Record<string, unknown> {
  return { number: n.number, ...(n.areaCode !== undefined ? { areaCode: n.areaCode } : {}), addedAt: iso(n.addedAt), bindings: n.bindings };
}
