// docs/result-codes.md ("Task codes") and docs/tasks.md ("task_result values") say what the code
// does: a table that drifts from the code fails here.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { TASK_REFUSALS } from '../../src/tasks/refusals.js';
import { ANSWERED_RESULTS, DEFAULT_RETRY_ON, INTERRUPTED_RESULT, TASK_RESULT_CODES } from '../../src/tasks/results.js';
import { TASK_RESULT_CODE_OF } from '../../src/push/dialects/robot-results.js';
import { PLACEMENT_FAILED_RESULT, POLICY_REFUSED_RESULT } from '../../src/tasks/dial/try-result.js';

function table(file: string, heading: string): string[][] {
  const text = readFileSync(new URL(`../../docs/${file}`, import.meta.url), 'utf8');
  const section = text.split(new RegExp(`^## ${heading}$`, 'm'))[1]?.split(/^## /m)[0];
  assert.ok(section, `docs/${file} has a "## ${heading}" section`);
  return section.split('\n').filter((l) => l.startsWith('|')).slice(2).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
}

test('the task codes of docs/result-codes.md are those of the code, in its order', () => {
  const rows = table('result-codes.md', 'Task codes');
  assert.deepEqual(rows.map((r) => r[2]), Object.keys(TASK_REFUSALS));
  for (const [code, http, name, vx, desc, when] of rows) {
    const e = TASK_REFUSALS[name as keyof typeof TASK_REFUSALS];
    assert.deepEqual({ code, http: Number(http), vx, desc }, { code: e.code, http: e.http, vx: e.vx, desc: e.desc }, name);
    assert.ok(when, `${name} says when`);
  }
});

test('the task_result table of docs/tasks.md: every code, the answered ones and the default retries', () => {
  const rows = table('tasks.md', 'task_result values');
  assert.deepEqual(rows.map((r) => r[0]), [...TASK_RESULT_CODES]);
  assert.deepEqual(rows.filter((r) => r[2] === 'answered').map((r) => r[0]), [...ANSWERED_RESULTS]);
  assert.deepEqual(rows.filter((r) => r[3] === 'yes').map((r) => r[0]), [...DEFAULT_RETRY_ON]);
});

test('the try results of docs/tasks.md ("Try results") are the code\'s: every call outcome, then the results without a call', () => {
  const rows = table('tasks.md', 'Dialling').filter((r) => r.length === 2 && /^-?\d+$/.test(r[1]!));
  assert.deepEqual(rows, [
    ...Object.entries(TASK_RESULT_CODE_OF),
    ['refused by the policy', POLICY_REFUSED_RESULT], ['not placed: the store failed', PLACEMENT_FAILED_RESULT], ['interrupted by a crash', INTERRUPTED_RESULT],
  ]);
});
