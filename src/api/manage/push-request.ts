// GET /v1/pushes/:id/request: the HTTP request the push's next attempt sends (method, URL,
// headers, body), as its format builds it, with every value the signing secret shapes masked.
// Which parts are secret-shaped is found, not listed per format: the headers are built twice,
// with two different stand-in secrets and the same nonce and time, and what differs is masked.
// So a format added later is masked too, and no real secret is read.

import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import { newNonce } from '../../lib/aksk.js';
import { dialects } from '../../push/dialects/index.js';
import type { Store } from '../../store/types.js';
import { notFound } from './errors.js';
import { answers } from './schemas.js';

export interface PushRequestDeps {
  store: Pick<Store, 'pushAdmin' | 'subscriptions'>;
  /** The wall clock: the signature's Created. */
  clock: Clock;
}

export const MASK = '••••••••';
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });
const Answer = Type.Object({
  method: Type.Literal('POST'),
  url: Type.String(),
  headers: Type.Record(Type.String(), Type.String(), { description: `as the next attempt sends them, with a fresh nonce and time; what the secret shapes is ${MASK}` }),
  signed: Type.Boolean({ description: 'false: sent unsigned (a format without a signature, a subscription without a secret)' }),
  body: Type.String(),
});

/** `a` with the part it does not share with `b` (same length or not) replaced by the mask. */
export function maskDifference(a: string, b: string): string {
  if (a === b) return a;
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return a.slice(0, head) + MASK + a.slice(a.length - tail);
}

export function registerPushRequestRoute(app: FastifyInstance, deps: PushRequestDeps): void {
  app.get('/pushes/:id/request', {
    schema: { params: IdParams, tags: ['pushes'], summary: 'The HTTP request the push\'s next attempt sends, signature values masked', response: answers(200, Answer, 404) },
  }, async (request) => {
    const { id } = request.params as { id: string };
    const found = await deps.store.pushAdmin.show(id);
    if (!found) throw notFound(`push ${id}`);
    const { push } = found;
    const dialect = dialects.get(push.dialect);
    if (!dialect) throw notFound(`push format ${push.dialect}`);
    const body = dialect.body(push.kind, push.items);
    const sub = push.subscriptionId === undefined ? undefined : await deps.store.subscriptions.get(push.subscriptionId);
    const signed = dialect.signsWithAppSecret === true || sub?.secret !== undefined || !dialect.signatureOptional;
    const input = { url: push.url, body, appKey: push.appKey, messageId: push.id, now: deps.clock.now(), nonce: newNonce() };
    const one = dialect.headers({ ...input, ...(signed ? { secret: 'stand-in-secret-one-0000000000000' } : {}) });
    const two = signed ? dialect.headers({ ...input, secret: 'stand-in-secret-two-1111111111111' }) : one;
    const headers = Object.fromEntries(Object.entries(one).map(([k, v]) => [k, maskDifference(v, two[k] ?? '')]));
    return { method: 'POST' as const, url: push.url, headers, signed, body };
  });
}
