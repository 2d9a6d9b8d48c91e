// Lists and limit settings: what an operator configures per app and platform-wide. Pure types and
// the rule that joins the two levels; the checks read the joined result (PolicyBook caches it).

/** The platform-wide level of lists and settings is stored under scope '' (as voice files are). */
export const PLATFORM_SCOPE = '';

export type ListName = 'callerBlacklist' | 'calleeBlacklist' | 'calleeWhitelist';
export const LIST_NAMES: readonly ListName[] = ['callerBlacklist', 'calleeBlacklist', 'calleeWhitelist'];

export interface ListEntry {
  /** An app key, or PLATFORM_SCOPE. */
  scope: string;
  list: ListName;
  /** +{country code}{number}, as the call APIs write numbers. */
  number: string;
  createdAt: number;
}

/** At most `max` admitted calls (or API requests) in each fixed window of `windowS` seconds. */
export interface Limit {
  max: number;
  windowS: number;
}

/** Calls are refused from `start` (inclusive) to `end` (exclusive), Beijing time, "HH:MM"; start > end spans midnight. */
export interface QuietHours {
  start: string;
  end: string;
}

/** Every field optional: an app's absent field inherits the platform's; the platform's absent field means "no limit". */
export interface PolicySettings {
  /** Calls of one SP (all its apps), 1013001. */
  spCalls?: Limit;
  /** Calls of one app, 1013002. */
  appCalls?: Limit;
  /** Calls showing one display number, 1013003. */
  displayNumberCalls?: Limit;
  /** Call frequency per caller, callee and service (display) number: 1013116, 1013117, 1013118. */
  callerFrequency?: Limit;
  calleeFrequency?: Limit;
  serviceNumberFrequency?: Limit;
  /** 1013121. */
  quietHours?: QuietHours;
  /** Allowed unless false: foreign caller/display numbers (1013111), foreign callees (1013112). */
  internationalCallin?: boolean;
  internationalCallout?: boolean;
  /** When on (at the app or the platform), only whitelisted callees are called (1013011). */
  whitelistMode?: boolean;
  /** API requests: per app at the app level (1010009); all apps together at the platform level (1010010). */
  apiRate?: Limit;
}

export const SETTING_NAMES = [
  'spCalls', 'appCalls', 'displayNumberCalls', 'callerFrequency', 'calleeFrequency', 'serviceNumberFrequency',
  'quietHours', 'internationalCallin', 'internationalCallout', 'whitelistMode', 'apiRate',
] as const satisfies ReadonlyArray<keyof PolicySettings>;

/**
 * The settings a call of an app is judged by: each field from the app when it sets it, else from
 * the platform. Two exceptions: whitelist mode is on when either level turns it on (a platform
 * that wants whitelisting cannot be undone by one app), and apiRate is never inherited, because
 * the platform's value limits all apps together (1010010), not each one.
 */
export function effectiveSettings(app: PolicySettings, platform: PolicySettings): PolicySettings {
  const out: PolicySettings = { ...platform, ...app };
  out.whitelistMode = app.whitelistMode === true || platform.whitelistMode === true;
  if (app.apiRate) out.apiRate = app.apiRate;
  else delete out.apiRate;
  return out;
}
