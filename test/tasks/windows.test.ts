// Calling windows: time zones (task and row), a window past midnight, forbidden dates, the task's
// time span, and DST (America/New_York's spring-forward gap and fall-back overlap), on instants
// given as numbers: a fake clock is just the `at` argument.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isWithinWindow, nextWindowOpen, windowCloses, type WindowTask } from '../../src/tasks/windows.js';
import { instantOf, localOf, offsetAt } from '../../src/tasks/zone.js';

const H = 3_600_000;
const MIN = 60_000;
const task = (over: Partial<WindowTask> = {}): WindowTask => ({ timeZone: 'Asia/Shanghai', windows: [], forbiddenDates: [], ...over });
// Weekdays 09:00-12:00 and 14:00-18:00 Beijing time.
const OFFICE = [1, 2, 3, 4, 5].flatMap((day) => [{ day, from: '09:00', to: '12:00' }, { day, from: '14:00', to: '18:00' }]);
// Wednesday 2026-11-25 in Beijing (UTC+8): 09:00 local is 01:00Z.
const WED_0900 = Date.UTC(2026, 10, 25, 1, 0);

describe('isWithinWindow', () => {
  test('no windows: any time; a window is [from, to) in the zone', () => {
    assert.equal(isWithinWindow(task(), undefined, WED_0900 - 5 * H), true);
    const t = task({ windows: OFFICE });
    assert.equal(isWithinWindow(t, undefined, WED_0900 - 1), false, '08:59:59.999');
    assert.equal(isWithinWindow(t, undefined, WED_0900), true, '09:00');
    assert.equal(isWithinWindow(t, undefined, WED_0900 + 3 * H - 1), true, '11:59:59.999');
    assert.equal(isWithinWindow(t, undefined, WED_0900 + 3 * H), false, '12:00');
    assert.equal(isWithinWindow(t, undefined, WED_0900 + 5 * H), true, '14:00');
  });

  test('the weekday is the local one: Saturday 09:00 is closed, Friday 09:00 open', () => {
    const t = task({ windows: OFFICE });
    assert.equal(isWithinWindow(t, undefined, WED_0900 + 2 * 24 * H), true, 'Friday');
    assert.equal(isWithinWindow(t, undefined, WED_0900 + 3 * 24 * H + 1), false, 'Saturday');
  });

  test("a row's own time zone overrides the task's", () => {
    const t = task({ windows: OFFICE });
    // 09:00 Beijing is 17:00 the day before in Los Angeles (UTC-8 in November): closed there.
    assert.equal(isWithinWindow(t, { timeZone: 'America/Los_Angeles' }, WED_0900), true, '17:00 Tuesday in LA is inside 14:00-18:00');
    assert.equal(isWithinWindow(t, { timeZone: 'America/Los_Angeles' }, WED_0900 + H), false, '18:00 Tuesday in LA');
    assert.equal(isWithinWindow(t, { timeZone: 'Europe/London' }, WED_0900), false, '01:00 Wednesday in London');
  });

  test('a window past midnight counts on its day and the next morning', () => {
    const t = task({ windows: [{ day: 3, from: '22:00', to: '02:00' }] });
    const wed2200 = WED_0900 + 13 * H;
    assert.equal(isWithinWindow(t, undefined, wed2200 - 1), false);
    assert.equal(isWithinWindow(t, undefined, wed2200), true);
    assert.equal(isWithinWindow(t, undefined, wed2200 + 3 * H), true, 'Thursday 01:00');
    assert.equal(isWithinWindow(t, undefined, wed2200 + 4 * H), false, 'Thursday 02:00');
    assert.equal(isWithinWindow(t, undefined, wed2200 - 24 * H + 3 * H), false, 'Wednesday 01:00 (Tuesday has no window)');
  });

  test('forbidden dates are local dates of the zone; the task span bounds everything', () => {
    const t = task({ forbiddenDates: ['2026-11-25'] });
    assert.equal(isWithinWindow(t, undefined, WED_0900), false);
    assert.equal(isWithinWindow(t, undefined, Date.UTC(2026, 10, 24, 15, 59)), true, '23:59 Tuesday local');
    assert.equal(isWithinWindow(t, undefined, Date.UTC(2026, 10, 24, 16, 0)), false, '00:00 Wednesday local');
    assert.equal(isWithinWindow(t, { timeZone: 'Europe/London' }, Date.UTC(2026, 10, 24, 16, 0)), true, 'still Tuesday in London');
    const span = task({ startAt: WED_0900, endAt: WED_0900 + H });
    assert.equal(isWithinWindow(span, undefined, WED_0900 - 1), false);
    assert.equal(isWithinWindow(span, undefined, WED_0900), true);
    assert.equal(isWithinWindow(span, undefined, WED_0900 + H), false, 'endAt is exclusive');
  });
});

