// Endpoints (every URL pushes go to) on the management API: list (oldest first, keyset pages), show (with its breaker, queue
// and recent attempts), pause with a reason, resume. A paused endpoint keeps its pushes queued
// (the claim skips it) until it is resumed.

import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Endpoint } from '../../domain/endpoint.js';
import type { Clock } from '../../lib/clock.js';
import type { EndpointRepo, EndpointStats } from '../../store/types.js';
import { decodeCursor, nextCursor } from './cursor.js';
import { notFound } from './errors.js';
import { pageLimit } from './paging.js';
import { iso } from './schemas.js';
import type { DispatcherView } from './types.js';
import { originOf } from '../../domain/receiver.js';
import type { ReceiverBreaker } from '../../push/delivery/dispatcher.js';

/** `endpoints show` sums up the attempts of this window, newest first, at most RECENT_MAX of them. */
export const RECENT_WINDOW_MS = 3_600_000;
export const RECENT_MAX = 1000;

export interface EndpointRouteDeps {
  store: { endpoints: EndpointRepo };
  clock: Clock;
  /** Called after an endpoint was resumed, so the dispatcher claims its waiting pushes at once. */
  onEndpointResumed?: () => void;
  /** The clock attempts are recorded on (the dispatcher's); the recent window is read on it. Default `clock`. */
  pushClock?: Clock;
  /** The breaker state comes from this node's dispatcher (gates live in memory). */
  dispatcher?: Pick<DispatcherView, 'breakers'>;
}

/**
 * The endpoint's breaker as this node's dispatcher holds it. A URL without a gate is closed with
 * nothing in flight (gates of idle, healthy URLs are forgotten).
 */
const SEVERITY = { closed: 0, half_open: 1, open: 2 } as const;

/**
 * The breakers in front of a URL: one per app pushing to its origin (gates are per receiver, not
 * per URL). `state` is the worst of them, `inFlight` and `failures` their sums; `receivers` lists
 * each (apps whose gate is closed and idle are not listed).
 */
export function breakerOf(url: string, gates: ReceiverBreaker[]): Record<string, unknown> {
  const origin = originOf(url);
  const mine = gates.filter((g) => g.origin === origin);
  if (mine.length === 0) return { state: 'closed', inFlight: 0, failures: 0, receivers: [] };
  const worst = mine.reduce((a, b) => (SEVERITY[b.state] > SEVERITY[a.state] ? b : a));
  return {
    state: worst.state,
    inFlight: mine.reduce((n, g) => n + g.inFlight, 0),
    failures: mine.reduce((n, g) => n + g.failures, 0),
    until: worst.until === undefined ? undefined : iso(worst.until),
    receivers: mine.map((g) => ({ app: g.appKey, origin: g.origin, state: g.state, inFlight: g.inFlight, failures: g.failures, until: g.until === undefined ? undefined : iso(g.until) })),
  };
}

function statsView(s: EndpointStats): Record<string, unknown> {
  const r = s.recent;
  return {
    queue: s.queue,
    recent: {
      window: `attempts since ${iso(r.since)} (the last hour), newest ${RECENT_MAX} at most`,
      attempts: r.attempts, delivered: r.delivered, successRate: r.successRate, latencyMs: r.latencyMs,
      lastAttemptAt: r.lastAttemptAt === undefined ? undefined : iso(r.lastAttemptAt),
    },
    lastError: s.lastError && { ...s.lastError, at: iso(s.lastError.at) },
  };
}

export const MAX_ENDPOINT_PAGE = 500;
const ListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 256, description: 'nextCursor of the previous page' })),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: `1-${MAX_ENDPOINT_PAGE}, default 100` })),
}, { additionalProperties: false });
const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 1024, description: 'ep_... or the URL itself (URL-encoded)' }) });
const PauseBody = Type.Object({ reason: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'shown to whoever lists it' })) }, { additionalProperties: false });
const tags = ['endpoints'];

const isHttpUrl = (s: string): boolean => {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

export function endpointView(e: Endpoint): Record<string, unknown> {
  return {
    id: e.id, url: e.url, paused: e.paused, pausedReason: e.pausedReason,
    pausedAt: e.pausedAt === undefined ? undefined : iso(e.pausedAt), createdAt: iso(e.createdAt), updatedAt: iso(e.updatedAt),
  };
}

export function registerEndpointRoutes(app: FastifyInstance, deps: EndpointRouteDeps): void {
  const { store, clock } = deps;
  const endpointOf = async (request: FastifyRequest): Promise<Endpoint> => {
    const { id } = request.params as { id: string };
    const e = await store.endpoints.get(id);
    if (!e) throw notFound(`endpoint ${id}`);
    return e;
  };

  app.get('/endpoints', { schema: { querystring: ListQuery, tags, summary: 'The URLs pushes were queued for, oldest first; page with nextCursor' } }, async (request) => {
    const q = request.query as { cursor?: string; limit?: string };
    const limit = pageLimit(q.limit, MAX_ENDPOINT_PAGE);
    const page = await store.endpoints.list(decodeCursor(q.cursor), limit);
    return { endpoints: page.map(endpointView), nextCursor: nextCursor(page, limit) };
  });

  app.get('/endpoints/:id', { schema: { params: Params, tags, summary: 'One endpoint, its breaker, queue, success rate and latency over the last hour' } }, async (request) => {
    const e = await endpointOf(request);
    const now = (deps.pushClock ?? clock).now();
    const stats = await store.endpoints.stats(e.url, now, now - RECENT_WINDOW_MS, RECENT_MAX);
    return { endpoint: { ...endpointView(e), breaker: breakerOf(e.url, deps.dispatcher?.breakers() ?? []), ...statsView(stats) } };
  });

  app.post('/endpoints/:id/pause', { schema: { params: Params, body: Type.Optional(PauseBody), tags, summary: 'Keeps its pushes queued until resumed (a URL not seen yet may be paused ahead)' } }, async (request) => {
    const { id } = request.params as { id: string };
    // A receiver known to be going down can be paused before its first push is queued.
    const url = (await store.endpoints.get(id))?.url ?? (isHttpUrl(id) ? id : undefined);
    if (url === undefined) throw notFound(`endpoint ${id}`);
    const reason = (request.body as { reason?: string } | undefined)?.reason ?? 'paused by an operator';
    return { endpoint: endpointView(await store.endpoints.setPaused(url, true, reason, clock.now())) };
  });

  app.post('/endpoints/:id/resume', { schema: { params: Params, tags, summary: 'Delivers its waiting pushes again' } }, async (request) => {
    const e = await endpointOf(request);
    const resumed = await store.endpoints.setPaused(e.url, false, undefined, clock.now());
    deps.onEndpointResumed?.();
    return { endpoint: endpointView(resumed) };
  });
}
