// POST /v1/simulator/calls: a simulated caller dials one of the platform's numbers, so an inbound
// route can be tried with no phone (docs/inbound.md, "Simulated calls"). Only the simulated network
// has callers to place; on the SIP network the route refuses with VX.NOT_SIMULATED.

import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { InboundPlaced, SimulatedCaller } from '../../network/simulated/index.js';
import { manageError } from './errors.js';
import { answers, PhoneNumber } from './schemas.js';

export interface SimulatorDeps {
  /** The simulated network's callers; absent when the platform runs on another network. */
  simulator?: { placeInbound(caller: SimulatedCaller): Promise<InboundPlaced> };
}

const Digits = Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9*#]+$' });
export const SimulatedCallBody = Type.Object({
  from: Type.String({ ...PhoneNumber, description: 'the caller\'s number' }),
  to: Type.String({ ...PhoneNumber, description: 'the platform\'s number called' }),
  digits: Type.Optional(Type.Array(Digits, { minItems: 1, maxItems: 20, description: 'keys pressed, one string per digit collection, in order' })),
  hangupAfterS: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400, description: 'the caller hangs up this many seconds after the answer; default: stays until the platform ends the call' })),
  pressAfterS: Type.Optional(Type.Integer({ minimum: 0, maximum: 60, description: 'seconds from the start of a collection to the keys (default 1)' })),
  cancelAfterS: Type.Optional(Type.Integer({ minimum: 0, maximum: 60, description: 'the caller gives up this many seconds after dialling if the platform has not taken the call yet (SIP\'s CANCEL while a URL route is asked); default: waits for the platform' })),
}, { additionalProperties: false });

const Placed = Type.Object({
  accepted: Type.Boolean(),
  sessionId: Type.Optional(Type.String({ description: 'the call (also of a refusal, when it was recorded)' })),
  q850: Type.Optional(Type.Integer({ description: 'the refusal\'s Q.850 cause' })),
  callerGone: Type.Optional(Type.Literal(true, { description: 'the platform took the call after the caller gave up: never answered, recorded no_answer' })),
});

export function registerSimulatorRoutes(app: FastifyInstance, deps: SimulatorDeps): void {
  app.post(
    '/simulator/calls',
    { schema: { tags: ['simulator'], summary: 'A simulated caller dials one of the platform\'s numbers', body: SimulatedCallBody, response: answers(201, Placed, 409) } },
    async (request, reply) => {
      if (!deps.simulator) throw manageError('notSimulated', 'the platform runs on the SIP network: simulated callers exist only on the simulated network (VOXCALL_NETWORK=simulated)');
      const b = request.body as Static<typeof SimulatedCallBody>;
      const placed = await deps.simulator.placeInbound(b);
      return reply.code(201).send(placed);
    },
  );
}