describe('nextWindowOpen', () => {
  test('now when open; else the next window start, over lunch, the weekend and forbidden dates', () => {
    const t = task({ windows: OFFICE });
    assert.equal(nextWindowOpen(t, undefined, WED_0900 + 30 * MIN), WED_0900 + 30 * MIN);
    assert.equal(nextWindowOpen(t, undefined, WED_0900 + 3 * H), WED_0900 + 5 * H, 'after lunch');
    const friEvening = WED_0900 + 2 * 24 * H + 9 * H;
    assert.equal(nextWindowOpen(t, undefined, friEvening), WED_0900 + 5 * 24 * H, 'Monday 09:00');
    const withHoliday = task({ windows: OFFICE, forbiddenDates: ['2026-11-30'] });
    assert.equal(nextWindowOpen(withHoliday, undefined, friEvening), WED_0900 + 6 * 24 * H, 'Tuesday 09:00');
  });

  test('a forbidden date ends at local midnight, inside a window past midnight', () => {
    const t = task({ windows: [{ day: 3, from: '22:00', to: '02:00' }], forbiddenDates: ['2026-11-25'] });
    assert.equal(nextWindowOpen(t, undefined, WED_0900), Date.UTC(2026, 10, 25, 16, 0), 'Thursday 00:00 local');
  });

  test('the start time, the end time, and no window at all', () => {
    const t = task({ windows: OFFICE, startAt: WED_0900 + 24 * H + 30 * MIN });
    assert.equal(nextWindowOpen(t, undefined, WED_0900), WED_0900 + 24 * H + 30 * MIN);
    assert.equal(nextWindowOpen(task({ windows: OFFICE, endAt: WED_0900 + 4 * H }), undefined, WED_0900 + 3 * H), undefined, 'ends over lunch');
    assert.equal(nextWindowOpen(task({ windows: [{ day: 1, from: '09:00', to: '10:00' }], forbiddenDates: [] }), undefined, WED_0900) !== undefined, true);
  });

  test('DST, America/New_York: a window starting in the spring-forward gap opens when the gap ends; fall-back counts the first 01:30', () => {
    // 2026-03-08 (Sunday, day 7): 02:00 EST jumps to 03:00 EDT at 07:00Z.
    const ny = task({ timeZone: 'America/New_York', windows: [{ day: 7, from: '02:30', to: '04:00' }] });
    const saturdayNoon = Date.UTC(2026, 2, 7, 17, 0);
    assert.equal(nextWindowOpen(ny, undefined, saturdayNoon), Date.UTC(2026, 2, 8, 7, 0));
    assert.equal(isWithinWindow(ny, undefined, Date.UTC(2026, 2, 8, 7, 0) - 1), false, '01:59:59 EST');
    assert.equal(isWithinWindow(ny, undefined, Date.UTC(2026, 2, 8, 7, 59)), true, '03:59 EDT');
    assert.equal(isWithinWindow(ny, undefined, Date.UTC(2026, 2, 8, 8, 0)), false, '04:00 EDT');
    // 2026-11-01 (Sunday): 02:00 EDT goes back to 01:00 EST at 06:00Z; 01:30 happens at 05:30Z and 06:30Z.
    const back = task({ timeZone: 'America/New_York', windows: [{ day: 7, from: '01:30', to: '03:00' }] });
    assert.equal(nextWindowOpen(back, undefined, Date.UTC(2026, 9, 31, 17, 0)), Date.UTC(2026, 10, 1, 5, 30));
    assert.equal(isWithinWindow(back, undefined, Date.UTC(2026, 10, 1, 6, 10)), false, '01:10 EST (after the fall back) is before 01:30 again');
    assert.equal(isWithinWindow(back, undefined, Date.UTC(2026, 10, 1, 6, 40)), true, '01:40 EST');
  });

  test('windowCloses: the end of the window, or the start of a forbidden date', () => {
    const t = task({ windows: OFFICE });
    assert.equal(windowCloses(t, undefined, WED_0900), WED_0900 + 3 * H);
    assert.equal(windowCloses(t, undefined, WED_0900 - 1), WED_0900 - 1, 'already closed');
    const allDay = task({ forbiddenDates: ['2026-11-26'] });
    assert.equal(windowCloses(allDay, undefined, WED_0900), Date.UTC(2026, 10, 25, 16, 0));
  });

  test('windowCloses after midnight inside a window that began the day before: its end that morning', () => {
    // Monday 22:00 to 06:00 UTC; asked on Tuesday at 01:00, the window closes at 06:00 that day.
    const night = task({ timeZone: 'UTC', windows: [{ day: 1, from: '22:00', to: '06:00' }] });
    const tue0100 = Date.UTC(2026, 10, 24, 1, 0);
    assert.equal(windowCloses(night, undefined, tue0100), Date.UTC(2026, 10, 24, 6, 0));
    // Across New York's fall back: Saturday 22:00 to Sunday 06:00 EST, asked at Sunday 03:00 EST.
    const ny = task({ timeZone: 'America/New_York', windows: [{ day: 6, from: '22:00', to: '06:00' }] });
    assert.equal(windowCloses(ny, undefined, Date.UTC(2026, 10, 1, 8, 0)), Date.UTC(2026, 10, 1, 11, 0));
  });

  test('windowCloses without windows: the next forbidden date in the row\'s zone, else the end, else never', () => {
    assert.equal(windowCloses(task(), undefined, WED_0900), undefined, 'open for ever');
    assert.equal(windowCloses(task({ endAt: WED_0900 + 400 * 24 * H }), undefined, WED_0900), WED_0900 + 400 * 24 * H, 'the end, however far');
    const dates = task({ forbiddenDates: ['2026-11-20', '2026-12-25', '2026-12-01'], endAt: WED_0900 + 30 * 24 * H });
    assert.equal(windowCloses(dates, undefined, WED_0900), Date.UTC(2026, 10, 30, 16, 0), 'the first forbidden date ahead (Shanghai midnight)');
    assert.equal(windowCloses(dates, { timeZone: 'America/New_York' }, WED_0900), Date.UTC(2026, 11, 1, 5, 0), 'in the row\'s zone');
    assert.equal(windowCloses({ ...dates, forbiddenDates: ['2026-11-20'] }, undefined, WED_0900), WED_0900 + 30 * 24 * H, 'past dates do not count');
  });
});

describe('zone arithmetic', () => {
  test('offsets, local times and their inverse', () => {
    assert.equal(offsetAt('Asia/Shanghai', WED_0900), 8 * H);
    assert.equal(localOf('Asia/Shanghai', WED_0900), Date.UTC(2026, 10, 25, 9, 0));
    assert.equal(instantOf('Asia/Shanghai', Date.UTC(2026, 10, 25, 9, 0)), WED_0900);
    assert.equal(offsetAt('America/New_York', Date.UTC(2026, 6, 1)), -4 * H);
    assert.equal(instantOf('America/New_York', Date.UTC(2026, 2, 8, 2, 30)), Date.UTC(2026, 2, 8, 7, 0), 'in the gap: its end');
  });
});
