// How pushes look on the management API, and the filter its query strings and bodies share:
// the same fields list, replay by filter and the export take, resolved to a store PushQuery.

import { Type, type Static } from '@sinclair/typebox';
import { endpointId } from '../../domain/endpoint.js';
import type { Push, PushAttempt } from '../../domain/push.js';
import type { EndpointRepo, PushQuery } from '../../store/types.js';
import { notFound } from './errors.js';
import { AppKey, iso } from './schemas.js';
import { createdRange, IsoTime as Instant } from './time-filter.js';

const State = Type.Union([Type.Literal('queued'), Type.Literal('delivered'), Type.Literal('failed'), Type.Literal('merged')]);
const Kind = Type.Union([Type.Literal('status'), Type.Literal('record')]);

/** The filter fields (query string or body). Times: from inclusive, to exclusive. */
export const filterFields = {
  appKey: Type.Optional(AppKey),
  sessionId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  endpoint: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'an endpoint id (ep_...) or its URL' })),
  format: Type.Optional(Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z0-9_-]+$', description: 'huawei, vsp, ucloud, robot, voxcall' })),
  kind: Type.Optional(Kind),
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
};

export const ListQuery = Type.Object(
  {
    ...filterFields,
    state: Type.Optional(State),
    cursor: Type.Optional(Type.String({ maxLength: 256, description: 'nextCursor of the previous page' })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: '1-500, default 100' })),
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuery>;

export const ReplayFilterBody = Type.Object(
  {
    ...filterFields,
    state: Type.Optional(Type.Union([Type.Literal('failed'), Type.Literal('delivered')], { description: 'default failed' })),
    all: Type.Optional(Type.Boolean({ description: 'true: replay without any filter field (every failed push)' })),
    expectedCount: Type.Optional(Type.Integer({ minimum: 0, description: 'the count an operator confirmed (GET /v1/pushes/count): replays nothing, with 409 VX.CONFLICT, unless exactly that many match now' })),
  },
  { additionalProperties: false },
);
export type ReplayFilterBody = Static<typeof ReplayFilterBody>;

type FilterInput = Partial<Record<'appKey' | 'sessionId' | 'endpoint' | 'format' | 'from' | 'to', string>> & {
  kind?: Push['kind'];
  state?: Push['state'];
};

/** The store query of a filter; an endpoint id must exist (a URL is taken as it is). */
export async function toPushQuery(f: FilterInput, endpoints: Pick<EndpointRepo, 'get'>): Promise<PushQuery> {
  const q: PushQuery = createdRange(f);
  if (f.appKey !== undefined) q.appKey = f.appKey;
  if (f.sessionId !== undefined) q.sessionId = f.sessionId;
  if (f.format !== undefined) q.dialect = f.format;
  if (f.kind !== undefined) q.kind = f.kind;
  if (f.state !== undefined) q.state = f.state;
  if (f.endpoint !== undefined) {
    if (/^ep_[0-9a-f]{16}$/.test(f.endpoint)) {
      const e = await endpoints.get(f.endpoint);
      if (!e) throw notFound(`endpoint ${f.endpoint}`);
      q.url = e.url;
    } else {
      q.url = f.endpoint;
    }
  }
  return q;
}

export function pushView(p: Push, withItems = false): Record<string, unknown> {
  return {
    id: p.id,
    appKey: p.appKey,
    sessionId: p.sessionId,
    format: p.dialect,
    kind: p.kind,
    url: p.url,
    endpointId: endpointId(p.url),
    state: p.state,
    attempts: p.attempts,
    replays: p.replays,
    seq: p.seq,
    itemCount: p.items.length,
    ...(withItems ? { items: p.items } : {}),
    nextAt: p.state === 'queued' ? iso(p.nextAt) : undefined,
    createdAt: iso(p.createdAt),
    deliveredAt: p.deliveredAt === undefined ? undefined : iso(p.deliveredAt),
    lastError: p.lastError,
    mergedInto: p.mergedInto,
    subscriptionId: p.subscriptionId,
    exportedAt: p.exportedAt === undefined ? undefined : iso(p.exportedAt),
  };
}

export function attemptView(a: PushAttempt): Record<string, unknown> {
  return {
    n: a.n, at: iso(a.at), ok: a.ok, latencyMs: a.latencyMs, httpStatus: a.httpStatus,
    errorClass: a.errorClass, error: a.error, responseHead: a.responseHead, url: a.url,
  };
}
