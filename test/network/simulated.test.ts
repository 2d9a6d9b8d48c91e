import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ManualClock } from '../../src/lib/clock.js';
import { failureCodes } from '../../src/network/outcomes.js';
import { DEFAULT_RULES, loadRules, parseRules, ruleFor, SimulatedNetwork, TEST_PREFIX } from '../../src/network/simulated/index.js';
import { NetworkError, type LegSignal } from '../../src/network/types.js';

function dial(to: string, opts: { rules?: Parameters<typeof parseRules>[0]; ringTimeoutMs?: number } = {}) {
  const clock = new ManualClock(0);
  const net = new SimulatedNetwork({ clock, trace: true, ...(opts.rules ? { rules: parseRules(opts.rules) } : {}) });
  void net.start();
  const signals: LegSignal[] = [];
  const leg = net.dial({ sessionId: 's', leg: 'A', from: '+86755', to, ringTimeoutMs: opts.ringTimeoutMs ?? 45_000 }, (s) => signals.push(s));
  const seen = () => signals.map((s) => [s.type, s.at, ...('failure' in s ? [s.failure, s.q850, s.sipStatus] : []), ...('digits' in s ? [s.digits] : [])]);
  return { clock, net, leg, signals, seen };
}

test('rules: exact number, then longest prefix, then the catch-all', () => {
  const rules = parseRules({ rules: [{ prefix: '+8613', outcome: 'busy' }, { prefix: '+861391', outcome: 'vacant' }, { number: '+8613911', outcome: 'rejects' }] });
  const all = [...rules, ...DEFAULT_RULES];
  assert.equal(ruleFor(all, '+8613911').outcome, 'rejects');
  assert.equal(ruleFor(all, '+86139112').outcome, 'vacant');
  assert.equal(ruleFor(all, '+8613800').outcome, 'busy');
  assert.equal(ruleFor(all, '+4420').outcome, 'answer');
  assert.equal(ruleFor(DEFAULT_RULES, `${TEST_PREFIX}02`).outcome, 'busy');
});

test('rules file: loaded and validated with the rule index in the message', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'voxcall-rules-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const good = join(dir, 'good.json');
  writeFileSync(good, JSON.stringify({ rules: [{ number: '+1', answerAfter: 1, talk: null, digits: ['12#'] }] }));
  assert.deepEqual(loadRules(good), [{ number: '+1', outcome: 'answer', answerAfter: 1, talk: null, digits: ['12#'] }]);
  assert.throws(() => parseRules({ rules: [{ number: '+1' }, { prefix: '+2', outcome: 'explodes' }] }), /rules\[1\]: outcome/);
  assert.throws(() => parseRules([{ number: '+1', prefix: '+1' }]), /exactly one of number, prefix/);
  assert.throws(() => parseRules([{ number: '+1', answerAfter: -1 }]), /answerAfter/);
  assert.throws(() => parseRules([{ number: '+1', digits: ['1a'] }]), /digits/);
  assert.throws(() => parseRules({}), /expected/);
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{');
  assert.throws(() => loadRules(broken), /cannot read rules file/);
});

test('answer: rings at 1 s, answers, hangs up after the talk time', async () => {
  const d = dial(`${TEST_PREFIX}01`);
  await d.clock.advance(100_000);
  assert.deepEqual(d.seen(), [['alerting', 1000], ['answer', 2000], ['hangup', 22000]]);
});

test('the built-in failures carry their codes and timings', async () => {
  const cases = [
    ['02', [['failed', 1000, 'busy', 17, 486]]],
    ['03', [['alerting', 1000], ['failed', 45000, 'no_answer', 19, 480]]],
    ['04', [['failed', 1000, 'powered_off', 20, 480]]],
    ['05', [['failed', 1000, 'vacant', 1, 404]]],
    ['06', [['alerting', 1000], ['failed', 5000, 'rejected', 21, 603]]],
    ['07', [['failed', 1000, 'unreachable', 41, 503]]],
  ] as const;
  for (const [suffix, expected] of cases) {
    const d = dial(`${TEST_PREFIX}${suffix}`);
    await d.clock.advance(100_000);
    assert.deepEqual(d.seen(), expected, suffix);
  }
});

test('an answer later than the ring timeout is a no answer', async () => {
  const d = dial('+1', { rules: [{ number: '+1', answerAfter: 50 }], ringTimeoutMs: 20_000 });
  await d.clock.advance(100_000);
  assert.deepEqual(d.seen(), [['alerting', 1000], ['failed', 20000, 'no_answer', 19, 480]]);
});

test('digits: one string per collection, cut to the maximum, then nothing until the timeout', async () => {
  const d = dial('+1', { rules: [{ number: '+1', answerAfter: 0, talk: null, digits: ['1234', '9'] }] });
  await d.clock.advance(0);
  await d.leg.collect({ maxDigits: 2, timeoutMs: 5000 });
  await d.clock.advance(5000);
  await d.leg.collect({ maxDigits: 2, timeoutMs: 5000 });
  await d.clock.advance(5000);
  await d.leg.collect({ maxDigits: 2, timeoutMs: 5000 });
  await d.clock.advance(10_000);
  const ends = d.signals.filter((s) => s.type === 'digits').map((s) => [s.at, s.digits, s.reason]);
  assert.deepEqual(ends, [[1000, '12', 'max'], [6000, '9', 'interdigit'], [15000, '', 'timeout']]);
  // One 'dtmf' per key pressed; the '3' and '4' past the maximum are never read.
  assert.deepEqual(d.signals.filter((s) => s.type === 'dtmf').map((s) => [s.at, s.digit]), [[1000, '1'], [1000, '2'], [6000, '9']]);
});

test('plays signal their end, loops do not, release silences the leg', async () => {
  const d = dial(`${TEST_PREFIX}09`);
  await d.clock.advance(2000);
  const { playId: loop } = await d.leg.play({ kind: 'file', name: 'wait.wav', durationMs: 1000 }, { loop: true });
  await d.leg.play({ kind: 'file', name: 'x.wav', durationMs: 1500 });
  await d.clock.advance(5000);
  d.leg.stopPlay(loop);
  d.leg.release();
  d.leg.release();
  await d.clock.advance(100_000);
  assert.deepEqual(d.seen(), [['alerting', 1000], ['answer', 2000], ['played', 3500]]);
  assert.deepEqual(d.net.trace.map((t) => t.action), ['dial', 'alerting', 'answer', 'play', 'play', 'played', 'stopPlay', 'release']);
  assert.equal(d.clock.pending, 0);
});

test('failureCodes: caller side uses 8106-8111 and generic hangup reasons', () => {
  assert.deepEqual(failureCodes('busy', 'caller'), { q850: 17, sipStatus: 486, stateCode: 8001, ulFailReason: 8108, partyType: 'caller' });
  assert.deepEqual(failureCodes('vacant', 'callee'), { q850: 1, sipStatus: 404, stateCode: 8100, ulFailReason: 8100, partyType: 'callee' });
  assert.equal(failureCodes('no_answer', 'callee').partyType, 'platform');
});

test('a recording that cannot be written rejects with NetworkError record', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'voxcall-rec-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const blocker = join(dir, 'a-file');
  writeFileSync(blocker, 'x');
  const a = dial(`${TEST_PREFIX}09`);
  await a.clock.advance(2000);
  const recorder = await a.net.record(a.leg, a.leg, { path: join(blocker, 'r.wav'), hintToneMs: 0 });
  await assert.rejects(recorder.stop(), (e) => e instanceof NetworkError && e.code === 'record' && e.message.includes('r.wav'));
});
