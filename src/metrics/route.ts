// GET /metrics in the Prometheus text format. Guarded by the management bearer token unless the
// operator opens it: the series reveal traffic (request and push rates per route and format,
// endpoint ids), and Prometheus sends a bearer token as easily as none.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import { manageError } from '../api/manage/errors.js';
import { bearerChecker, UNAUTHORIZED_MESSAGE } from '../api/manage/token.js';

export const METRICS_PATH = '/metrics';

export interface MetricsRouteOptions {
  registry: Registry;
  adminToken: string;
  /** Serve without a token (VOXCALL_METRICS_PUBLIC=1), e.g. behind a network that only Prometheus reaches. */
  public: boolean;
}

export function registerMetricsRoute(app: FastifyInstance, opts: MetricsRouteOptions): void {
  const authorized = bearerChecker(opts.adminToken);
  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    if (authorized(request.headers.authorization)) return;
    // The management API's refusal, since it is the management API's token that is missing.
    const err = manageError('unauthorized', UNAUTHORIZED_MESSAGE);
    return reply.code(err.httpStatus).header('www-authenticate', 'Bearer realm="voxcall"').type('application/json; charset=utf-8').send(err.toBody());
  };
  app.get(
    METRICS_PATH,
    // Not JSON and not for applications: kept out of the OpenAPI document.
    { schema: { hide: true }, ...(opts.public ? {} : { onRequest: guard }) },
    async (_request, reply) => {
      reply.type(opts.registry.contentType);
      return opts.registry.metrics();
    },
  );
}
