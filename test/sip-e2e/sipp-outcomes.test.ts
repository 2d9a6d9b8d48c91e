// Every outcome of issue 9 through the whole platform on the SIP network: a voice notification
// placed with the project's client, SIPp (or a silent socket) as the far end of each number, the
// pushes received over real HTTP. Each call's pushes are compared with the simulated network's for
// a far end that behaves the same (a rule per number), so SIP and simulated calls read alike.
// The calls run at once: the ring timeout (45 s, not configurable) bounds the file's time.

import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { after, before, describe, test } from 'node:test';
import { encodeUrlParam } from '../../src/client/index.js';
import { failureCodes } from '../../src/network/outcomes.js';
import type { Rule } from '../../src/network/simulated/index.js';
import type { LegFailure } from '../../src/network/types.js';
import { DEMO_NUMBERS } from '../../src/platform/seed.js';
import { assertSigned, assertStatusShape } from '../helpers/expect.js';
import { startTestPlatform } from '../helpers/platform.js';
import { Receiver } from '../helpers/receiver.js';
import { startSipPlatform, type SipTestPlatform } from '../helpers/sip-platform.js';
import { answers, challenges, earlyMediaThen480, refuses, ringsUntilCancel } from '../network/sipp/scenarios.js';
import { requireSipp, startSipp, type Sipp } from '../network/sipp/sipp.js';
import { ended, outcomeOf, type Outcome } from './outcome-pushes.js';

const CREDS = { username: 'voxcall', password: 'secret-42' };
const T1 = 100; // timer B = 64*T1 = 6.4 s
const RING_TIMEOUT_MS = 45_000; // src/calls/options.ts DEFAULT_TIMINGS

interface Case {
  label: string;
  number: string;
  /** The SIPp scenario, or null for a far end that never answers. */
  xml: string | null;
  /** The simulated far end that behaves the same. */
  rule: Omit<Rule, 'number'>;
  /** The failure of src/network/outcomes.ts the pushes must carry the codes of (none: answered). */
  failure?: LegFailure;
  budgetMs: number;
}

const CASES: Case[] = [
  { label: 'answer, then BYE from the far end', number: '+8613900000001', xml: answers({ hangup: 'far', talkMs: 1000 }), rule: { outcome: 'answer', alertAfter: 0.1, answerAfter: 0.2, talk: 1 }, budgetMs: 15_000 },
  { label: '486 busy', number: '+8613900000002', xml: refuses('486 Busy Here'), rule: { outcome: 'busy', alertAfter: 2, failAfter: 1 }, failure: 'busy', budgetMs: 15_000 },
  { label: '180 and no answer: CANCEL at the ring timeout', number: '+8613900000003', xml: ringsUntilCancel(), rule: { outcome: 'no_answer', alertAfter: 0.1 }, failure: 'no_answer', budgetMs: RING_TIMEOUT_MS + 15_000 },
  { label: '183 early media, then 480', number: '+8613900000013', xml: earlyMediaThen480(), rule: { outcome: 'no_answer', alertAfter: 0.1 }, failure: 'no_answer', budgetMs: 15_000 },
  { label: '404 vacant', number: '+8613900000005', xml: refuses('404 Not Found'), rule: { outcome: 'vacant', alertAfter: 2, failAfter: 1 }, failure: 'vacant', budgetMs: 15_000 },
  { label: '603 decline after ringing', number: '+8613900000006', xml: refuses('603 Decline', { ringMs: 200 }), rule: { outcome: 'rejects', alertAfter: 0.1, rejectAfter: 0.3 }, failure: 'rejected', budgetMs: 15_000 },
  { label: '503 service unavailable', number: '+8613900000007', xml: refuses('503 Service Unavailable'), rule: { outcome: 'unreachable', alertAfter: 2, failAfter: 1 }, failure: 'unreachable', budgetMs: 15_000 },
  { label: 'no response at all: unreachable at timer B', number: '+8613900000017', xml: null, rule: { outcome: 'unreachable', alertAfter: 10, failAfter: 6.4 }, failure: 'unreachable', budgetMs: 64 * T1 + 15_000 },
  { label: '401 challenge, then answer', number: '+8613900000021', xml: challenges(401, CREDS), rule: { outcome: 'answer', alertAfter: 0.1, answerAfter: 0.2, talk: null }, budgetMs: 20_000 },
  { label: '407 challenge, then answer', number: '+8613900000022', xml: challenges(407, CREDS), rule: { outcome: 'answer', alertAfter: 0.1, answerAfter: 0.2, talk: null }, budgetMs: 20_000 },
];

