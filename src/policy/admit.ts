// Admission of a call request: the policy checks in their documented order (docs/policy.md).

import type { App } from '../domain/app.js';
import type { CallPlan } from '../domain/call.js';
import type { MediaCatalog } from '../domain/media.js';
import type { AppRepo } from '../store/types.js';
import { apiError } from '../api/errors.js';
import { RESULT } from '../api/result-codes.js';
import { checkCapability, checkMedia, checkRecording, withDisplayNumbers } from './checks.js';
import type { PortLedger } from './ports.js';

export interface PolicyDeps {
  apps: Pick<AppRepo, 'numbers'>;
  media: MediaCatalog;
  ports: PortLedger;
}

export interface Admission {
  plan: CallPlan;
  /** Ports of the app still free once this call holds one. */
  idlePort: number;
}

/** The order the checks run in; docs/policy.md lists the same names, and a test compares them. */
export const POLICY_ORDER = ['capability', 'recording', 'media', 'displayNumber', 'callPort'] as const;

/** Admits a call or throws the ApiError of the first check that refuses it. Takes a port on success. */
export async function admit(app: App, plan: CallPlan, deps: PolicyDeps): Promise<Admission> {
  checkCapability(app, plan);
  checkRecording(app, plan);
  checkMedia(app, plan, deps.media);
  const adjusted = withDisplayNumbers(plan, await deps.apps.numbers(app.appKey));
  const idlePort = deps.ports.acquire(app.appKey, app.portQuota);
  if (idlePort === undefined) throw apiError(RESULT.portLimit, `all ${app.portQuota} call ports of the app are in use`);
  return { plan: adjusted, idlePort };
}
