// The catalogue in code, the table in docs/result-codes.md and (when present) the reference's own
// tables must agree: fastify's habit of checking the error docs against the code.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RESULT, RESULT_ENTRIES, withParams, type ResultName } from '../../src/api/result-codes.js';
import { ApiError, apiError, truncate } from '../../src/api/errors.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SPEC = `${root}../shared/spec/huawei-voicecall-api-reference.txt`;

interface DocRow { code: string; http: number; name: string; desc: string; when: string }

function docRows(): DocRow[] {
  const text = readFileSync(`${root}docs/result-codes.md`, 'utf8');
  const section = text.split(/^## Catalogue$/m)[1];
  assert.ok(section, 'docs/result-codes.md has a "## Catalogue" section');
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  assert.match(lines[0] ?? '', /Result code.*HTTP status.*Name.*Description.*When/);
  assert.match(lines[1] ?? '', /^\|( *-+ *\|)+$/);
  return lines.slice(2).map((l) => {
    const cells = l.split('|').slice(1, -1).map((c) => c.trim());
    assert.equal(cells.length, 5, `five cells in: ${l}`);
    const [code, http, name, desc, when] = cells as [string, string, string, string, string];
    return { code, http: Number(http), name, desc, when };
  });
}

test('every doc row matches the catalogue entry of its name', () => {
  for (const row of docRows()) {
    const entry = (RESULT as Record<string, { code: string; http: number; desc: string }>)[row.name];
    assert.ok(entry, `doc names ${row.name}, which the code lacks`);
    assert.deepEqual({ code: row.code, http: row.http, desc: row.desc }, entry, `doc and code disagree on ${row.name}`);
    assert.ok(row.when.length > 0, `${row.name}: says when voxcall returns it`);
  }
});

test('every catalogue entry is in the doc exactly once, in catalogue order', () => {
  const names = docRows().map((r) => r.name);
  assert.deepEqual(names, RESULT_ENTRIES.map((e) => e.name));
});

test('the catalogue agrees with the reference tables 4-5, 4-10, 4-30, 5-7 and 6-5', { skip: !existsSync(SPEC) && 'reference not present' }, () => {
  const lines = readFileSync(SPEC, 'utf8').split('\n');
  const found = new Map<string, Set<string>>(); // "code http" -> descriptions
  for (const table of ['4-5', '4-10', '4-30', '5-7', '6-5']) {
    let i = lines.findIndex((l) => l.startsWith(`表 ${table} `));
    assert.ok(i >= 0, `table ${table} in the reference`);
    let http = '';
    for (i++; i < lines.length && !/^接口示例/.test(lines[i]!); i++) {
      const cols = lines[i]!.split('\t');
      if (/^\s*[2-5]\d\d\s*$/.test(cols[0] ?? '')) http = cols[0]!.trim();
      const code = (cols[1] ?? '').replace(/ /g, '');
      if (!/^\d+$/.test(code) || cols[2] === undefined) continue;
      // Table 5-7's layout puts its "500" heading in the code column (see the doc).
      if (code === '500') { http = '500'; continue; }
      const desc = cols[2].replace(/<[^>]+>/g, '').trim();
      const key = `${code} ${http}`;
      if (!found.has(key)) found.set(key, new Set());
      found.get(key)!.add(desc);
    }
  }
  const ours = new Map(RESULT_ENTRIES.map((e) => [`${e.code} ${e.http}`, e]));
  for (const [key, descs] of found) {
    const entry = ours.get(key);
    assert.ok(entry, `reference code ${key} (code, HTTP status) is in the catalogue`);
    const normalized = entry.desc.replace('%$', '%\\$').replace('%$', '%\\$');
    const matches = [...descs].some((d) => d === normalized || d.startsWith(normalized) || d === `${entry.desc}.`);
    assert.ok(matches, `${key}: "${entry.desc}" is one of the reference's ${JSON.stringify([...descs])}`);
  }
  for (const e of RESULT_ENTRIES) {
    assert.ok([...found.keys()].some((k) => k.startsWith(`${e.code} `)), `${e.name} (${e.code}) comes from the reference`);
  }
});

test('named entries the brief and the other stages rely on', () => {
  const expect: Partial<Record<ResultName, [string, number]>> = {
    success: ['0', 200], invalidDigest: ['1010010', 401], flowControlPlatform: ['1010010', 403],
    invalidRequest: ['1010002', 403], parameterError: ['1020001', 500], invalidSessionId: ['1020152', 500],
    templateParasMismatch: ['1012005', 403], authBlocked: ['1020176', 403], timeOutLimit: ['1010013', 401],
    authFailed: ['1023006', 400], systemError: ['1010001', 500], portLimit: ['1020165', 403], invalidRestApi: ['1010006', 403],
  };
  for (const [name, [code, http]] of Object.entries(expect)) {
    const e = RESULT[name as ResultName];
    assert.deepEqual([e.code, e.http], [code, http], name);
  }
  assert.equal(RESULT.success.desc, 'Success');
  assert.match(RESULT.templateParasMismatch.desc, /%s/);
});

test('apiError carries status, code and description, with an optional detail', () => {
  const plain = apiError(RESULT.invalidSessionId);
  assert.ok(plain instanceof ApiError);
  assert.deepEqual([plain.httpStatus, plain.resultcode, plain.resultdesc], [500, '1020152', 'Invalid sessionid.']);
  assert.deepEqual(plain.toBody(), { resultcode: '1020152', resultdesc: 'Invalid sessionid.' });
  const detailed = apiError(RESULT.invalidRequest, 'Nonce must be letters or digits.');
  assert.equal(detailed.resultdesc, 'Invalid request. Nonce must be letters or digits.');
});

test('apiError fills placeholders and keeps resultdesc within 128 characters', () => {
  const e = apiError(RESULT.templateParasMismatch, undefined, 'playInfoList[0].templateParas[1]');
  assert.equal(e.resultdesc, 'playInfoList[0].templateParas[1] of templateParas does not meet template requirements.');
  assert.equal(withParams(RESULT.southNeError, '486', 'Busy').desc, 'south ne error with responseCode: 486 and responseMsg: Busy.');
  const long = apiError(RESULT.invalidRequest, 'x'.repeat(500));
  assert.equal(long.resultdesc.length, 128);
  assert.ok(long.resultdesc.endsWith('...'));
  // Cut by code points: an emoji (a surrogate pair) is never split in half.
  const cut = truncate('a' + '😀'.repeat(200), 128);
  assert.equal(Array.from(cut).length, 128);
  assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cut), 'no lone high surrogate');
});
