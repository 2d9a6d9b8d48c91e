// The HTTP server: Fastify with one error handler that answers every refusal in the Huawei shape
// ({resultcode, resultdesc[, sessionId]}) whatever was thrown, so no stack trace ever reaches a client.

import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { HttpLimits } from '../config.js';
import type { App } from '../domain/app.js';
import { ApiError, apiError } from './errors.js';
import { RESULT } from './result-codes.js';
import { AKSK_SECURITY } from './schemas.js';
import { describeValidation } from './validation-errors.js';
import { registerCallRoutes, type CallRouteDeps } from './routes/calls.js';
import { registerRecordingRoutes, type RecordingRouteDeps } from './routes/recordings.js';
import { registerFeedRoutes, type FeedRouteDeps } from './routes/feed.js';
import { checkApiRate, type ApiRateDeps } from '../policy/api-rate.js';
import { refusalError } from './policy-refusal.js';
import { logRefused } from './refusal-log.js';
import type { NetworkHealth } from '../network/types.js';
import { isStoreUnreachable } from '../store/unreachable.js';
import type { StoreHealth } from './store-health.js';
import { registerReadyRoute, type ReadyAnswer } from './routes/ready.js';
import { registerTaskRoutes, type TaskRouteDeps } from './routes/tasks.js';
import { registerBindingRoutes, type BindingRouteDeps } from './routes/bindings.js';

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
  FeedRouteDeps &
  TaskRouteDeps &
  BindingRouteDeps & {
    logger: Logger;
    bodyLimit: number;
    /** Connection bounds (config.http); absent = Node's and Fastify's defaults, which bound nothing. */
    limits?: HttpLimits;
    /** API rate limits (1010009, 1010010) of authenticated Huawei API requests. */
    apiRate?: ApiRateDeps;
    /** Registers further plugins (OpenAPI, management API) before the Huawei routes are added. */
    plugins?: (app: FastifyInstance) => void;
    /**
     * Answers Fastify's refusals made before routing (a path parameter too long, a malformed URL)
     * for the paths a plugin owns, in its shape; undefined leaves them to the Huawei shape.
     */
    frameworkErrors?: (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;
    /** The telephone network's state for /health (a trunk that stopped answering is news, not a 5xx). */
    networkHealth?: () => { kind: string } & NetworkHealth;
    /** Which node of the cluster answers /health (docs/cluster.md). */
    node?: { id: string; role: string };
    /** The store's state for /health (storeProbe): whether the database answers. */
    storeHealth?: () => Promise<StoreHealth>;
    /** Load balancers whose X-Forwarded-For is believed (config.trustProxy). */
    trustProxy?: string[];
    /** GET /ready's answer (src/platform/readiness.ts); absent = no /ready route. */
    ready?: () => Promise<ReadyAnswer>;
  };

export const JSON_UTF8 = 'application/json;charset=UTF-8';

/** The detail of 1010001 when the store cannot be reached (docs/result-codes.md). */
export const STORE_UNREACHABLE = 'The database is unreachable, try again later.';

/**
 * Longest path parameter a route's schema may allow (an endpoint id is a URL, up to 1,024
 * characters). The router measures the raw segment, still percent-encoded, so it lets through
 * three times as much; each route's schema then checks the decoded value. A route whose schema
 * allows more is refused when it is added (buildServer), so the two cannot drift apart.
 */
export const MAX_PATH_PARAM_CHARS = 1024;

export function sendResult(reply: FastifyReply, err: ApiError, withSessionId: boolean): FastifyReply {
  const body: Record<string, string> = { resultcode: err.resultcode, resultdesc: err.resultdesc };
  if (withSessionId) body.sessionId = '';
  return reply.code(err.httpStatus).type(JSON_UTF8).send(body);
}

/**
 * Answers a refusal, with one `info` line for the person reading the logs: its whole reason,
 * even where resultdesc was cut to the reference's 128 characters (docs/logs.md).
 */
function refuse(request: FastifyRequest, reply: FastifyReply, err: ApiError, withSessionId: boolean): FastifyReply {
  logRefused(request, err);
  return sendResult(reply, err, withSessionId);
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

/**
 * Fastify's options for the limits. Node checks the headers and request timeouts on a timer
 * (connectionsCheckingInterval, 30 s by default); a quarter of the shorter timeout, at most 1 s,
 * keeps them close to what is configured.
 */
function connectionOptions(limits: HttpLimits | undefined) {
  if (!limits) return {};
  const shorter = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(shorter / 4))) },
  };
}

