// docs/sip.md tables the mappings of causes.ts: a test fails when the two disagree.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CAUSE_FAILURE, CAUSE_STATUS, STATUS_FAILURE } from '../../src/network/sip/causes.js';

const doc = readFileSync(new URL('../../docs/sip.md', import.meta.url), 'utf8');

/** Rows of the table whose header line starts with `header`: first and last cell. */
function table(header: string): Record<string, string> {
  const start = doc.indexOf(`| ${header} |`);
  assert.ok(start >= 0, `no table '${header}' in docs/sip.md`);
  const rows: Record<string, string> = {};
  for (const line of doc.slice(start).split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (/^\d+$/.test(cells[0]!)) rows[cells[0]!] = cells.at(-1)!;
  }
  return rows;
}

const asStrings = (o: Record<number, string | number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));

test('docs/sip.md: Reason cause → leg failure equals CAUSE_FAILURE', () => {
  assert.deepEqual(table('Q.850 cause in Reason'), asStrings(CAUSE_FAILURE));
});

test('docs/sip.md: final status → leg failure equals STATUS_FAILURE', () => {
  assert.deepEqual(table('final status'), asStrings(STATUS_FAILURE));
});

test('docs/sip.md: reject(q850) → status equals CAUSE_STATUS', () => {
  assert.deepEqual(table('Q.850 cause'), asStrings(CAUSE_STATUS));
});
