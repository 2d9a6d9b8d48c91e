// Admission of a call request: the policy checks in their documented order (docs/policy.md).

import type { App } from '../domain/app.js';
import type { CallPlan } from '../domain/call.js';
import type { MediaCatalog } from '../domain/media.js';
import type { Clock } from '../lib/clock.js';
import type { AppRepo, PolicyRepo } from '../store/types.js';
import { apiError } from '../api/errors.js';
import { RESULT } from '../api/result-codes.js';
import type { PolicyBook } from './book.js';
import { callTakes, takeCallLimits } from './call-limits.js';
import { checkCapability, checkMedia, checkRecording, withDisplayNumbers } from './checks.js';
import { checkClientIp } from './client-ip.js';
import { checkInternational } from './international.js';
import { checkLists } from './lists.js';
import type { PortLedger } from './ports.js';
import { checkPushFormats, type PushFormatDeps } from './push-formats.js';
import { checkQuietHours } from './quiet-hours.js';

export interface PolicyDeps {
  apps: Pick<AppRepo, 'numbers'>;
  media: MediaCatalog;
  ports: PortLedger;
  /** Lists and limit settings, in memory. */
  book: PolicyBook;
  counters: Pick<PolicyRepo, 'take' | 'give'>;
  /** Time of quiet hours and counting windows. */
  clock: Clock;
  /** Numbers not starting with it are international (1013111, 1013112). */
  homeCountryCode: string;
  /** The app's push subscriptions and the formats, for the formats' rules on userData. */
  pushFormats?: PushFormatDeps;
}

/** What admission needs to know of the HTTP request itself. */
export interface AdmissionRequest {
  ip: string;
  userData?: string;
}

export interface Admission {
  plan: CallPlan;
  /** Ports of the app still free once this call holds one. */
  idlePort: number;
  /** Undoes the admission (port and counters) when the call could not be stored after all. */
  release(): Promise<void>;
}

/** The order the checks run in; docs/policy.md lists the same names, and a test compares them. */
export const POLICY_ORDER = [
  'clientIp', 'capability', 'recording', 'quietHours', 'international', 'lists', 'pushFormats', 'media', 'displayNumber', 'callLimits', 'callPort',
] as const;

/** Admits a call or throws the ApiError of the first check that refuses it. Takes counters and a port on success. */
export async function admit(app: App, plan: CallPlan, deps: PolicyDeps, request: AdmissionRequest): Promise<Admission> {
  const now = deps.clock.now();
  const settings = deps.book.effective(app.appKey);
  checkClientIp(app.allowedClientIps, request.ip);
  checkCapability(app, plan);
  checkRecording(app, plan);
  checkQuietHours(settings.quietHours, now);
  checkInternational(plan, settings, deps.homeCountryCode);
  checkLists(app.appKey, plan, deps.book);
  await checkPushFormats(app.appKey, request.userData, deps.pushFormats);
  checkMedia(app, plan, deps.media);
  const adjusted = withDisplayNumbers(plan, await deps.apps.numbers(app.appKey));
  const taken = await takeCallLimits(deps.counters, callTakes(app, adjusted, settings, now));
  const idlePort = deps.ports.acquire(app.appKey, app.portQuota);
  if (idlePort === undefined) {
    // Only admitted calls count: the counters taken above go back.
    await deps.counters.give(taken);
    throw apiError(RESULT.portLimit, `all ${app.portQuota} call ports of the app are in use`);
  }
  return {
    plan: adjusted,
    idlePort,
    release: async () => {
      deps.ports.release(app.appKey);
      await deps.counters.give(taken);
    },
  };
}
