// IP lockouts (1020176) on the management API: the IPs blocked after repeated authentication
// failures, and those on their way there, listed; one or all cleared (the reference's "contact the
// administrator"). The guard's state is in the store, shared by every node (docs/auth.md): any
// node lists and clears the blocks of all.

import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { normalizeIp, type IpGuard, type LockoutView } from '../auth/ip-guard.js';
import { notFound } from './errors.js';
import { pageLimit } from './paging.js';
import { answers, Instant, iso } from './schemas.js';

export interface LockoutRouteDeps {
  lockouts?: Pick<IpGuard, 'list' | 'release' | 'releaseAll'>;
}

const tags = ['lockouts'];
const MAX_LOCKOUT_PAGE = 1000;
const Lockout = Type.Object({
  ip: Type.String(),
  blocked: Type.Boolean({ description: 'true while every request from the IP is answered 1020176' }),
  failures: Type.Integer({ description: 'failures that caused the block; else failures inside the counting window' }),
  blockedUntil: Type.Union([Instant, Type.Null()]),
  lastFailureAt: Type.Union([Instant, Type.Null()]),
});
// Query strings are not coerced (ajv coerceTypes off): a number arrives as digits.
const ListQuery = Type.Object({ limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: '1-1000, default 100' })) }, { additionalProperties: false });
const Params = Type.Object({ ip: Type.String({ minLength: 2, maxLength: 64, pattern: '^[0-9A-Fa-f.:]+$', description: 'IPv4 or IPv6 address' }) });

const view = (l: LockoutView): Static<typeof Lockout> => ({
  ip: l.ip,
  blocked: l.blockedUntil !== undefined,
  failures: l.failures,
  blockedUntil: l.blockedUntil === undefined ? null : iso(l.blockedUntil),
  lastFailureAt: l.lastFailureAt === undefined ? null : iso(l.lastFailureAt),
});

export function registerLockoutRoutes(app: FastifyInstance, deps: LockoutRouteDeps): void {
  const guard = deps.lockouts;
  if (!guard) return;

  app.get('/lockouts', {
    schema: { tags, summary: 'Blocked IPs (latest first), then IPs with recent authentication failures', querystring: ListQuery,
      response: answers(200, Type.Object({ lockouts: Type.Array(Lockout), total: Type.Integer() })) },
  }, async (request) => {
    const q = request.query as Static<typeof ListQuery>;
    const { lockouts, total } = await guard.list(pageLimit(q.limit, MAX_LOCKOUT_PAGE));
    return { lockouts: lockouts.map(view), total };
  });

  app.delete('/lockouts/:ip', {
    schema: { tags, summary: 'Lifts the block of one IP and forgets its failures', params: Params,
      response: answers(200, Type.Object({ cleared: Type.String() }), 404) },
  }, async (request) => {
    const ip = normalizeIp((request.params as Static<typeof Params>).ip);
    if (!(await guard.release(ip))) throw notFound(`a lockout or failure of ${ip}`);
    return { cleared: ip };
  });

  app.delete('/lockouts', {
    schema: { tags, summary: 'Lifts every block and forgets every failure', response: answers(200, Type.Object({ cleared: Type.Integer({ description: 'IPs forgotten' }) })) },
  }, async () => ({ cleared: await guard.releaseAll() }));
}
