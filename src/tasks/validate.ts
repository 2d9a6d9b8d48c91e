// A task as asked for (either API's JSON body, already of the right JSON types) checked against
// the rules JSON Schema cannot say, and filled with the defaults (docs/tasks.md, "Fields").

import type { CallingWindow, RetryPolicy, TaskSettings } from '../domain/task.js';
import { NUMBER_PATTERN } from '../api/schemas.js';
import { DEFAULT_TIME_ZONE, TASK_LIMITS as L } from './limits.js';
import { refuseTask } from './refusals.js';
import { DEFAULT_RETRY_ON, isAnswered, isTaskResult } from './results.js';
import { isTimeZone } from './zone.js';

export interface TaskInput {
  name?: string;
  flowId: string;
  flowVersion?: number;
  displayNumbers: string[];
  timeZone?: string;
  windows?: CallingWindow[];
  forbiddenDates?: string[];
  concurrency?: number;
  cps?: number;
  retry?: Partial<RetryPolicy>;
  /** ISO 8601 with an offset, e.g. 2026-12-01T09:00:00+08:00. */
  startAt?: string;
  endAt?: string;
}

export type { TaskSettings };

const HHMM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const number = new RegExp(NUMBER_PATTERN);

const bad = (message: string) => refuseTask('invalid', message);

function range(field: string, v: number | undefined, r: { min: number; max: number; default: number }): number {
  if (v === undefined) return r.default;
  if (!Number.isInteger(v) || v < r.min || v > r.max) throw bad(`${field} must be a whole number from ${r.min} to ${r.max}`);
  return v;
}

function instant(field: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = ISO_TIME.test(v) ? Date.parse(v) : NaN;
  if (!Number.isFinite(t)) throw bad(`${field} must be an ISO 8601 time with an offset, e.g. 2026-12-01T09:00:00+08:00`);
  // Date.parse rolls an impossible date over (02-30 becomes 03-02): the date must read back as given.
  const day = v.slice(0, 10);
  if (new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day || Number(v.slice(11, 13)) > 23) throw bad(`${field}: ${day} ${v.slice(11, 16)} is not a real date and time`);
  return t;
}

function windows(list: CallingWindow[] | undefined): CallingWindow[] {
  const out = list ?? [];
  if (out.length > L.maxWindows) throw bad(`windows: at most ${L.maxWindows}`);
  out.forEach((w, i) => {
    if (!Number.isInteger(w.day) || w.day < 1 || w.day > 7) throw bad(`windows[${i}].day must be 1 (Monday) to 7 (Sunday)`);
    if (!HHMM.test(w.from)) throw bad(`windows[${i}].from must be HH:MM (00:00 to 23:59)`);
    if (!HHMM.test(w.to) && w.to !== '24:00') throw bad(`windows[${i}].to must be HH:MM (00:01 to 24:00)`);
    if (w.to === w.from) throw bad(`windows[${i}] is empty: from and to are equal`);
  });
  return out.map((w) => ({ day: w.day, from: w.from, to: w.to }));
}

function dates(list: string[] | undefined): string[] {
  const out = list ?? [];
  if (out.length > L.maxForbiddenDates) throw bad(`forbiddenDates: at most ${L.maxForbiddenDates}`);
  for (const [i, d] of out.entries()) {
    // An impossible month makes an Invalid Date, whose toISOString throws: tested first.
    const t = DATE.test(d) ? new Date(`${d}T00:00:00Z`) : undefined;
    if (!t || Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== d) throw bad(`forbiddenDates[${i}] must be a date YYYY-MM-DD`);
  }
  return [...new Set(out)].sort();
}

function retry(r: Partial<RetryPolicy> | undefined): RetryPolicy {
  const retryOn = r?.retryOn ?? [...DEFAULT_RETRY_ON];
  for (const code of retryOn) {
    if (!isTaskResult(code)) throw bad(`retry.retryOn: "${code}" is not a task_result code (docs/tasks.md)`);
    if (isAnswered(code)) throw bad(`retry.retryOn: "${code}" is an answered call and is never retried`);
  }
  return {
    maxTries: range('retry.maxTries', r?.maxTries, L.maxTries),
    intervalSeconds: range('retry.intervalSeconds', r?.intervalSeconds, L.intervalSeconds),
    retryOn: [...new Set(retryOn)],
  };
}

/** The settings of a new task, or a TaskRefusal ('invalid') naming the field. Display numbers' ownership is checked by the service. */
export function taskSettings(input: TaskInput): TaskSettings {
  if (input.name !== undefined && (input.name.length < 1 || input.name.length > 128)) throw bad('name must be 1 to 128 characters');
  if (!/^[\w.-]{1,64}$/.test(input.flowId)) throw bad('flowId must be 1 to 64 letters, digits, "_", "-" or "."');
  if (input.flowVersion !== undefined && (!Number.isInteger(input.flowVersion) || input.flowVersion < 1)) throw bad('flowVersion must be a whole number from 1');
  const numbers = input.displayNumbers;
  if (numbers.length < 1 || numbers.length > L.maxDisplayNumbers) throw bad(`displayNumbers: 1 to ${L.maxDisplayNumbers} numbers`);
  for (const [i, n] of numbers.entries()) if (!number.test(n)) throw bad(`displayNumbers[${i}] must be +{country code}{number}`);
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) throw bad(`timeZone "${timeZone}" is not an IANA time zone (e.g. Asia/Shanghai)`);
  const startAt = instant('startAt', input.startAt);
  const endAt = instant('endAt', input.endAt);
  if (startAt !== undefined && endAt !== undefined && endAt <= startAt) throw bad('endAt must be after startAt');
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    flowId: input.flowId,
    ...(input.flowVersion !== undefined ? { flowVersion: input.flowVersion } : {}),
    displayNumbers: [...new Set(numbers)],
    timeZone,
    windows: windows(input.windows),
    forbiddenDates: dates(input.forbiddenDates),
    concurrency: range('concurrency', input.concurrency, L.concurrency),
    cps: range('cps', input.cps, L.cps),
    retry: retry(input.retry),
    ...(startAt !== undefined ? { startAt } : {}),
    ...(endAt !== undefined ? { endAt } : {}),
  };
}
