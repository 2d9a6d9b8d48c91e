// The subscription shapes of the management API: request bodies (TypeBox: validation, types and
// the OpenAPI document), the checks a schema cannot express, and the answer's view of a
// subscription (its secret is shown once, when generated; after that only whether it has one).

import { randomBytes } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { Subscription } from '../../domain/subscription.js';
import { FORMAT_NAMES } from '../../push/dialects/index.js';
import { manageError } from './errors.js';

const EVENT_TYPES = ['callout', 'alerting', 'answer', 'collectInfo', 'disconnect'] as const;
/** Matches docs/push-formats.md: the dispatcher's lease is sized on the longest format timeout (5 s). */
export const TIMEOUT_MIN_MS = 100;
export const TIMEOUT_MAX_MS = 5000;
const DAY_MS = 86_400_000;
const MIN_SECRET_BYTES = 16;

const orNull = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Format = Type.Union(FORMAT_NAMES.map((f) => Type.Literal(f)));
const Receives = Type.Union([Type.Literal('status'), Type.Literal('records'), Type.Literal('both')]);
const Events = Type.Array(Type.Union(EVENT_TYPES.map((e) => Type.Literal(e))), { minItems: 1, uniqueItems: true, description: 'status events to push; absent = all' });
const Schedule = Type.Array(Type.Integer({ minimum: 0, maximum: DAY_MS }), { maxItems: 20, description: 'retry delays in ms after each failed attempt; [] = no retry' });
const Timeout = Type.Integer({ minimum: TIMEOUT_MIN_MS, maximum: TIMEOUT_MAX_MS, description: 'per-attempt timeout in ms' });
const Secret = Type.Union([
  Type.String({ pattern: '^whsec_[A-Za-z0-9+/]+={0,2}$', description: 'whsec_<base64>, at least 16 bytes' }),
  Type.Literal(true, { description: 'generate one (shown once, in this answer)' }),
]);
const Url = Type.String({ minLength: 8, maxLength: 2048, pattern: '^https?://', description: 'http or https URL the pushes are POSTed to' });

export const CreateBody = Type.Object(
  {
    url: Url,
    failoverUrl: Type.Optional(Url),
    format: Format,
    receives: Type.Optional(Receives),
    events: Type.Optional(Events),
    retrySchedule: Type.Optional(Schedule),
    timeoutMs: Type.Optional(Timeout),
    secret: Type.Optional(Secret),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateBody = Static<typeof CreateBody>;

/** A change: the fields given; null removes an optional one (back to the format's default, or unsigned). */
export const PatchBody = Type.Object(
  {
    url: Type.Optional(Url),
    failoverUrl: Type.Optional(orNull(Url)),
    format: Type.Optional(Format),
    receives: Type.Optional(Receives),
    events: Type.Optional(orNull(Events)),
    retrySchedule: Type.Optional(orNull(Schedule)),
    timeoutMs: Type.Optional(orNull(Timeout)),
    secret: Type.Optional(orNull(Secret)),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type PatchBody = Static<typeof PatchBody>;

/** The secret to store: a generated one for `true`, the given one after checking its length. */
function secretOf(v: string | true): string {
  if (v === true) return `whsec_${randomBytes(32).toString('base64')}`;
  if (Buffer.from(v.slice('whsec_'.length), 'base64').length < MIN_SECRET_BYTES) {
    throw manageError('invalid', `secret must hold at least ${MIN_SECRET_BYTES} bytes of base64 after "whsec_"`);
  }
  return v;
}

/** The body's URLs are checked by the route first (checkPushUrls). */
export function newSubscription(appKey: string, body: CreateBody, now: number): Subscription {
  const s: Subscription = {
    id: `sub_${randomBytes(12).toString('base64url')}`,
    appKey, url: body.url, format: body.format, receives: body.receives ?? 'both', enabled: body.enabled ?? true,
    createdAt: now, updatedAt: now,
  };
  if (body.events) s.events = [...body.events];
  if (body.retrySchedule) s.retrySchedule = [...body.retrySchedule];
  if (body.timeoutMs !== undefined) s.timeoutMs = body.timeoutMs;
  if (body.secret !== undefined) s.secret = secretOf(body.secret);
  if (body.failoverUrl !== undefined) s.failoverUrl = body.failoverUrl;
  return s;
}

export function patched(s: Subscription, body: PatchBody, now: number): Subscription {
  const next: Subscription = { ...s, updatedAt: now };
  if (body.url !== undefined) next.url = body.url;
  if (body.format !== undefined) next.format = body.format;
  if (body.receives !== undefined) next.receives = body.receives;
  if (body.enabled !== undefined) next.enabled = body.enabled;
  const optional = <K extends 'events' | 'retrySchedule' | 'timeoutMs' | 'failoverUrl'>(k: K, v: Subscription[K] | null | undefined): void => {
    if (v === null) delete next[k];
    else if (v !== undefined) next[k] = v;
  };
  optional('events', body.events);
  optional('retrySchedule', body.retrySchedule);
  optional('timeoutMs', body.timeoutMs);
  optional('failoverUrl', body.failoverUrl);
  if (body.secret === null) delete next.secret;
  else if (body.secret !== undefined) next.secret = secretOf(body.secret);
  return next;
}

/** What the API shows: never the stored secret, only whether there is one. */
export function view(s: Subscription): Record<string, unknown> {
  const { secret, ...rest } = s;
  return { ...rest, signed: secret !== undefined };
}
