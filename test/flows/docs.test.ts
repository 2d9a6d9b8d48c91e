// docs/flows.md says what the code does: its complete example is the one the tests validate, its
// error-code table is FLOW_ERROR_CODES, its limits table is FLOW_LIMITS.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { FLOW_ERROR_CODES, FLOW_LIMITS, MAX_VISITS } from '../../src/domain/flow.js';
import { validateFlow } from '../../src/flows/index.js';
import { EXAMPLE_FLOW } from './example.js';

const doc = readFileSync(new URL('../../docs/flows.md', import.meta.url), 'utf8');

test('the complete example of docs/flows.md is the tested one, and valid', () => {
  const block = /## A complete example[^]*?```json\n([^]*?)\n```/.exec(doc);
  assert.ok(block, 'the example block');
  const flow = JSON.parse(block[1]!) as unknown;
  assert.deepEqual(flow, EXAMPLE_FLOW);
  assert.equal(validateFlow(flow).ok, true);
});

test('the error codes of docs/flows.md are those of the code', () => {
  // Two-column rows whose first cell is a snake_case code (or one of the code's): the codes table.
  const rows = [...doc.matchAll(/^\| `([a-z_]+)` \| ([^|]+) \|$/gm)].filter((m) => m[1]! in FLOW_ERROR_CODES || m[1]!.includes('_'));
  const documented = Object.fromEntries(rows.map((m) => [m[1]!, m[2]!]));
  assert.deepEqual(documented, { ...FLOW_ERROR_CODES });
});

test('the limits of docs/flows.md are those of the code', () => {
  const limits = Object.fromEntries([...doc.matchAll(/^\| .* \(`(\w+)`\) \| ([\d,]+) \|$/gm)].map((m) => [m[1]!, Number(m[2]!.replaceAll(',', ''))]));
  assert.deepEqual(limits, { ...FLOW_LIMITS, maxVisits: MAX_VISITS });
});
