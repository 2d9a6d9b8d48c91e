// The management API: JSON over HTTP under /v1, for operators. One encapsulated Fastify plugin with
// its own bearer-token guard, error handler and not-found handler, so the Huawei routes keep their
// own shapes. Each area is one file registering its routes; add one line per area below.

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerAppRoutes } from './apps.js';
import { manageError, MANAGE_ERRORS, ManageError } from './errors.js';
import { registerNumberRoutes } from './numbers.js';
import { toManageError } from './problems.js';
import { registerTemplateRoutes } from './templates.js';
import { bearerChecker, UNAUTHORIZED_MESSAGE } from './token.js';
import { registerVoiceFileRoutes } from './voice-files.js';
import type { ManageDeps } from './types.js';
import { registerPolicyRoutes } from './policy.js';
import { registerSubscriptionRoutes } from './subscriptions.js';
import { registerPushRoutes } from './pushes.js';
import { registerExportRoutes } from './exports.js';
import { registerEndpointRoutes } from './endpoints.js';
import { registerLockoutRoutes } from './lockouts.js';
import { registerCallRoutes } from './calls.js';
import { registerPlaceRoute } from './place-test-call.js';
import { registerOverviewRoute } from './overview.js';
import { registerPushCountRoute } from './push-count.js';
import { registerPushRequestRoute } from './push-request.js';
import { MAX_PATH_PARAM_CHARS } from '../server.js';
import { registerFlowRoutes } from './flows.js';
import { registerTaskManageRoutes } from './tasks.js';
import { registerPoolRoutes } from './pools.js';
import { registerSimulatorRoutes } from './simulator.js';
import { registerInboundRouteRoutes } from './inbound-routes.js';

export type { ManageDeps } from './types.js';

export const MANAGE_PREFIX = '/v1';

function send(reply: FastifyReply, err: ManageError): FastifyReply {
  return reply.code(err.httpStatus).type('application/json; charset=utf-8').send(err.toBody());
}

/** Whether a URL is the management API's (its not-found and error handlers answer there). */
export function isManagePath(url: string): boolean {
  return url === MANAGE_PREFIX || url.startsWith(`${MANAGE_PREFIX}/`) || url.startsWith(`${MANAGE_PREFIX}?`);
}

/**
 * Fastify's refusals made before routing (ServerDeps.frameworkErrors) for /v1 paths, in the
 * management shape: a path segment over the router's limit, a malformed percent-encoding.
 */
export function manageFrameworkError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  if (!isManagePath(request.url)) return undefined;
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return send(reply, manageError('uriTooLong', `a path segment is longer than ${3 * MAX_PATH_PARAM_CHARS} characters as sent (${MAX_PATH_PARAM_CHARS} once percent-decoded)`));
  }
  return send(reply, manageError('invalid', 'the path is not a valid URL (a malformed %-escape?)'));
}

export function registerManagementApi(app: FastifyInstance, deps: ManageDeps): void {
  const authorized = bearerChecker(deps.adminToken);

  app.register(
    async (v1) => {
      // Every management route is documented as guarded by the bearer token.
      v1.addHook('onRoute', (route) => {
        route.schema = { security: [{ bearer: [] }], ...route.schema };
      });

      v1.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        if (authorized(request.headers.authorization)) return;
        reply.header('www-authenticate', 'Bearer realm="voxcall"');
        throw manageError('unauthorized', UNAUTHORIZED_MESSAGE);
      });

      v1.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
        const known = toManageError(err, request.routeOptions.bodyLimit ?? v1.initialConfig.bodyLimit ?? 0);
        if (known) return send(reply, known);
        request.log.error({ err, url: request.url }, 'unexpected error while serving a management request');
        return send(reply, new ManageError(MANAGE_ERRORS.internal, 'internal error'));
      });

      v1.setNotFoundHandler((request, reply) =>
        send(reply, manageError('notFound', `${request.method} ${request.url.split('?')[0]} is not a route of the management API`)),
      );

      // One line per area.
      registerAppRoutes(v1, deps);
      registerNumberRoutes(v1, deps);
      registerVoiceFileRoutes(v1, deps);
      registerTemplateRoutes(v1, deps);
      registerPolicyRoutes(v1, deps);
      registerSubscriptionRoutes(v1, deps);
      registerPushRoutes(v1, { ...deps, clock: deps.pushClock ?? deps.clock });
      registerExportRoutes(v1, { ...deps, clock: deps.pushClock ?? deps.clock });
      registerEndpointRoutes(v1, deps);
      registerLockoutRoutes(v1, deps);
      registerCallRoutes(v1, { ...deps, ...deps.calling });
      registerPlaceRoute(v1, { ...deps, place: deps.calling.place });
      registerOverviewRoute(v1, { ...deps, clock: deps.pushClock ?? deps.clock });
      registerPushCountRoute(v1, deps);
      registerPushRequestRoute(v1, deps);
      registerFlowRoutes(v1, deps);
      registerTaskManageRoutes(v1, deps);
      registerPoolRoutes(v1, deps);
      registerSimulatorRoutes(v1, deps);
      registerInboundRouteRoutes(v1, deps);
    },
    { prefix: MANAGE_PREFIX },
  );
}
