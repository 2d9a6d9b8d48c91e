// The retry rule, the display-number rotation, the state machine and task validation: pure
// functions, no store, no clock but the `now` argument.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { displayNumberFor, isRetryableFailure, nextTry } from '../../src/tasks/retry.js';
import { acceptsRows, transition, TRANSITIONS, USER_ACTIONS } from '../../src/tasks/lifecycle.js';
import { DEFAULT_RETRY_ON, TASK_RESULT_CODES } from '../../src/tasks/results.js';
import { taskSettings } from '../../src/tasks/validate.js';
import { TaskRefusal } from '../../src/tasks/refusals.js';
import { TASK_STATES } from '../../src/domain/task.js';

const NOW = Date.UTC(2026, 10, 25, 2, 0);
const policy = { maxTries: 3, intervalSeconds: 600, retryOn: [...DEFAULT_RETRY_ON] };

describe('nextTry', () => {
  test('a retried result with tries left: again after the interval, with the next try number', () => {
    assert.deepEqual(nextTry(policy, { tries: 1, maxTries: 3 }, '5', NOW), { retry: true, at: NOW + 600_000, try: 2 });
    assert.deepEqual(nextTry(policy, { tries: 2, maxTries: 3 }, '28', NOW), { retry: true, at: NOW + 600_000, try: 3 });
  });
  test('no tries left, an answered call, or a result not retried: finished', () => {
    assert.deepEqual(nextTry(policy, { tries: 3, maxTries: 3 }, '5', NOW), { retry: false, reason: 'no_tries_left' });
    assert.deepEqual(nextTry(policy, { tries: 1, maxTries: 3 }, '0', NOW), { retry: false, reason: 'answered' });
    for (const never of ['6', '7', '9']) assert.deepEqual(nextTry(policy, { tries: 1, maxTries: 3 }, never, NOW), { retry: false, reason: 'not_retried' });
    assert.deepEqual(nextTry({ ...policy, retryOn: ['6'] }, { tries: 1, maxTries: 3 }, '6', NOW).retry, true, 'unless the task asks for it');
  });
  test('rerun candidates: a finished row whose last result the task retries', () => {
    assert.equal(isRetryableFailure(policy, '20'), true);
    assert.equal(isRetryableFailure(policy, '0'), false);
    assert.equal(isRetryableFailure(policy, '6'), false);
    assert.equal(isRetryableFailure(policy, undefined), false);
  });
  test('display numbers rotate by row and by try', () => {
    const n = ['+861', '+862', '+863'];
    assert.deepEqual([1, 2, 3, 4].map((r) => displayNumberFor(n, r, 1)), ['+861', '+862', '+863', '+861']);
    assert.equal(displayNumberFor(n, 1, 2), '+862', 'a retry shows the next number');
    assert.equal(displayNumberFor(['+861'], 7, 3), '+861');
  });
});

