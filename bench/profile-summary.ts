// Summarises a .cpuprofile (bench/push.ts BENCH_PROFILE=...): self time by function and by
// category of the push path, as shares of the profile's total (idle included).
// Usage: tsx bench/profile-summary.ts file.cpuprofile [top]

import { readFile } from 'node:fs/promises';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[] }

const [file, topArg] = process.argv.slice(2);
const prof = JSON.parse(await readFile(file!, 'utf8')) as Profile;
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map<number, number>();
let total = 0;
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] ?? 0;
  self.set(id, (self.get(id) ?? 0) + dt);
  total += dt;
});

const short = (n: Node) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\/(node_modules|src|bench)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
const fns = new Map<string, number>();
// Native frames (a statement's run, all, get) are named with their JS caller.
const label = (id: number): string => {
  const n = byId.get(id)!;
  const p = parent.get(id);
  return n.callFrame.url === '' && p !== undefined && !n.callFrame.functionName.startsWith('(') ? `${short(n)} <- ${short(byId.get(p)!)}` : short(n);
};
for (const [id, t] of self) fns.set(label(id), (fns.get(label(id)) ?? 0) + t);

// Categories: the nearest frame on the stack (from the leaf up) whose location matches a rule.
const rules: Array<[string, (n: Node) => boolean]> = [
  ['idle/gc/program', (n) => ['(idle)', '(garbage collector)', '(program)'].includes(n.callFrame.functionName)],
  ['claim', (n) => /store\/sqlite\/claim\.ts/.test(n.callFrame.url)],
  ['complete', (n) => /store\/sqlite\/outbox\.ts/.test(n.callFrame.url) && /complete/i.test(n.callFrame.functionName)],
  ['group commit', (n) => /group-commit\.ts/.test(n.callFrame.url)],
  ['dialect body/sign', (n) => /push\/dialects|lib\/aksk/.test(n.callFrame.url)],
  ['send (undici)', (n) => /sender\.ts|undici/.test(n.callFrame.url)],
  ['dispatcher', (n) => /push\/delivery/.test(n.callFrame.url)],
];
const cats = new Map<string, number>();
for (const [id, t] of self) {
  let cat = 'other (node internals, net, timers)';
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur)!;
    const hit = rules.find(([, f]) => f(n));
    if (hit) {
      cat = hit[0];
      break;
    }
  }
  cats.set(cat, (cats.get(cat) ?? 0) + t);
}
const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)} %`;
console.log(`total ${(total / 1e6).toFixed(2)} s`);
for (const [k, t] of [...cats].sort((a, b) => b[1] - a[1])) console.log(`${pct(t)}  ${k}`);
console.log('--- self time by function');
for (const [k, t] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25))) console.log(`${pct(t)}  ${k}`);
