// docs/network.md is what users read: its tables must say what the code does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { STATE_DESCRIPTIONS } from '../../src/calls/index.js';
import { FAILURE_TABLE } from '../../src/network/outcomes.js';
import { DEFAULT_RULES } from '../../src/network/simulated/index.js';
import { LEG_SIGNAL_TYPES } from '../../src/network/types.js';

const doc = readFileSync(new URL('../../docs/network.md', import.meta.url), 'utf8');

test('every built-in test number is in the table', () => {
  for (const r of DEFAULT_RULES) if (r.number) assert.ok(doc.includes(`| \`${r.number}\` |`), r.number);
});

test('the outcome table matches the failure codes', () => {
  for (const [outcome, row] of Object.entries(FAILURE_TABLE)) {
    const line = doc.split('\n').find((l) => l.startsWith(`| ${outcome} |`));
    assert.ok(line, outcome);
    const cells = line.split('|').map((c) => c.trim());
    assert.equal(cells[2]!.split(' ')[0], String(row.q850), outcome);
    assert.deepEqual(cells.slice(3, 8).map(Number), [row.sip, ...row.callee, ...row.caller], outcome);
  }
});

test('every stateDesc fits String(1-28) of reference 4.4', () => {
  for (const [code, desc] of Object.entries(STATE_DESCRIPTIONS)) assert.ok(desc.length >= 1 && desc.length <= 28, `${code}: ${desc}`);
});

test('every network signal has its row in the signal table', () => {
  for (const type of LEG_SIGNAL_TYPES) assert.ok(doc.includes(`| \`${type}\` |`), type);
});
