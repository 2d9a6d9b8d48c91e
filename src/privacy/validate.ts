// The checks of privacy-number requests that JSON Schema cannot say well, each naming its field
// and answering its own code (docs/privacy-numbers.md): nothing is written before all pass.

import type { DisplayType } from '../domain/privacy.js';
import { refusePrivacy } from './refusals.js';

/** +{country code}{number}, as the call APIs and display numbers write numbers. */
const NUMBER = /^\+[1-9][0-9]{2,29}$/;
const AREA_CODE = /^[0-9]{1,8}$/;
const POOL_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** An instant that says its offset: a time without one would mean the server's zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export const MAX_DURATION_MINUTES = 1440;
/** The vsp document's limit on userData (section 6). */
export const USER_DATA_MAX = 2048;

export function number(field: string, value: string): string {
  if (!NUMBER.test(value)) throw refusePrivacy('malformedNumber', `${field} must be +{country code}{number} (4-31 characters, digits after the +), not "${value.slice(0, 32)}"`);
  return value;
}

export function areaCode(value: string | undefined): string | undefined {
  if (value !== undefined && !AREA_CODE.test(value)) throw refusePrivacy('invalid', 'areaCode must be 1-8 digits');
  return value;
}

export function poolId(value: string): string {
  if (!POOL_ID.test(value)) throw refusePrivacy('invalid', 'numberPoolNo must be 1-64 letters, digits, _ or -');
  return value;
}

export function expiry(value: string, now: number): number {
  const at = INSTANT.test(value) ? Date.parse(value) : NaN;
  // Date.parse rolls an impossible date over (02-30 becomes 03-02): the date must read back as given.
  const day = value.slice(0, 10);
  if (Number.isNaN(at) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
    throw refusePrivacy('invalid', 'expireAt must be a real ISO 8601 time with Z or an offset, e.g. 2026-11-27T10:00:00Z');
  }
  if (at <= now) throw refusePrivacy('expiryNotFuture', `expireAt ${value} is not in the future`);
  return at;
}

export function maxDuration(value: number | undefined): number | undefined {
  if (value !== undefined && (value < 0 || value > MAX_DURATION_MINUTES)) throw refusePrivacy('invalid', `maxDuration must be 0 to ${MAX_DURATION_MINUTES} minutes`);
  return value;
}

export function displayType(value: number | undefined): DisplayType | undefined {
  if (value !== undefined && value !== 1 && value !== 2) throw refusePrivacy('invalid', 'callDisplayType must be 1 (show X) or 2 (show the real number)');
  return value;
}

export function userData(value: string | undefined): string | undefined {
  if (value !== undefined && Array.from(value).length > USER_DATA_MAX) throw refusePrivacy('invalid', `userData is longer than ${USER_DATA_MAX} characters`);
  return value;
}
