// docs/result-codes.md ("Privacy-number codes") says what the code does: a table that drifts from
// PRIVACY_REFUSALS fails here; so does a secretCallType or sub-service value docs/privacy-numbers.md
// or the vsp enumerations do not publish.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PRIVACY_REFUSALS } from '../../src/privacy/refusals.js';
import { SUB_SERVICE_OF_BINDING, CDR_PRIVACY } from '../../src/push/dialects/vsp-privacy.js';
import { VSP_ENUMS } from '../../src/push/dialects/vsp-enums.js';

function table(file: string, heading: string): string[][] {
  const text = readFileSync(new URL(`../../docs/${file}`, import.meta.url), 'utf8');
  const section = text.split(new RegExp(`^## ${heading}$`, 'm'))[1]?.split(/^## /m)[0];
  assert.ok(section, `docs/${file} has a "## ${heading}" section`);
  return section.split('\n').filter((l) => l.startsWith('|')).slice(2).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
}

test('the privacy-number codes of docs/result-codes.md are those of the code, in its order', () => {
  const rows = table('result-codes.md', 'Privacy-number codes');
  assert.deepEqual(rows.map((r) => r[2]), Object.keys(PRIVACY_REFUSALS));
  for (const [code, http, name, vx, desc, when] of rows) {
    const e = PRIVACY_REFUSALS[name as keyof typeof PRIVACY_REFUSALS];
    assert.deepEqual({ code, http: Number(http), vx, desc }, { code: e.code, http: e.http, vx: e.vx, desc: e.desc }, name);
    assert.ok(when, `${name} says when`);
  }
});

test('the calls table of docs/privacy-numbers.md uses the secretCallType values the vsp enumeration publishes', () => {
  const rows = table('privacy-numbers.md', 'Calls').filter((r) => /^\d+$/.test(r[3] ?? ''));
  assert.deepEqual(rows.map((r) => Number(r[3])), [10, 11, 20, 21]);
  for (const r of rows) assert.ok(VSP_ENUMS.secretCallType!.some((e) => e.value === Number(r[3])));
  for (const v of Object.values(SUB_SERVICE_OF_BINDING)) assert.ok(VSP_ENUMS.subServiceType!.some((e) => e.value === v));
  assert.ok(VSP_ENUMS.cdrType!.some((e) => e.value === CDR_PRIVACY));
});
