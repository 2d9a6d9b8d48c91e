// What the application API's voxcall extensions (tasks, bindings) share when they mount their
// routes: AK/SK authentication like the call APIs, the app of the request, answers of the form
// {resultcode, resultdesc, ...}, and a refusal as its catalogue's result code.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CodedRefusal } from '../../lib/coded-refusal.js';
import { apiError } from '../errors.js';
import { RESULT } from '../result-codes.js';
import { JSON_UTF8, type AuthenticateFn } from '../server.js';
import { authHook } from './calls.js';

export function appApiMount(authenticate: AuthenticateFn) {
  return {
    onRequest: authHook(authenticate),
    appKeyOf: (request: FastifyRequest): string => {
      if (!request.spApp) throw apiError(RESULT.authFailed);
      return request.spApp.appKey;
    },
    answer: (body: Record<string, unknown>, reply: FastifyReply): Record<string, unknown> => {
      reply.type(JSON_UTF8);
      return { resultcode: RESULT.success.code, resultdesc: RESULT.success.desc, ...body };
    },
    refuse: (err: CodedRefusal) => apiError(err.entry, err.message),
  };
}
