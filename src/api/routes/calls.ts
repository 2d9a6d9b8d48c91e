// The call APIs of the reference: click2Call (4.2), callStop (4.3), callnotify (5.2), callVerify (6.2).

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../../domain/app.js';
import type { CallEngine } from '../../calls/types.js';
import type { CallRepo } from '../../store/types.js';
import { apiError } from '../errors.js';
import { RESULT } from '../result-codes.js';
import { callbackRequest, notifyRequest, verifyRequest, type CallRequest } from '../normalize.js';
import { placeCall, type PlaceCallDeps } from '../place-call.js';
import { pushUrlProblem } from '../../push/delivery/target-guard.js';
import { CallbackBody, CallStopBody, NotifyBody, VerifyBody } from '../schemas.js';
import { JSON_UTF8, type AuthenticateFn } from '../server.js';

export interface CallRouteDeps {
  authenticate: AuthenticateFn;
  place: PlaceCallDeps;
  calls: Pick<CallRepo, 'get'>;
  engine: Pick<CallEngine, 'stop'>;
  /** config.push.allowPrivateTargets: whether statusUrl/feeUrl may be loopback, private, ...; absent = allowed. */
  allowPrivatePushUrls?: boolean;
}

const PLACED =
  'Answers {"resultcode":"0","resultdesc":"Success","sessionId":"..."} (and idlePort when returnIdlePort is "true"); ' +
  'a refusal answers the reference result code in the same shape (docs/result-codes.md). statusUrl and feeUrl are Base64.';

export function authHook(authenticate: AuthenticateFn) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = (name: string) => {
      const v = request.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    request.spApp = await authenticate({ authorization: header('authorization'), xAksk: header('x-aksk'), ip: request.ip });
  };
}

function appOf(request: FastifyRequest): App {
  if (!request.spApp) throw apiError(RESULT.authFailed);
  return request.spApp;
}

export function registerCallRoutes(app: FastifyInstance, deps: CallRouteDeps): void {
  const onRequest = authHook(deps.authenticate);

  const place = (toRequest: (body: never) => CallRequest) => async (request: FastifyRequest) => {
    const req = toRequest(request.body as never);
    // A parameter refusal, so before admission: a refused URL uses no port and counts against no
    // limit. It may resolve a name, hence here and not in the synchronous normalize.ts.
    for (const field of ['statusUrl', 'feeUrl'] as const) {
      const url = req[field];
      const problem = url === undefined ? undefined : await pushUrlProblem(field, url, deps.allowPrivatePushUrls ?? true);
      if (problem) throw apiError(RESULT.invalidRequest, problem);
    }
    const placed = await placeCall(appOf(request), req, deps.place, { via: 'api', ip: request.ip });
    return {
      resultcode: RESULT.success.code,
      resultdesc: RESULT.success.desc,
      sessionId: placed.sessionId,
      ...(req.returnIdlePort ? { idlePort: placed.idlePort } : {}),
    };
  };

  const route = (url: string, schema: object, summary: string, handler: (request: FastifyRequest) => Promise<object>) =>
    app.post(url, { onRequest, schema: { summary, description: PLACED, body: schema }, config: { withSessionId: true } }, async (request, reply) => {
      reply.type(JSON_UTF8);
      return handler(request);
    });

  route('/rest/httpsessions/click2Call/v2.0', CallbackBody, 'Voice callback (click2Call, reference 4.2)', place(callbackRequest));
  // The reference names v2.0; clients of the older v1.0 path send the same body.
  route('/rest/httpsessions/callnotify/v2.0', NotifyBody, 'Voice notification (callnotify, reference 5.2)', place(notifyRequest));
  route('/rest/httpsessions/callnotify/v1.0', NotifyBody, 'Voice notification, the older v1.0 path (same body as v2.0)', place(notifyRequest));
  route('/rest/httpsessions/callVerify/v1.0', VerifyBody, 'Voice verification code (callVerify, reference 6.2)', place(verifyRequest));

  const stopDoc = {
    summary: 'Stop a call (callStop, reference 4.3)',
    description: 'Answers {"resultcode":"0","resultdesc":"Success"}; an unknown or ended session, or another app\'s, answers 1020152.',
  };
  app.post('/rest/httpsessions/callStop/v2.0', { onRequest, schema: { ...stopDoc, body: CallStopBody } }, async (request, reply) => {
    const body = request.body as CallStopBody;
    const sp = appOf(request);
    if (body.signal !== 'call_stop') throw apiError(RESULT.invalidRequest, 'signal must be "call_stop"');
    const stored = await deps.calls.get(body.sessionid);
    // Another app's session is answered exactly like an unknown one: no probing of foreign ids.
    if (!stored || stored.call.appKey !== sp.appKey) throw apiError(RESULT.invalidSessionId, 'no call with this sessionid');
    if (stored.state === 'ended' || deps.engine.stop(body.sessionid) === 'not_active') {
      throw apiError(RESULT.invalidSessionId, 'the call has already ended');
    }
    reply.type(JSON_UTF8);
    return { resultcode: RESULT.success.code, resultdesc: RESULT.success.desc };
  });
}
