// The `request.refused` line (docs/logs.md): one `info` line per refused call request, with its
// whole reason even where resultdesc was cut to the reference's 128 characters. Written by the
// HTTP layer's error handler for the Huawei API, and by the management API's test call, which
// answers in its own shape but is refused by the same checks.

import type { FastifyRequest } from 'fastify';
import type { ApiError } from './errors.js';

/** The app key a request claims (X-AKSK UserName), unverified: it tells whose client is failing. */
function claimedApp(request: FastifyRequest): string | undefined {
  const h = request.headers['x-aksk'];
  return typeof h === 'string' ? /\bUserName="([A-Za-z0-9_-]{1,64})"/i.exec(h.slice(0, 1024))?.[1] : undefined;
}

/** Logs a refusal; `app` names the app when the request is not an authenticated Huawei API one (a test call). */
export function logRefused(request: FastifyRequest, err: ApiError, app?: string): void {
  const known = app ?? request.spApp?.appKey;
  request.log.info({
    event: 'request.refused', resultcode: err.resultcode, httpStatus: err.httpStatus, reason: err.reason,
    app: known, claimedApp: known ? undefined : claimedApp(request), ip: request.ip, method: request.method,
    route: request.routeOptions.url ?? request.url.split('?')[0]!.slice(0, 200),
  }, 'request refused');
}