describe('state machine', () => {
  const at = (state: (typeof TASK_STATES)[number], pausedBy?: 'user' | 'window', startAt?: number) => ({ state, pausedBy, startAt });
  test('start: running, or scheduled before its start time; only from draft', () => {
    assert.deepEqual(transition('start', at('draft'), NOW), { to: 'running' });
    assert.deepEqual(transition('start', at('draft', undefined, NOW + 1), NOW), { to: 'scheduled' });
    for (const s of TASK_STATES.filter((x) => x !== 'draft')) assert.equal(transition('start', at(s), NOW), undefined, s);
  });
  test('pause and resume: the user resumes only a pause of the user; a window pause reopens by itself', () => {
    assert.deepEqual(transition('pause', at('running'), NOW), { to: 'paused', pausedBy: 'user' });
    assert.deepEqual(transition('pause', at('paused', 'window'), NOW), { to: 'paused', pausedBy: 'user' });
    assert.equal(transition('pause', at('paused', 'user'), NOW), undefined);
    assert.deepEqual(transition('resume', at('paused', 'user'), NOW), { to: 'running' });
    assert.equal(transition('resume', at('paused', 'window'), NOW), undefined);
    assert.deepEqual(transition('windowOpen', at('paused', 'window'), NOW), { to: 'running' });
    assert.equal(transition('windowOpen', at('paused', 'user'), NOW), undefined);
    assert.deepEqual(transition('windowClose', at('running'), NOW), { to: 'paused', pausedBy: 'window' });
  });
  test('cancel from any open state; rerun only when completed; completed and cancelled take no rows', () => {
    for (const s of ['draft', 'scheduled', 'running', 'paused'] as const) assert.deepEqual(transition('cancel', at(s, 'user'), NOW), { to: 'cancelled' });
    assert.equal(transition('cancel', at('completed'), NOW), undefined);
    assert.equal(transition('cancel', at('cancelled'), NOW), undefined);
    assert.deepEqual(transition('rerun', at('completed'), NOW), { to: 'running' });
    assert.deepEqual(TASK_STATES.filter(acceptsRows), ['draft', 'scheduled', 'running', 'paused']);
    assert.deepEqual(Object.keys(TRANSITIONS).slice(0, 5), [...USER_ACTIONS]);
  });
});

describe('task settings', () => {
  const base = { flowId: 'f1', displayNumbers: ['+8675528000001'] };
  const refused = (input: object, match: RegExp) => assert.throws(() => taskSettings({ ...base, ...input }), (e: unknown) => e instanceof TaskRefusal && match.test(e.message));
  test('defaults', () => {
    assert.deepEqual(taskSettings(base), {
      flowId: 'f1', displayNumbers: ['+8675528000001'], timeZone: 'Asia/Shanghai', windows: [], forbiddenDates: [], concurrency: 10, cps: 5,
      retry: { maxTries: 3, intervalSeconds: 600, retryOn: [...DEFAULT_RETRY_ON] },
    });
  });
  test('every range and rule is checked, the field named', () => {
    refused({ cps: 201 }, /cps must be a whole number from 1 to 200/);
    refused({ concurrency: 0 }, /concurrency/);
    refused({ timeZone: 'Mars/Base' }, /timeZone "Mars\/Base"/);
    refused({ windows: [{ day: 8, from: '09:00', to: '10:00' }] }, /windows\[0\]\.day/);
    refused({ windows: [{ day: 1, from: '9:00', to: '10:00' }] }, /windows\[0\]\.from/);
    refused({ windows: [{ day: 1, from: '09:00', to: '09:00' }] }, /empty/);
    refused({ forbiddenDates: ['2026-02-30'] }, /forbiddenDates\[0\]/);
    refused({ retry: { retryOn: ['0'] } }, /answered/);
    refused({ retry: { retryOn: ['11'] } }, /not a task_result/);
    refused({ retry: { maxTries: 11 } }, /retry\.maxTries/);
    refused({ startAt: '2026-12-01T09:00:00+08:00', endAt: '2026-12-01T08:00:00+08:00' }, /endAt must be after startAt/);
    refused({ startAt: '2026-12-01 09:00' }, /startAt must be an ISO 8601/);
    refused({ startAt: '2026-02-30T09:00:00+08:00' }, /startAt: 2026-02-30 09:00 is not a real date and time/);
    refused({ endAt: '2026-12-01T24:30:00+08:00' }, /endAt must be an ISO 8601/);
    refused({ displayNumbers: [] }, /displayNumbers/);
    refused({ displayNumbers: ['8675528000001'] }, /displayNumbers\[0\]/);
    assert.equal(taskSettings({ ...base, windows: [{ day: 5, from: '22:00', to: '02:00' }, { day: 6, from: '00:00', to: '24:00' }] }).windows.length, 2);
  });
  test('the result codes are the document\'s', () => {
    assert.deepEqual(TASK_RESULT_CODES, ['-1', '0', '2', '3', '4', '5', '6', '7', '8', '9', '15', '16', '18', '19', '20', '22', '23', '25', '26', '27', '28']);
  });
});
