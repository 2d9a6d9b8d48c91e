// The network contract (contract.ts) on the simulated network, on a manual clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/lib/clock.js';
import { SimulatedNetwork, type Rule } from '../../src/network/simulated/index.js';
import { CONTRACT_KEYS, networkContract, type ContractKeys } from './contract.js';

const number = (n: number) => `+8613700000${String(n).padStart(3, '0')}`;
const pressing = Object.fromEntries(CONTRACT_KEYS.map((k, i) => [k, number(100 + i)])) as Record<ContractKeys, string>;
const failures = { busy: number(2), no_answer: number(3), powered_off: number(4), vacant: number(5), rejected: number(6), unreachable: number(7) };

const rules: Rule[] = [
  { number: number(0), outcome: 'answer', answerAfter: 2, talk: null },
  { number: number(1), outcome: 'answer', answerAfter: 2, talk: 5 },
  { number: failures.busy, outcome: 'busy' },
  { number: failures.no_answer, outcome: 'no_answer' },
  { number: failures.powered_off, outcome: 'powered_off' },
  { number: failures.vacant, outcome: 'vacant' },
  { number: failures.rejected, outcome: 'rejects', rejectAfter: 2 },
  { number: failures.unreachable, outcome: 'unreachable' },
  ...CONTRACT_KEYS.map((k): Rule => ({ number: pressing[k], outcome: 'answer', answerAfter: 2, talk: null, digits: [k] })),
];

networkContract('simulated', () => {
  const clock = new ManualClock();
  const dir = mkdtempSync(join(tmpdir(), 'voxcall-contract-'));
  return Promise.resolve({
    network: new SimulatedNetwork({ clock, rules }),
    numbers: { answers: number(0), hangsUp: number(1), failures, pressing },
    // Time moves in 100 ms steps, so a case stops soon after what it waits for, as a real one would.
    async until(cond, budgetMs) {
      for (let spent = 0; spent < budgetMs && !cond(); spent += 100) await clock.advance(100);
    },
    toleranceMs: 0,
    dir,
    dispose: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  });
});
