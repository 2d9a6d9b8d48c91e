// docs/policy.md's order table and POLICY_ORDER (src/policy/admit.ts) name the same checks in the
// same order, and every code the table gives is a catalogue entry with that HTTP status.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { RESULT_ENTRIES } from '../../src/api/result-codes.js';
import { POLICY_ORDER } from '../../src/policy/admit.js';

const doc = readFileSync(new URL('../../docs/policy.md', import.meta.url), 'utf8');
const rows = doc
  .split(/^## /m)[0]!
  .split('\n')
  .filter((l) => /^\| \d+ \|/.test(l))
  .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));

test('the checks of docs/policy.md are POLICY_ORDER, in order', () => {
  const names = [...new Set(rows.map((r) => r[1]))];
  assert.deepEqual(names, [...POLICY_ORDER]);
  const orders = [...new Set(rows.map((r) => Number(r[0])))];
  assert.deepEqual(orders, POLICY_ORDER.map((_, i) => i + 1));
});

test('every code of the order table is a catalogue code with its HTTP status', () => {
  for (const r of rows) {
    assert.ok(RESULT_ENTRIES.some((e) => e.code === r[3] && String(e.http) === r[4]), `${r[3]} ${r[4]} in the catalogue`);
  }
});
