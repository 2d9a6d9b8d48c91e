// POST /v1/apps/:appKey/calls: a test call for an app, placed by the operator without writing a
// client. The simple body becomes the Huawei API's body, then goes through the same normalisation,
// admission (every policy) and placement as click2Call, callnotify and callVerify.

import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../../domain/app.js';
import type { FlowRepo } from '../../store/flow-repo.js';
import type { AppRepo } from '../../store/types.js';
import { ApiError } from '../errors.js';
import { callbackRequest, notifyRequest, verifyRequest, type CallRequest } from '../normalize.js';
import { placeCall, type PlaceCallDeps, type Placed } from '../place-call.js';
import { logRefused } from '../refusal-log.js';
import type { CallbackBody, NotifyBody, VerifyBody } from '../schemas.js';
import { manageError, ManageError, notFound } from './errors.js';
import { checkFlowVariables, flowOf, flowRequest } from './flow-test-call.js';
import { AppParams, answers, PhoneNumber } from './schemas.js';

export interface PlaceRouteDeps {
  store: { apps: Pick<AppRepo, 'get' | 'numbers'>; flows: Pick<FlowRepo, 'get'> };
  place: PlaceCallDeps;
}

const FileName = Type.String({ minLength: 1, maxLength: 128 });
export const PlaceBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('callback'), Type.Literal('notify'), Type.Literal('verify'), Type.Literal('flow')]),
    callee: Type.String({ ...PhoneNumber, description: 'calleeNbr: the number called (a callback\'s B leg)' }),
    caller: Type.Optional(Type.String({ ...PhoneNumber, description: 'callback: callerNbr, the A leg (required)' })),
    display: Type.Optional(Type.String({ ...PhoneNumber, description: 'displayNbr; default: the app\'s first active number' })),
    calleeDisplay: Type.Optional(Type.String({ ...PhoneNumber, description: 'callback: displayCalleeNbr; default: display' })),
    voice: Type.Optional(FileName),
    template: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'notify: a TTS template id, played with params' })),
    params: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { minItems: 1, maxItems: 10 })),
    collect: Type.Optional(Type.Integer({ minimum: 0, maximum: 32, description: 'notify: collect up to this many digits after the item played (collectInd)' })),
    code: Type.Optional(Type.String({ pattern: '^[0-9]{2,8}$', description: 'verify: the code read (required)' })),
    times: Type.Optional(Type.Integer({ minimum: 0, maximum: 9, description: 'verify: readings (default 3)' })),
    record: Type.Optional(Type.Boolean({ description: 'callback: recordFlag' })),
    maxDuration: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440, description: 'callback: minutes, 0 = no limit' })),
    userData: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    flow: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'flow: the flow id (required)' })),
    flowVersion: Type.Optional(Type.Integer({ minimum: 1, description: 'flow: the version to run; default the newest' })),
    variables: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.String({ maxLength: 256 }), {
      maxProperties: 200, description: 'flow: the values ${name} reads (a task row by column name)',
    })),
  },
  { additionalProperties: false, description: 'voice: notify plays it (default welcome.wav unless template is given), verify plays it before the code (preTone, default pretone.wav)' },
);
export type PlaceBody = Static<typeof PlaceBody>;

const Placed = Type.Object({ sessionId: Type.String(), appKey: Type.String(), kind: Type.String(), idlePort: Type.Integer() });

/** The Huawei request the simple body stands for, normalised exactly as the call APIs do. */
/** A body of one of the reference's services (a flow call is built by flowRequest, flow-test-call.ts). */
export type ServiceBody = PlaceBody & { kind: 'callback' | 'notify' | 'verify' };

export function toCallRequest(b: ServiceBody, display: string): CallRequest {
  const common = b.userData === undefined ? {} : { userData: b.userData };
  switch (b.kind) {
    case 'callback': {
      if (b.caller === undefined) throw manageError('invalid', 'caller is required for a callback (the A leg)');
      const body: CallbackBody = {
        displayNbr: display, callerNbr: b.caller, displayCalleeNbr: b.calleeDisplay ?? display, calleeNbr: b.callee,
        ...(b.record === undefined ? {} : { recordFlag: b.record ? 'true' : 'false' }),
        ...(b.maxDuration === undefined ? {} : { maxDuration: b.maxDuration }),
        ...common,
      };
      return callbackRequest(body);
    }
    case 'notify': {
      const media = b.template !== undefined ? { templateId: b.template, templateParas: b.params } : { notifyVoice: b.voice ?? 'welcome.wav' };
      const item = b.collect === undefined ? media : { ...media, collectInd: b.collect };
      const body: NotifyBody = { displayNbr: display, calleeNbr: b.callee, playInfoList: [item], ...common };
      return notifyRequest(body);
    }
    case 'verify': {
      if (b.code === undefined) throw manageError('invalid', 'code is required for a verification call');
      const body: VerifyBody = {
        displayNbr: display, calleeNbr: b.callee, languageType: 2, preTone: b.voice ?? 'pretone.wav', verifyCode: b.code,
        ...(b.times === undefined ? {} : { times: b.times }), ...common,
      };
      return verifyRequest(body);
    }
  }
}

/**
 * The one place a refusal of the call path becomes a management answer: the reference's result
 * code in the management error shape, with the call API's HTTP status and the whole reason (the
 * operator reads it; no 128-character field to fit). Logged like a refusal of the call API. The
 * operator's address meets the app's client-IP allow list like a client's would.
 */
export async function placeOrRefuse(app: App, toRequest: () => CallRequest, deps: PlaceCallDeps, request: FastifyRequest): Promise<Placed> {
  try {
    return await placeCall(app, toRequest(), deps, { via: 'api', ip: request.ip });
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    logRefused(request, err, app.appKey);
    throw new ManageError({ code: err.resultcode, http: err.httpStatus, meaning: err.resultdesc }, err.reason, { cause: err });
  }
}

export function registerPlaceRoute(app: FastifyInstance, deps: PlaceRouteDeps): void {
  app.post('/apps/:appKey/calls', {
    schema: {
      params: AppParams, body: PlaceBody, tags: ['calls'],
      summary: 'Places a test call for the app through the same admission and placement as the call APIs; a refusal carries the reference\'s result code',
      response: answers(201, Placed, 403, 404),
    },
  }, async (request, reply) => {
    const { appKey } = request.params as { appKey: string };
    const body = request.body as PlaceBody;
    const found = await deps.store.apps.get(appKey);
    if (!found) throw notFound(`app ${appKey}`);
    let display = body.display;
    if (display === undefined) {
      display = (await deps.store.apps.numbers(appKey)).find((n) => n.status === 'active')?.number;
      if (display === undefined) throw manageError('invalid', `app ${appKey} has no active display number: add one, or give display`);
    }
    const number = display;
    let toRequest: () => CallRequest;
    const kind = body.kind;
    if (kind === 'flow') {
      const flow = await flowOf(deps.store.flows, appKey, body);
      checkFlowVariables(flow, body.variables ?? {}, deps.place.policy.media);
      toRequest = () => flowRequest(flow, body, number);
    } else {
      toRequest = () => toCallRequest({ ...body, kind }, number);
    }
    const placed = await placeOrRefuse(found, toRequest, deps.place, request);
    return reply.code(201).send({ sessionId: placed.sessionId, appKey, kind: body.kind, idlePort: placed.idlePort });
  });
}
