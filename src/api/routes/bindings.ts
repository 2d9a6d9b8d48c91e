// Privacy-number bindings on the application API (a voxcall extension, docs/privacy-numbers.md):
// an app binds, changes, queries and unbinds under /rest/voxcall/v1/bindings, authenticated with
// AK/SK like the call APIs, answered {resultcode, resultdesc, ...} with the codes of
// docs/result-codes.md ("Privacy-number codes").

import type { FastifyInstance } from 'fastify';
import type { PrivacyService } from '../../privacy/service.js';
import type { AuthenticateFn } from '../server.js';
import { appApiMount } from './app-api.js';
import { mountBindingRoutes } from './bindings-core.js';

export interface BindingRouteDeps {
  authenticate: AuthenticateFn;
  /** Absent: no binding routes. */
  privacy?: PrivacyService;
  clock: { now(): number };
}

export const BINDINGS_PATH = '/rest/voxcall/v1/bindings';

export function registerBindingRoutes(app: FastifyInstance, deps: BindingRouteDeps): void {
  if (!deps.privacy) return;
  mountBindingRoutes(app, {
    service: deps.privacy,
    base: BINDINGS_PATH,
    tags: ['privacy numbers'],
    now: () => deps.clock.now(),
    ...appApiMount(deps.authenticate),
  });
}
