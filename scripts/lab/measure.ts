// The figures in docs/lab.md: `node --import tsx scripts/lab/measure.ts [rounds]`. Each round
// starts two phones, calls, sends three digits, hangs up and stops both, timing each step.

import { startPhone } from './baresip.js';
import { readWav } from './wav-file.js';

interface Round {
  start: number;
  setup: number;
  firstDigit: number;
  allDigits: number;
  hangup: number;
  heardTail: number;
  stop: number;
}

async function round(): Promise<Round> {
  const t0 = performance.now();
  const [a, b] = await Promise.all([startPhone({ name: 'a', tone: { frequencyHz: 440 } }), startPhone({ name: 'b', tone: { frequencyHz: 660 } })]);
  const t1 = performance.now();
  await a.dial(b.uri);
  await Promise.all([a.waitFor('CALL_ESTABLISHED'), b.waitFor('CALL_ESTABLISHED')]);
  const t2 = performance.now();
  const sent = Date.now();
  const sending = a.sendDigits('12#');
  const first = await b.waitFor('CALL_DTMF_START');
  const last = await b.waitFor('CALL_DTMF_END', (e) => b.events.filter((x) => x.type === 'CALL_DTMF_END').indexOf(e) === 2);
  await sending;
  const t3 = performance.now();
  const callMs = Date.now() - (a.events.find((e) => e.type === 'CALL_ESTABLISHED')?.at ?? 0);
  await a.hangup();
  await b.waitFor('CALL_CLOSED');
  const t4 = performance.now();
  const [file] = await b.heard();
  const heardS = file ? readWav(file).samples.length / 8000 : 0;
  const t5 = performance.now();
  await Promise.all([a.stop(), b.stop()]);
  const t6 = performance.now();
  return {
    start: t1 - t0,
    setup: t2 - t1,
    firstDigit: first.at - sent,
    allDigits: last.at - sent,
    hangup: t4 - t3,
    heardTail: callMs - heardS * 1000,
    stop: t6 - t5,
  };
}

const rounds = Number(process.argv[2] ?? 10);
const results: Round[] = [];
for (let i = 0; i < rounds; i++) results.push(await round());
const keys = Object.keys(results[0]!) as (keyof Round)[];
const pct = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
console.log(`| step (ms, ${rounds} rounds) | median | max |`);
console.log('| --- | --- | --- |');
for (const k of keys) {
  const xs = results.map((r) => r[k]);
  console.log(`| ${k} | ${pct(xs, 0.5).toFixed(0)} | ${Math.max(...xs).toFixed(0)} |`);
}
