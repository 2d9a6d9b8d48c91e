// When a row may be dialled (docs/tasks.md, "Calling windows"): inside the task's time span, on
// a local date that is not forbidden, inside one of the weekday windows, all in the row's time
// zone (its `tz` column) or else the task's. Pure functions of an instant: the dialler asks them
// with its clock, tests with a fake one.

import type { CallingWindow, Task, TaskRow } from '../domain/task.js';
import { DAY, dayOf, instantOf, isoDateOf, localOf, weekdayOf } from './zone.js';

export type WindowTask = Pick<Task, 'timeZone' | 'windows' | 'forbiddenDates' | 'startAt' | 'endAt'>;
export type WindowRow = Pick<TaskRow, 'timeZone'>;

const MIN = 60_000;
/** How far ahead nextWindowOpen looks before answering "never" (a year and a bit: every weekday and date comes round). */
export const HORIZON_DAYS = 370;

/** "HH:MM" as minutes after midnight ("24:00" = 1440). */
export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

const zoneOf = (task: WindowTask, row?: WindowRow) => row?.timeZone ?? task.timeZone;

/** Whether local ms fall in a window (a window past midnight counts on its start day and the next). */
function inWindows(windows: CallingWindow[], local: number): boolean {
  if (windows.length === 0) return true;
  const day = dayOf(local);
  const weekday = weekdayOf(day);
  const minute = (local - day * DAY) / MIN;
  const yesterday = weekday === 1 ? 7 : weekday - 1;
  for (const w of windows) {
    const from = minutesOf(w.from);
    const to = minutesOf(w.to);
    if (to > from) {
      if (w.day === weekday && minute >= from && minute < to) return true;
    } else {
      if (w.day === weekday && minute >= from) return true;
      if (w.day === yesterday && minute < to) return true;
    }
  }
  return false;
}

/** Whether the row may be dialled at `at`. */
export function isWithinWindow(task: WindowTask, row: WindowRow | undefined, at: number): boolean {
  if (task.startAt !== undefined && at < task.startAt) return false;
  if (task.endAt !== undefined && at >= task.endAt) return false;
  const local = localOf(zoneOf(task, row), at);
  if (task.forbiddenDates.includes(isoDateOf(dayOf(local)))) return false;
  return inWindows(task.windows, local);
}

/**
 * The first instant at or after `at` when the row may be dialled, or undefined when there is none
 * (the task ends first, or nothing opens within HORIZON_DAYS). The answer is one of the moments
 * where "may be dialled" can turn true: `at`, the start time, a local midnight (a forbidden date
 * ends), a window's start (a DST gap moves it to the gap's end: instantOf).
 */
export function nextWindowOpen(task: WindowTask, row: WindowRow | undefined, at: number): number | undefined {
  const zone = zoneOf(task, row);
  const from = Math.max(at, task.startAt ?? at);
  if (isWithinWindow(task, row, from)) return from;
  const firstDay = dayOf(localOf(zone, from));
  for (let day = firstDay; day <= firstDay + HORIZON_DAYS; day++) {
    const weekday = weekdayOf(day);
    const candidates = [instantOf(zone, day * DAY)];
    for (const w of task.windows) if (w.day === weekday) candidates.push(instantOf(zone, day * DAY + minutesOf(w.from) * MIN));
    candidates.sort((a, b) => a - b);
    for (const t of candidates) {
      if (task.endAt !== undefined && t >= task.endAt) return undefined;
      if (t > from && isWithinWindow(task, row, t)) return t;
    }
  }
  return undefined;
}

/**
 * The first instant after `at` when the row may no longer be dialled (the window closes, a
 * forbidden date begins, the task ends), for a row that may be dialled at `at`; undefined when it
 * stays open past the horizon. The dialler pauses a task by the window here.
 */
export function windowCloses(task: WindowTask, row: WindowRow | undefined, at: number): number | undefined {
  if (!isWithinWindow(task, row, at)) return at;
  const zone = zoneOf(task, row);
  if (task.windows.length === 0) {
    // Open all day, every day: only a forbidden date's local midnight or the end closes it. (The
    // walk below would look at every midnight of the horizon first: thousands of Intl calls, on
    // each of the dialler's steps.)
    const closes = task.forbiddenDates.map((d) => instantOf(zone, Date.parse(d))).filter((t) => t > at);
    if (task.endAt !== undefined) closes.push(task.endAt);
    return closes.length === 0 ? undefined : Math.min(...closes);
  }
  const firstDay = dayOf(localOf(zone, at));
  // From the day before: a window of yesterday past midnight ends today.
  for (let day = firstDay - 1; day <= firstDay + HORIZON_DAYS; day++) {
    const weekday = weekdayOf(day);
    const candidates = [instantOf(zone, day * DAY), instantOf(zone, (day + 1) * DAY)];
    for (const w of task.windows) if (w.day === weekday) {
      const end = minutesOf(w.to) > minutesOf(w.from) ? day * DAY + minutesOf(w.to) * MIN : (day + 1) * DAY + minutesOf(w.to) * MIN;
      candidates.push(instantOf(zone, end));
    }
    if (task.endAt !== undefined) candidates.push(task.endAt);
    candidates.sort((a, b) => a - b);
    for (const t of candidates) if (t > at && !isWithinWindow(task, row, t)) return t;
  }
  return undefined;
}
