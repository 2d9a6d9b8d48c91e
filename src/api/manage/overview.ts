// GET /v1/overview: the figures the console's overview polls, in one read-only answer: calls
// placed per minute by outcome, pushes delivered and failed in the same window, the queue with
// the push first in line, and the endpoints whose breaker is not closed. Every figure is also
// reachable through the listings (calls, pushes, endpoints); this saves paging through them.

import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import type { Store } from '../../store/types.js';
import { OUTCOMES } from './call-views.js';
import { breakerOf } from './endpoints.js';
import { manageError } from './errors.js';
import { answers, iso } from './schemas.js';
import type { DispatcherView } from './types.js';

export interface OverviewRouteDeps {
  store: Pick<Store, 'overview' | 'endpoints'>;
  /** The scheduling clock: calls and pushes are timed on it (the push clock of ManageDeps). */
  clock: Clock;
  dispatcher?: Pick<DispatcherView, 'breakers'>;
}

export const MAX_OVERVIEW_MINUTES = 60;
/** The overview lists at most this many endpoints behind breakers that are not closed. */
export const MAX_OPEN_ENDPOINTS = 100;
const DEFAULT_MINUTES = 15;
const MINUTE = 60_000;
/** The keys of a minute's counts: every outcome, and calls still in progress. */
export const MINUTE_KEYS = [...OUTCOMES, 'in_progress'] as const;

const Query = Type.Object(
  { minutes: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$', description: `the window: the last 1-${MAX_OVERVIEW_MINUTES} minutes, default ${DEFAULT_MINUTES}` })) },
  { additionalProperties: false },
);
const Counts = Type.Record(Type.String(), Type.Integer(), { description: `calls by outcome: ${MINUTE_KEYS.join(', ')} (every key present)` });
const Answer = Type.Object({
  now: Type.String({ description: 'the platform\'s time (the scheduling clock)' }),
  since: Type.String({ description: 'start of the window (the first minute)' }),
  calls: Type.Object({
    perMinute: Type.Array(Type.Object({ minute: Type.String(), counts: Counts }), { description: 'every minute of the window, oldest first' }),
    total: Counts,
  }),
  pushes: Type.Object({
    delivered: Type.Integer({ description: 'created in the window, delivered' }),
    failed: Type.Integer({ description: 'created in the window, failed (schedule exhausted)' }),
    queued: Type.Integer({ description: 'queued now, whenever created' }),
    due: Type.Integer({ description: 'queued and due now' }),
    firstQueued: Type.Optional(Type.Object({
      id: Type.String(), url: Type.String(), createdAt: Type.String(), nextAt: Type.String(),
      waitingSeconds: Type.Number({ description: 'how long it has been due (0 while not due yet)' }),
    }, { description: 'the queued push first in line (earliest next attempt)' })),
  }),
  openEndpoints: Type.Array(Type.Object({
    id: Type.String(), url: Type.String(), state: Type.String({ description: 'open or half_open' }),
    failures: Type.Integer(), until: Type.Optional(Type.String({ description: 'when the next probe may go' })),
  }), { description: `endpoints behind a breaker that is not closed (this node's dispatcher), ${MAX_OPEN_ENDPOINTS} at most` }),
});
type Answer = Static<typeof Answer>;

const zero = (): Record<string, number> => Object.fromEntries(MINUTE_KEYS.map((k) => [k, 0]));

export function registerOverviewRoute(app: FastifyInstance, deps: OverviewRouteDeps): void {
  app.get('/overview', {
    schema: { querystring: Query, tags: ['overview'], summary: 'Calls per minute by outcome, recent pushes, the queue and open breakers (what the console polls)', response: answers(200, Answer) },
  }, async (request): Promise<Answer> => {
    const { minutes: asked } = request.query as Static<typeof Query>;
    const minutes = asked === undefined ? DEFAULT_MINUTES : Number(asked);
    if (!(minutes >= 1 && minutes <= MAX_OVERVIEW_MINUTES)) throw manageError('invalid', `query parameter minutes must be 1 to ${MAX_OVERVIEW_MINUTES}`);
    const now = deps.clock.now();
    // The window is whole minutes, the current one last, so a bar never covers part of a minute.
    const since = now - (now % MINUTE) - (minutes - 1) * MINUTE;
    // Only the endpoints behind a breaker that is not closed are read (by origin, the breaker's key).
    const gates = deps.dispatcher?.breakers() ?? [];
    const notClosed = [...new Set(gates.filter((g) => g.state !== 'closed').map((g) => g.origin))];
    const [rows, recent, queue, endpoints] = await Promise.all([
      deps.store.overview.callsPerMinute(since),
      deps.store.overview.pushesSince(since),
      deps.store.overview.queue(now),
      notClosed.length === 0 ? [] : deps.store.endpoints.atOrigins(notClosed, MAX_OPEN_ENDPOINTS),
    ]);
    const perMinute = Array.from({ length: minutes }, (_, i) => ({ minute: since + i * MINUTE, counts: zero() }));
    const total = zero();
    for (const r of rows) {
      const slot = perMinute[Math.floor((r.minute - since) / MINUTE)];
      if (slot) slot.counts[r.outcome] = (slot.counts[r.outcome] ?? 0) + r.calls;
      total[r.outcome] = (total[r.outcome] ?? 0) + r.calls;
    }
    const openEndpoints = endpoints.flatMap((e) => {
      const b = breakerOf(e.url, gates) as { state: string; failures: number; until?: string };
      return b.state === 'closed' ? [] : [{ id: e.id, url: e.url, state: b.state, failures: b.failures, until: b.until }];
    });
    const first = queue.first;
    return {
      now: iso(now),
      since: iso(since),
      calls: { perMinute: perMinute.map((m) => ({ minute: iso(m.minute), counts: m.counts })), total },
      pushes: {
        ...recent, queued: queue.queued, due: queue.due,
        firstQueued: first && {
          id: first.id, url: first.url, createdAt: iso(first.createdAt), nextAt: iso(first.nextAt),
          waitingSeconds: Math.max(0, now - first.nextAt) / 1000,
        },
      },
      openEndpoints,
    };
  });
}
