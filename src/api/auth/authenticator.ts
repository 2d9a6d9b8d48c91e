// AK/SK authentication of an API request (reference 3.2 and table 4-1), framework-free: the HTTP
// layer passes the two header values and the client IP, and gets the App or an ApiError carrying
// the result code of the first check that failed. docs/auth.md lists the order and the reasons.

import { digestsEqual, requestDigest } from '../../lib/aksk.js';
import type { Clock } from '../../lib/clock.js';
import type { App } from '../../domain/app.js';
import type { NonceRepo } from '../../store/types.js';
import { ApiError, apiError } from '../errors.js';
import { RESULT } from '../result-codes.js';
import { judgeCreated, parseCreated } from './created.js';
import { NONCE_PATTERN, checkAuthorization, parseXAksk } from './headers.js';
import type { IpGuard } from './ip-guard.js';

export interface AuthenticatorOptions {
  findApp(appKey: string): Promise<App | undefined>;
  nonces: NonceRepo;
  clock: Clock;
  /** How far Created may be from now, under either reading. Default 15 minutes. */
  toleranceMs?: number;
  guard: IpGuard;
}

export interface AuthRequest {
  authorization?: string | undefined;
  xAksk?: string | undefined;
  /** The client's address, as the HTTP layer sees it (behind a proxy: the trusted forwarded one). */
  ip: string;
}

export type Authenticate = (req: AuthRequest) => Promise<App>;

/** The order of the checks, as docs/auth.md lists it (a test compares the two). */
export const AUTH_CHECK_ORDER = [
  'ipBlocked',
  'authorization',
  'xAksk',
  'nonceFormat',
  'created',
  'appKey',
  'digest',
  'appStatus',
  'nonceReplay',
] as const;

export const DEFAULT_TOLERANCE_MS = 15 * 60_000;

export function createAuthenticator(opts: AuthenticatorOptions): Authenticate {
  const { findApp, nonces, clock, guard } = opts;
  const toleranceMs = opts.toleranceMs ?? DEFAULT_TOLERANCE_MS;
  if (!(toleranceMs > 0)) throw new RangeError(`toleranceMs must be > 0, got ${toleranceMs}`);

  async function check(req: AuthRequest): Promise<App> {
    const authFailure = checkAuthorization(req.authorization);
    if (authFailure) throw apiError(authFailure);

    const parsed = parseXAksk(req.xAksk);
    if (!parsed.ok) throw apiError(parsed.entry);
    const token = parsed.value;

    if (!NONCE_PATTERN.test(token.nonce)) throw apiError(RESULT.invalidRequest, 'Nonce must be 1-128 letters or digits.');

    const now = clock.now();
    const asUtc = parseCreated(token.created);
    if (asUtc === undefined) throw apiError(RESULT.timeOutLimit, 'Created must be yyyy-MM-ddTHH:mm:ssZ.');
    const created = judgeCreated(asUtc, now, toleranceMs);
    if (!created.fresh) throw apiError(RESULT.timeOutLimit);

    // Only the checks above run before the store is asked: they cost nothing and refuse most junk.
    const app = await findApp(token.username);
    if (!app) throw apiError(RESULT.invalidAppKey);

    // During a rotation's grace period the previous secret signs too. Both comparisons always run,
    // so the time taken tells nothing about which secret (if any) matched.
    const inGrace = app.previousSecret !== undefined && app.previousSecretUntil !== undefined && now < app.previousSecretUntil;
    const current = digestsEqual(requestDigest(app.appSecret, token.nonce, token.created), token.passwordDigest);
    const previous = digestsEqual(requestDigest(inGrace ? app.previousSecret! : app.appSecret, token.nonce, token.created), token.passwordDigest);
    if (!current && !(inGrace && previous)) throw apiError(RESULT.invalidDigest);

    // After the digest: only the holder of the secret learns that the app is suspended.
    if (app.status !== 'active') throw apiError(RESULT.appKeySuspended);

    // Recorded only now, so forged requests cannot burn a client's nonces.
    const fresh = await nonces.useOnce(app.appKey, token.nonce, created.retainUntil, now);
    if (!fresh) throw apiError(RESULT.invalidDigest, 'Nonce already used.');
    return app;
  }

  return async function authenticate(req: AuthRequest): Promise<App> {
    if (guard.isBlocked(req.ip)) throw apiError(RESULT.authBlocked);
    try {
      return await check(req);
    } catch (e) {
      // Only refusals count towards a block; a failing store is our fault, not the client's.
      if (e instanceof ApiError) await guard.recordFailure(req.ip);
      throw e;
    }
  };
}
