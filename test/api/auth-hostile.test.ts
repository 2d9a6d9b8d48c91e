// Hostile Authorization and X-AKSK values: long runs of spaces, commas, quotes and `=`, huge
// values. Each is refused with the code of the header it breaks, and parsing stays linear: the
// parser reads 100,000-character lists (the headers themselves are capped at 1,024 characters),
// and its CPU time grows about 8-fold, not 64-fold, when the input grows 8-fold.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { MAX_AUTH_HEADER_CHARS } from '../../src/api/auth/headers.js';
import { AUTHORIZATION_VALUE, parseAttributes } from '../../src/lib/aksk.js';
import { usePlatform } from '../helpers/platform.js';
import { outcome, setup } from './auth-helpers.js';

const BIG = 100_000;
const sp = (n: number) => ' '.repeat(n);

/** CPU microseconds (user + system) that `reps` parses of `text` cost this process. */
function cpuMicros(text: string, reps: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < reps; i++) parseAttributes(text);
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

/**
 * How many times more CPU a parse of 8n characters costs than one of n: about 8 when the parse is
 * linear, 64 when quadratic. CPU time, not the wall clock, and the least of seven interleaved runs
 * each: a busy machine only adds time, so the least is the nearest to the parse's own cost. The
 * repetitions are doubled until the small input costs 4 ms, so that timer grain does not count.
 */
function growth(make: (n: number) => string, n = BIG / 8): number {
  const small = make(n);
  const large = make(8 * n);
  parseAttributes(small); // compiled before it is measured
  let reps = 1;
  while (cpuMicros(small, reps) < 4_000) reps *= 2;
  let a = Infinity;
  let b = Infinity;
  for (let run = 0; run < 7; run++) {
    a = Math.min(a, cpuMicros(small, reps));
    b = Math.min(b, cpuMicros(large, reps));
  }
  return b / a;
}

test('hostile Authorization values under the cap: 1023006, never a hang', async () => {
  const { authenticate, sign } = setup({ maxFailures: 1_000 });
  const room = MAX_AUTH_HEADER_CHARS - 20;
  for (const authorization of [
    `AKSK a${sp(room)}b`,
    `AKSK realm${sp(room)}x`,
    `AKSK realm=${sp(room)}x`,
    `AKSK ${','.repeat(room)}`,
    `AKSK ${'"'.repeat(room)}`,
    `AKSK ${'='.repeat(room)}`,
    `AKSK realm="${'x'.repeat(room)}`,
    `AKSK${sp(room)}`.replace('AKSK ', 'AKSK,'),
    `${sp(room)}AKSKx`,
  ]) {
    assert.ok(authorization.length <= MAX_AUTH_HEADER_CHARS);
    assert.equal(await outcome(authenticate({ ...sign(), authorization })), '1023006', JSON.stringify(authorization.slice(0, 40)));
  }
});

test('hostile X-AKSK values under the cap: 1023038, never a hang', async () => {
  const { authenticate, sign } = setup({ maxFailures: 1_000 });
  const room = MAX_AUTH_HEADER_CHARS - 30;
  for (const xAksk of [
    `UsernameToken a${sp(room)}b`,
    `UsernameToken Username${sp(room)}x`,
    `UsernameToken Username="k",${','.repeat(room)}`,
    `UsernameToken ${'"'.repeat(room)}`,
    `UsernameToken ${'='.repeat(room)}`,
    `UsernameToken ${'a="b",'.repeat(room / 6)}`,
    `UsernameToken Username="${'x'.repeat(room)}`,
  ]) {
    assert.equal(await outcome(authenticate({ ...sign(), xAksk })), '1023038', JSON.stringify(xAksk.slice(0, 40)));
  }
});

test('over the cap: refused before parsing, even when the attributes are right', async () => {
  const { authenticate, sign } = setup({ maxFailures: 1_000 });
  const good = sign();
  const pad = sp(MAX_AUTH_HEADER_CHARS);
  assert.equal(await outcome(authenticate({ ...good, authorization: `${AUTHORIZATION_VALUE}${pad}` })), '1023006');
  assert.equal(await outcome(authenticate({ ...sign(), xAksk: `${sign().xAksk!}${pad}` })), '1023038');
  assert.equal(await outcome(authenticate({ ...sign(), authorization: `AKSK realm="${'S'.repeat(BIG)}"` })), '1023006');
  assert.equal(await outcome(authenticate({ ...sign(), xAksk: `UsernameToken Username="${'k'.repeat(BIG)}"` })), '1023038');
  // Spacing that fits under the cap is still only spacing.
  const spaced = sign();
  const xAksk = spaced.xAksk!.replaceAll(',', `${sp(100)},${sp(100)}`);
  assert.ok(xAksk.length <= MAX_AUTH_HEADER_CHARS);
  assert.equal(await outcome(authenticate({ ...spaced, authorization: AUTHORIZATION_VALUE.replaceAll('=', `${sp(50)}=${sp(50)}`), xAksk })), 'ok');
});

