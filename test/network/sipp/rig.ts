// SIPp far ends for a network contract rig (test/network/contract.ts): one SIPp per behaviour,
// each number routed to its SIPp. The `answers` SIPp is the trunk (it takes the OPTIONS ping).
// Usage: const far = await startSippRig(); new SipNetwork({ trunk: far.trunk, route: far.route, ... }).

import type { LegFailure } from '../../../src/network/types.js';
import type { ContractKeys } from '../contract.js';
import { CONTRACT_KEYS } from '../contract.js';
import { answers, refuses, ringsUntilCancel } from './scenarios.js';
import { startSipp, type Sipp } from './sipp.js';

export interface SippRig {
  /** The trunk URI for the network (the `answers` SIPp). */
  trunk: string;
  numbers: {
    answers: string;
    hangsUp: string;
    failures: Record<LegFailure, string>;
    pressing: Record<ContractKeys, string>;
  };
  /** The SipNetwork `route` option: each number to its SIPp. */
  route(number: string): string;
  /** Every SIPp by number, for tests that check their exit. */
  sipps: Map<string, Sipp>;
  dispose(): Promise<void>;
}

/** How many calls each SIPp takes before it exits (it is killed at dispose anyway). */
const CALLS = 50;

export async function startSippRig(opts: { hangUpAfterMs?: number; pressAfterMs?: number } = {}): Promise<SippRig> {
  const plan: [number: string, name: string, xml: string, args: string[]][] = [
    ['+8613900000001', 'answers', answers({ hangup: 'near' }), ['-rtp_echo']],
    ['+8613900000002', 'hangsup', answers({ hangup: 'far', talkMs: opts.hangUpAfterMs ?? 2000 }), ['-rtp_echo']],
    ['+8613900000011', 'busy', refuses('486 Busy Here'), []],
    ['+8613900000012', 'noanswer', ringsUntilCancel(), []],
    ['+8613900000013', 'poweredoff', refuses('480 Temporarily Unavailable', { cause: 20 }), []],
    ['+8613900000014', 'vacant', refuses('404 Not Found'), []],
    ['+8613900000015', 'rejected', refuses('603 Decline', { ringMs: 200 }), []],
    ['+8613900000016', 'unreachable', refuses('503 Service Unavailable'), []],
  ];
  CONTRACT_KEYS.forEach((keys, i) => {
    plan.push([`+861390000002${i}`, `press-${i}`, answers({ hangup: 'near', keys, pressAfterMs: opts.pressAfterMs ?? 500 }), []]);
  });
  const sipps = new Map<string, Sipp>();
  try {
    for (const [number, name, xml, args] of plan) {
      sipps.set(number, await startSipp({ name, xml, args, calls: CALLS, pinged: name === 'answers' }));
    }
  } catch (err) {
    for (const s of sipps.values()) s.kill();
    throw err;
  }
  const uri = (n: string) => sipps.get(n)!.uri;
  const pressing = Object.fromEntries(CONTRACT_KEYS.map((k, i) => [k, `+861390000002${i}`])) as Record<ContractKeys, string>;
  return {
    trunk: uri('+8613900000001'),
    numbers: {
      answers: '+8613900000001',
      hangsUp: '+8613900000002',
      failures: {
        busy: '+8613900000011',
        no_answer: '+8613900000012',
        powered_off: '+8613900000013',
        vacant: '+8613900000014',
        rejected: '+8613900000015',
        unreachable: '+8613900000016',
      },
      pressing,
    },
    route: (n) => (sipps.has(n) ? uri(n) : uri('+8613900000001')),
    sipps,
    async dispose() {
      for (const s of sipps.values()) s.kill();
      await Promise.all([...sipps.values()].map((s) => s.exited));
    },
  };
}
