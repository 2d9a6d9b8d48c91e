// Fixtures for the authentication tests: an in-memory NonceRepo, lockouts in an in-memory SQLite
// store, apps, and request signing.

import { AUTHORIZATION_VALUE, createdBeijing, createdUtc, requestDigest, xAkskValue } from '../../src/lib/aksk.js';
import { ManualClock } from '../../src/lib/clock.js';
import type { App } from '../../src/domain/app.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import type { LockoutRepo, NonceRepo } from '../../src/store/types.js';
import { createAuthenticator, IpGuard, type AuthRequest } from '../../src/api/auth/index.js';

export class MemoryNonces implements NonceRepo {
  readonly expiry = new Map<string, number>();

  async useOnce(appKey: string, nonce: string, expiresAt: number, now: number): Promise<boolean> {
    const key = `${appKey}\u0000${nonce}`;
    const until = this.expiry.get(key);
    if (until !== undefined && until > now) return false;
    this.expiry.set(key, expiresAt);
    return true;
  }

  async prune(now: number): Promise<number> {
    let n = 0;
    for (const [k, until] of this.expiry) if (until <= now) { this.expiry.delete(k); n++; }
    return n;
  }
}

/** The IP guard's store: a SQLite database in memory, gone with the test. */
export function lockoutRepo(): LockoutRepo {
  return createSqliteStore(':memory:').lockouts;
}

export function makeApp(over: Partial<App> = {}): App {
  return {
    appKey: 'ZRBRz4bAXoFgEH7o4Ew308eXc1RA',
    appSecret: 'q5Vx1sQJ8sD0hZ2ZzA7c9b',
    spId: 'sp1',
    name: 'test app',
    status: 'active',
    capabilities: ['callback', 'notify', 'verify'],
    recordingEnabled: true,
    portQuota: 10,
    createdAt: 0,
    ...over,
  };
}

export const SUSPENDED_KEY = 'suspendedAppKey0000000000001';
export const OTHER_KEY = 'otherAppKey00000000000000002';

export function setup(opts: { toleranceMs?: number; maxFailures?: number } = {}) {
  const clock = new ManualClock();
  const nonces = new MemoryNonces();
  const app = makeApp();
  const suspended = makeApp({ appKey: SUSPENDED_KEY, status: 'suspended' });
  const other = makeApp({ appKey: OTHER_KEY, appSecret: 'another-secret' });
  const apps = new Map([app, suspended, other].map((a) => [a.appKey, a]));
  const guard = new IpGuard({ clock, repo: lockoutRepo(), ...(opts.maxFailures ? { maxFailures: opts.maxFailures } : {}) });
  const authenticate = createAuthenticator({
    findApp: async (k) => apps.get(k),
    nonces,
    clock,
    guard,
    ...(opts.toleranceMs ? { toleranceMs: opts.toleranceMs } : {}),
  });
  let seq = 0;
  /** Correct headers for the app at the clock's now; parts can be overridden. */
  const sign = (over: { appKey?: string; secret?: string; nonce?: string; created?: string; zone?: 'utc' | 'beijing' } = {}): AuthRequest => {
    const nonce = over.nonce ?? `N${clock.now()}x${seq++}`;
    const created = over.created ?? (over.zone === 'utc' ? createdUtc(clock.now()) : createdBeijing(clock.now()));
    const digest = requestDigest(over.secret ?? app.appSecret, nonce, created);
    return { authorization: AUTHORIZATION_VALUE, xAksk: xAkskValue(over.appKey ?? app.appKey, digest, nonce, created), ip: '203.0.113.7' };
  };
  return { clock, nonces, app, suspended, other, guard, authenticate, sign };
}

/** Resolves to the resultcode the request is refused with, or 'ok'. */
export async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    const r = (e as { resultcode?: string }).resultcode;
    if (r === undefined) throw e;
    return r;
  }
}