test('parse cost grows linearly: 8 times the input, well under 20 times the CPU (64 if quadratic)', (t) => {
  // Inputs that are read to their end (a refusal at the first character would prove nothing);
  // the first two made the old backtracking regex quadratic.
  const inputs: Record<string, (n: number) => string> = {
    'a run of spaces inside a name': (n) => `a${sp(n)}b`,
    'a run of spaces before =': (n) => `Username${sp(n)}="x"x`,
    'a run of spaces after =': (n) => `a=${sp(n)}x`,
    'an unclosed value': (n) => `a="${'x'.repeat(n)}`,
    'a valid list of many attributes': (n) => Array.from({ length: n / 12 }, (_, i) => `n${i}="${i}"`).join(', '),
    'a valid list padded with spaces': (n) => `${sp(n / 2)}a${sp(n / 4)}="${'v'.repeat(n / 4)}"`,
  };
  for (const [what, make] of Object.entries(inputs)) {
    const ratio = growth(make);
    t.diagnostic(`${what}: ${ratio.toFixed(1)}x`);
    assert.ok(ratio < 20, `${what}: 8x the input cost ${ratio.toFixed(1)}x the CPU`);
  }
});

test('the parser itself reads 100,000-character lists, hostile or valid', () => {
  // The inputs that made the old backtracking regex quadratic: a run of spaces inside a name.
  assert.equal(parseAttributes(`a${sp(BIG)}b`), undefined);
  assert.equal(parseAttributes(`Username${sp(BIG)}="x"x`), undefined);
  assert.equal(parseAttributes(`a=${sp(BIG)}x`), undefined);
  assert.equal(parseAttributes(','.repeat(BIG)), undefined);
  assert.equal(parseAttributes('"'.repeat(BIG)), undefined);
  assert.equal(parseAttributes('='.repeat(BIG)), undefined);
  assert.equal(parseAttributes(`a="${'x'.repeat(BIG)}`), undefined, 'an unclosed value');
  assert.equal(parseAttributes('a="b",'.repeat(BIG / 6)), undefined, 'a repeated name');
  // Valid lists of that size are read whole.
  assert.deepEqual(parseAttributes(`${sp(BIG)}a${sp(BIG)}=${sp(BIG)}"${'v'.repeat(BIG)}"${sp(BIG)},${sp(BIG)}b="c"${sp(BIG)}`),
    new Map([['a', 'v'.repeat(BIG)], ['b', 'c']]));
  const many = Array.from({ length: 10_000 }, (_, i) => `n${i}="${i}"`).join(', ');
  assert.ok(many.length > BIG);
  const parsed = parseAttributes(many)!;
  assert.equal(parsed.size, 10_000);
  assert.equal(parsed.get('n9999'), '9999');
});

const ctx = usePlatform();

test('over HTTP: a 15,500-space header is refused in the Huawei shape and /health still answers', async () => {
  const { platform } = ctx.t;
  const url = `${platform.url}/rest/httpsessions/callnotify/v2.0`;
  const post = async (headers: Record<string, string>) => {
    const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/json;charset=UTF-8', ...headers }, body: '{}' });
    return { status: res.statusCode, body: (await res.body.json()) as { resultcode: string } };
  };
  const a = await post({ authorization: `UsernameToken a${sp(15_500)}b`, 'x-aksk': 'UsernameToken Username="k"' });
  assert.deepEqual([a.status, a.body.resultcode], [400, '1023006']);
  const x = await post({ authorization: AUTHORIZATION_VALUE, 'x-aksk': `UsernameToken a${sp(15_500)}b` });
  assert.deepEqual([x.status, x.body.resultcode], [400, '1023038']);
  const health = await request(`${platform.url}/health`);
  assert.equal(health.statusCode, 200);
  await health.body.dump();
});
