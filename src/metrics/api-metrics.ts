// API requests by route and by the result code the body carries: the Huawei API answers
// {"resultcode":"..."} (HTTP 200 and 403 both carry refusals), the management API
// {"error":{"code":"VX.*"}}. The HTTP status alone would hide which refusal it was.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';

// Our own bodies are small; a large one (a listing, the OpenAPI document) carries no code.
const MAX_SCANNED = 4096;
// Anchored at the start: our serializers write the code first, and a body that echoes stored
// text (a receiver's answer in a push listing) must never turn its content into a label value.
const HUAWEI = /^\{"resultcode":"([0-9A-Za-z._-]{1,32})"/;
const MANAGE = /^\{"error":\{"code":"([0-9A-Za-z._-]{1,32})"/;

export const API_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The result code of a JSON body, or undefined; exported for its test. */
export function resultCodeOf(contentType: unknown, payload: unknown): string | undefined {
  if (typeof contentType !== 'string' || !contentType.includes('json')) return undefined;
  let text: string;
  if (typeof payload === 'string') text = payload;
  else if (Buffer.isBuffer(payload)) text = payload.length < MAX_SCANNED ? payload.toString('latin1') : '';
  else return undefined; // a stream
  if (text.length >= MAX_SCANNED) return undefined;
  return (HUAWEI.exec(text) ?? MANAGE.exec(text))?.[1];
}

export function registerApiMetrics(app: FastifyInstance, registry: Registry): void {
  const requests = new Counter({
    name: 'voxcall_api_requests_total',
    help: 'HTTP requests by route pattern, method, status and the result code of the body (none: the body has none).',
    labelNames: ['route', 'method', 'status', 'resultcode'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'voxcall_api_request_duration_seconds',
    help: 'Time from receiving a request to the end of its answer, by route pattern and method.',
    labelNames: ['route', 'method'] as const,
    buckets: API_BUCKETS,
    registers: [registry],
  });
  // Beside the request rather than on it: an ad-hoc property changes every request's shape.
  const codes = new WeakMap<FastifyRequest, string>();

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const code = resultCodeOf(reply.getHeader('content-type'), payload);
    if (code !== undefined) codes.set(request, code);
    return payload;
  });
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    // The pattern, never the URL: ids and query strings would make a series per request.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ route, method: request.method, status: String(reply.statusCode), resultcode: codes.get(request) ?? 'none' });
    duration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });
}