export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({
    ...connectionOptions(deps.limits),
    // request.ip is the client named by X-Forwarded-For only when the request came from a listed proxy.
    ...(deps.trustProxy ? { trustProxy: deps.trustProxy } : {}),
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.bodyLimit,
    // Request start/end lines at info level would cost more than the requests themselves.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
    routerOptions: { maxParamLength: 3 * MAX_PATH_PARAM_CHARS },
    frameworkErrors: (err, request, reply) => {
      if (deps.frameworkErrors?.(err, request, reply)) return;
      const detail = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? `a path segment is longer than ${3 * MAX_PATH_PARAM_CHARS} characters` : 'the path is not a valid URL';
      sendResult(reply, apiError(RESULT.invalidRequest, detail), false);
    },
  });

  app.addHook('onRoute', (route) => {
    const params = (route.schema?.params as { properties?: Record<string, { maxLength?: number }> } | undefined)?.properties ?? {};
    for (const [name, schema] of Object.entries(params)) {
      if ((schema.maxLength ?? 0) > MAX_PATH_PARAM_CHARS) {
        throw new Error(`${route.url}: path parameter ${name} may be ${schema.maxLength} characters, more than MAX_PATH_PARAM_CHARS (${MAX_PATH_PARAM_CHARS})`);
      }
    }
  });

  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const withSessionId = request.routeOptions.config?.withSessionId === true;
    if (err instanceof ApiError) return refuse(request, reply, err, withSessionId);
    if (err.validation) {
      return refuse(request, reply, apiError(RESULT.invalidRequest, describeValidation(err.validation as never)), withSessionId);
    }
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return refuse(request, reply, apiError(RESULT.invalidRequest, clientProblem(err, deps.bodyLimit)), withSessionId);
    }
    // The database is down or restarting (docs/postgres.md, "When the database is unreachable"):
    // the client is told so and may retry; the log gets one line, not a stack per request.
    if (isStoreUnreachable(err)) {
      request.log.warn({ event: 'store.unreachable', url: request.url, error: err.message }, 'request refused: the database is unreachable');
      return sendResult(reply, apiError(RESULT.systemError, STORE_UNREACHABLE), withSessionId);
    }
    request.log.error({ err, url: request.url }, 'unexpected error while serving a request');
    return sendResult(reply, apiError(RESULT.systemError), withSessionId);
  });

  app.setNotFoundHandler((request, reply) =>
    refuse(request, reply, apiError(RESULT.invalidRestApi, `${request.method} ${request.url.split('?')[0]} is not an API of this platform`), false),
  );

  // Connections beyond the cap are closed as they are accepted, so a flood of slow clients cannot
  // take every file descriptor (the database, recordings and pushes need some too).
  if (deps.limits) {
    const max = deps.limits.maxConnections;
    app.server.maxConnections = max;
    // Logged at most once a minute with the count since, so a flood is visible without flooding the log.
    let loggedAt = -Infinity;
    let dropped = 0;
    app.server.on('drop', () => {
      dropped++;
      const now = deps.clock.now();
      if (now - loggedAt < 60_000) return;
      deps.logger.warn({ dropped, maxConnections: max }, 'connection cap reached: new connections are closed unanswered (VOXCALL_MAX_CONNECTIONS)');
      loggedAt = now;
      dropped = 0;
    });
  }

  deps.plugins?.(app);
  const apiRate = deps.apiRate;
  // preParsing runs after the routes' onRequest auth hook and before the body is read, so every
  // authenticated Huawei API request counts, valid body or not; unauthenticated ones never do.
  if (apiRate) {
    app.addHook('preParsing', async (request, _reply, payload) => {
      const refusal = request.spApp ? await checkApiRate(request.spApp, apiRate) : undefined;
      if (refusal) throw refusalError(refusal);
      return payload;
    });
  }
  // 200 while the platform serves: a degraded trunk is reported, not turned into an outage, so a
  // load balancer does not take the API away from calls that could still be placed or queried.
  // The same for the database: while it is unreachable, /health says so (store.state) and the API
  // answers 1010001 with a detail that says so, quickly; the platform is back by itself after.
  app.get('/health', async () => ({
    status: 'ok',
    ...(deps.node ? { node: deps.node } : {}),
    ...(deps.networkHealth ? { network: deps.networkHealth() } : {}),
    ...(deps.storeHealth ? { store: await deps.storeHealth() } : {}),
  }));
  if (deps.ready) registerReadyRoute(app, deps.ready);
  // In a plugin of their own, so that the OpenAPI document (registered by `plugins`, loaded
  // before this) sees them; each /rest route is documented with the AK/SK scheme.
  app.register(async (rest) => {
    rest.addHook('onRoute', (route) => {
      if (route.url.startsWith('/rest/')) route.schema = { security: AKSK_SECURITY, tags: ['call API'], ...route.schema };
    });
    registerCallRoutes(rest, deps);
    registerRecordingRoutes(rest, deps);
    registerFeedRoutes(rest, deps);
    registerTaskRoutes(rest, deps);
    registerBindingRoutes(rest, deps);
  });
  return app;
}