const notification = (rx: Receiver, calleeNbr: string) => ({
  displayNbr: DEMO_NUMBERS[0]!,
  calleeNbr,
  playInfoList: [{ notifyVoice: 'welcome.wav' }],
  statusUrl: encodeUrlParam(`${rx.url}/status`),
  feeUrl: encodeUrlParam(`${rx.url}/fee`),
  userData: 'e2e',
});

/** The simulated network's pushes for every case, one call after another on its manual clock. */
async function simulatedOutcomes(): Promise<Map<string, Outcome>> {
  const sim = await startTestPlatform({ rules: [...CASES.map((c) => ({ number: c.number, ...c.rule }) as Rule)] });
  const rx = await new Receiver().start();
  try {
    const out = new Map<string, Outcome>();
    for (const c of CASES) {
      const res = await sim.client.callNotify(notification(rx, c.number) as never);
      assert.equal(res.body.resultcode, '0', JSON.stringify(res.body));
      const sid = res.body.sessionId as string;
      await sim.run(240_000);
      await ended(rx, sid, 10_000);
      out.set(c.number, outcomeOf(rx, sid));
    }
    return out;
  } finally {
    await sim.close();
    await rx.close();
  }
}

const sipps = new Map<string, Sipp>();
let silent: Socket;
let invites = 0;
let p: SipTestPlatform;
let rx: Receiver;
let reference: Map<string, Outcome>;

before(async () => {
  requireSipp();
  silent = createSocket('udp4');
  await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
  silent.on('message', (b) => (invites += b.toString().startsWith('INVITE') ? 1 : 0));
  for (const [i, c] of CASES.entries()) {
    // The first is the trunk: it also answers the OPTIONS ping of the network's start.
    if (c.xml !== null) sipps.set(c.number, await startSipp({ name: `e2e-${c.number.slice(-2)}`, xml: c.xml, pinged: i === 0 }));
  }
  const trunk = sipps.get(CASES[0]!.number)!.uri;
  p = await startSipPlatform({
    trunk,
    env: { VOXCALL_SIP_USERNAME: CREDS.username, VOXCALL_SIP_PASSWORD: CREDS.password },
    overrides: {
      route: (n) => sipps.get(n)?.uri ?? (n === '+8613900000017' ? `sip:127.0.0.1:${silent.address().port};transport=udp` : trunk),
      timers: { t1: T1, t2: 4 * T1, t4: 5 * T1 },
    },
  });
  rx = await new Receiver().start();
  reference = await simulatedOutcomes();
});

after(async () => {
  await p?.close();
  await rx?.close();
  for (const s of sipps.values()) s.kill();
  silent?.close();
});

describe('outcomes through the platform on SIP', { concurrency: true }, () => {
  for (const c of CASES) {
    test(c.label, async () => {
      const t0 = Date.now();
      const res = await p.client.callNotify(notification(rx, c.number) as never);
      assert.equal(res.body.resultcode, '0', JSON.stringify(res.body));
      const sid = res.body.sessionId as string;
      await ended(rx, sid, c.budgetMs);
      const elapsed = Date.now() - t0;
      const got = outcomeOf(rx, sid);
      assert.deepEqual(got, reference.get(c.number), `${c.label}: SIP pushes against the simulated network's`);
      // And the codes are the tables' (reference 7.1-7.3), not merely the same on both networks.
      const codes = c.failure ? failureCodes(c.failure, 'callee') : { stateCode: 0, ulFailReason: 0, q850: 0, sipStatus: 0 };
      const end = got.status.at(-1)!;
      assert.deepEqual([end.eventType, end.stateCode], ['disconnect', codes.stateCode]);
      assert.deepEqual([got.fee.ulFailReason, got.fee.callOutUnaswRsn, got.fee.sipStatusCode], [codes.ulFailReason, codes.q850, codes.sipStatus]);
      for (const push of rx.on('/status').filter((x) => x.body.statusInfo.sessionId === sid)) assertStatusShape(push, ['userData']);
      if (c.number === '+8613900000003') assert.ok(elapsed >= RING_TIMEOUT_MS - 100, `ring timeout after ${elapsed} ms`);
      if (c.xml === null) {
        assert.ok(elapsed >= 64 * T1 - 100, `timer B after ${elapsed} ms`);
        assert.equal(invites, 7, 'the INVITE and its 6 retransmissions (timer A) within timer B');
      } else {
        const r = await sipps.get(c.number)!.result(15_000);
        assert.equal(r.code, 0, `sipp (${c.label}) failed: ${r.errors}`);
      }
    });
  }
});

test('every push was signed', () => {
  assertSigned(rx, p.platform.demo.appKey, p.platform.demo.appSecret);
});
