// The HTTP server: Fastify with one error handler that answers every refusal in the Huawei shape
// ({resultcode, resultdesc[, sessionId]}) whatever was thrown, so no stack trace ever reaches a client.

import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { App } from '../domain/app.js';
import { ApiError, apiError } from './errors.js';
import { RESULT } from './result-codes.js';
import { AKSK_SECURITY } from './schemas.js';
import { describeValidation } from './validation-errors.js';
import { registerCallRoutes, type CallRouteDeps } from './routes/calls.js';
import { registerRecordingRoutes, type RecordingRouteDeps } from './routes/recordings.js';
import { registerFeedRoutes, type FeedRouteDeps } from './routes/feed.js';
import { checkApiRate, type ApiRateDeps } from '../policy/api-rate.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated application (set by the AK/SK hook). */
    spApp?: App;
  }
  interface FastifyContextConfig {
    /** Refusals of call-creating APIs carry an empty sessionId (tables 4-4, 5-6, 6-4). */
    withSessionId?: boolean;
  }
}

export type AuthenticateFn = (input: { authorization?: string; xAksk?: string; ip: string }) => Promise<App>;

export type ServerDeps = CallRouteDeps &
  RecordingRouteDeps &
  FeedRouteDeps & {
    logger: Logger;
    bodyLimit: number;
    /** API rate limits (1010009, 1010010) of authenticated Huawei API requests. */
    apiRate?: ApiRateDeps;
    /** Registers further plugins (OpenAPI, management API) before the Huawei routes are added. */
    plugins?: (app: FastifyInstance) => void;
  };

export const JSON_UTF8 = 'application/json;charset=UTF-8';

export function sendResult(reply: FastifyReply, err: ApiError, withSessionId: boolean): FastifyReply {
  const body: Record<string, string> = { resultcode: err.resultcode, resultdesc: err.resultdesc };
  if (withSessionId) body.sessionId = '';
  return reply.code(err.httpStatus).type(JSON_UTF8).send(body);
}

/** Fastify's own client-side refusals (before our handlers), in words a client can act on. */
function clientProblem(err: FastifyError, bodyLimit: number): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Content-Type must be application/json;charset=UTF-8';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `the body is larger than ${bodyLimit} bytes`;
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the body is empty; a JSON object is required';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'Content-Length does not match the body';
    default:
      return err instanceof SyntaxError || /JSON/i.test(err.message) ? 'the body is not valid JSON' : 'the request is malformed';
  }
}

export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.bodyLimit,
    // Request start/end lines at info level would cost more than the requests themselves.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  });

  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const withSessionId = request.routeOptions.config?.withSessionId === true;
    if (err instanceof ApiError) return sendResult(reply, err, withSessionId);
    if (err.validation) {
      return sendResult(reply, apiError(RESULT.invalidRequest, describeValidation(err.validation as never)), withSessionId);
    }
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return sendResult(reply, apiError(RESULT.invalidRequest, clientProblem(err, deps.bodyLimit)), withSessionId);
    }
    request.log.error({ err, url: request.url }, 'unexpected error while serving a request');
    return sendResult(reply, apiError(RESULT.systemError), withSessionId);
  });

  app.setNotFoundHandler((request, reply) =>
    sendResult(reply, apiError(RESULT.invalidRestApi, `${request.method} ${request.url.split('?')[0]} is not an API of this platform`), false),
  );

  deps.plugins?.(app);
  const apiRate = deps.apiRate;
  // preParsing runs after the routes' onRequest auth hook and before the body is read, so every
  // authenticated Huawei API request counts, valid body or not; unauthenticated ones never do.
  if (apiRate) {
    app.addHook('preParsing', async (request, _reply, payload) => {
      if (request.spApp) await checkApiRate(request.spApp, apiRate);
      return payload;
    });
  }
  app.get('/health', async () => ({ status: 'ok' }));
  // In a plugin of their own, so that the OpenAPI document (registered by `plugins`, loaded
  // before this) sees them; each /rest route is documented with the AK/SK scheme.
  app.register(async (rest) => {
    rest.addHook('onRoute', (route) => {
      if (route.url.startsWith('/rest/')) route.schema = { security: AKSK_SECURITY, tags: ['call API'], ...route.schema };
    });
    registerCallRoutes(rest, deps);
    registerRecordingRoutes(rest, deps);
    registerFeedRoutes(rest, deps);
  });
  return app;
}
