// Admission of a call request: the policy checks in their documented order (docs/policy.md).
// A refusal is returned as a value (refusal.ts): the call API, task rows and inbound calls all
// admit calls, and only the API turns a refusal into an HTTP answer.

import type { App } from '../domain/app.js';
import type { CallPlan } from '../domain/call.js';
import type { MediaCatalog } from '../domain/media.js';
import type { Clock } from '../lib/clock.js';
import type { AppRepo, CallCreated, CounterTake, PolicyRepo } from '../store/types.js';
import type { PolicyBook } from './book.js';
import { callTakes, limitRefusal } from './call-limits.js';
import { checkAppStatus, checkCapability, checkMedia, checkRecording, withDisplayNumbers } from './checks.js';
import { checkClientIp } from './client-ip.js';
import { checkInternational } from './international.js';
import { checkLists } from './lists.js';
import { transferTargetsOf } from './parties.js';
import { portRefusal } from './ports.js';
import { checkQuietHours } from './quiet-hours.js';
import { isRefusal, type Refusal } from './refusal.js';

export interface PolicyDeps {
  apps: Pick<AppRepo, 'numbers'>;
  media: MediaCatalog;
  /** Lists and limit settings, in memory. */
  book: PolicyBook;
  /** Time of quiet hours and counting windows. */
  clock: Clock;
  /** Numbers not starting with it are international (1013111, 1013112). */
  homeCountryCode: string;
}

/**
 * Where the call comes from, said explicitly so that no caller skips the client-IP allow list by
 * leaving an address out: a client of the HTTP API (the call APIs, and the management API's test
 * call with the operator's address) is judged by the app's allow list; a task row or an inbound
 * call has no client, so that check does not apply to it (docs/policy.md).
 */
export type AdmissionOrigin = { via: 'api'; ip: string } | { via: 'task' } | { via: 'inbound' };

/**
 * Stores the admitted call, taking the limits' counters and then checking the app's ports, in one
 * transaction: CallRepo.create(call, takes, ports), whose answer it passes on.
 */
export type AdmissionWrite = (plan: CallPlan, takes: CounterTake[], ports: { max: number }) => Promise<CallCreated>;

export interface Admission {
  plan: CallPlan;
  /** Ports of the app still free once this call holds one. */
  idlePort: number;
}

/** The order the checks run in; docs/policy.md lists the same names, and a test compares them. */
export const POLICY_ORDER = [
  'appStatus', 'clientIp', 'capability', 'recording', 'quietHours', 'international', 'lists', 'media', 'displayNumber', 'callLimits', 'callPort',
] as const;

/**
 * Admits and stores a call (through `write`), or returns the refusal of the first check that
 * refuses it, having stored and counted nothing. On success the call holds a port and its
 * counters are taken. Only a failing store (or write) throws.
 */
export async function admit(app: App, plan: CallPlan, deps: PolicyDeps, origin: AdmissionOrigin, write: AdmissionWrite): Promise<Admission | Refusal> {
  const now = deps.clock.now();
  const settings = deps.book.effective(app.appKey);
  // An inbound call is judged by what the platform does for it: the numbers it dials out to. Its
  // caller called the app's number (the number is the grant, not a capability of the call APIs),
  // shows no display number the app chose, and only a call that dials out can keep quiet hours
  // (docs/policy.md, "Inbound calls").
  const inbound = origin.via === 'inbound';
  const refusal =
    checkAppStatus(app) ??
    (origin.via === 'api' ? checkClientIp(app.allowedClientIps, origin.ip) : undefined) ??
    (inbound ? undefined : checkCapability(app, plan)) ??
    checkRecording(app, plan) ??
    (inbound && transferTargetsOf(plan).length === 0 ? undefined : checkQuietHours(settings.quietHours, now)) ??
    checkInternational(plan, settings, deps.homeCountryCode) ??
    checkLists(app.appKey, plan, deps.book) ??
    checkMedia(app, plan, deps.media);
  if (refusal) return refusal;
  const adjusted = inbound ? plan : withDisplayNumbers(plan, await deps.apps.numbers(app.appKey));
  if (isRefusal(adjusted)) return adjusted;
  const counted = callTakes(app, adjusted, settings, now);
  // The write checks the ports after the counters, so a full limit names the refusal before full
  // ports do; a refused or failed write rolls every take back with the call (ports.ts).
  const created = await write(adjusted, counted.map((c) => c.take), { max: app.portQuota });
  if (created.refused === 'ports') return portRefusal(app);
  if (created.refused !== undefined) return limitRefusal(counted, created.refused);
  // A store answers idlePorts whenever it was given ports.
  return { plan: adjusted, idlePort: created.idlePorts ?? 0 };
}
