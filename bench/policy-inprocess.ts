// The policy's cost without HTTP and without the load generator: two platforms in this process
// (none / every policy, as platform-child.ts configures them), callnotify through fastify inject,
// CPU time per call in alternating blocks (ROUNDS, default 12). On a machine shared with other work
// this varies far less than bench/api-policy.ts's calls per second. ONLY=a,b configures only those.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { signedHeaders } from '../src/client/index.js';
import { loadConfig } from '../src/config.js';
import { startPlatform } from '../src/platform/platform.js';

async function start(policies: boolean) {
  const dataDir = await mkdtemp(join(tmpdir(), 'voxcall-inj-'));
  const config = loadConfig({ VOXCALL_DATA_DIR: dataDir, VOXCALL_PORT: '0', VOXCALL_LOG_LEVEL: 'error' });
  const platform = await startPlatform({ config, logger: pino({ level: 'error' }), rules: [{ prefix: '+86137', outcome: 'busy', failAfter: 0 }] });
  const app = await platform.store.apps.get(platform.demo.appKey);
  await platform.store.apps.put({ ...app!, portQuota: 10_000_000, allowedClientIps: ['127.0.0.1', '::1'] });
  if (policies) {
    const now = Date.now();
    const hour = (new Date(now + 8 * 3600_000).getUTCHours() + 12) % 24;
    const hh = String(hour).padStart(2, '0');
    const high = { max: 1_000_000_000, windowS: 86_400 };
    const only = (process.env.ONLY ?? '').split(',').filter(Boolean);
    const all: Record<string, unknown> = {
      spCalls: high, appCalls: high, displayNumberCalls: high,
      callerFrequency: { max: 1_000_000_000, windowS: 60 }, calleeFrequency: { max: 1_000_000_000, windowS: 60 }, serviceNumberFrequency: { max: 1_000_000_000, windowS: 60 },
      quietHours: { start: `${hh}:00`, end: `${hh}:30` }, internationalCallin: false, internationalCallout: false, apiRate: { max: 1_000_000_000, windowS: 1 },
    };
    const settings = only.length ? Object.fromEntries(Object.entries(all).filter(([k]) => only.includes(k))) : all;
    await platform.store.policy.putSettings(platform.demo.appKey, settings, now);
    if (!only.length || only.includes('platformApiRate')) await platform.store.policy.putSettings('', { apiRate: { max: 1_000_000_000, windowS: 1 } }, now);
    if (!only.length || only.includes('lists')) for (let i = 0; i < 1000; i++) for (const list of ['callerBlacklist', 'calleeBlacklist'] as const)
      await platform.store.policy.addListEntry({ scope: i % 2 ? '' : platform.demo.appKey, list, number: `+86136${String(i).padStart(8, '0')}`, createdAt: now });
    await platform.policy.reload();
  }
  return platform;
}
const plain = await start(false), guarded = await start(true);
let n = 0;
const codes: Record<string, number> = {};
async function block(p: typeof plain, count: number) {
  const d = p.demo;
  const one = async () => {
    const r = await p.server.inject({ method: 'POST', url: '/rest/httpsessions/callnotify/v2.0', remoteAddress: '127.0.0.1',
      headers: { ...signedHeaders(d.appKey, d.appSecret, Date.now(), 'beijing'), 'content-type': 'application/json;charset=UTF-8' },
      payload: JSON.stringify({ displayNbr: d.displayNumbers[0], calleeNbr: `+86137${String(n++ % 1e8).padStart(8, '0')}`, playInfoList: [{ notifyVoice: 'welcome.wav' }] }) });
    const c = (JSON.parse(r.body) as { resultcode: string }).resultcode; codes[c] = (codes[c] ?? 0) + 1;
  };
  const t0 = process.cpuUsage();
  for (let i = 0; i < count; i += 32) await Promise.all(Array.from({ length: 32 }, one));
  await new Promise((r) => setTimeout(r, 20));
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / count;
}
await block(plain, 320); await block(guarded, 320);
const a: number[] = [], b: number[] = [];
for (let r = 0; r < Number(process.env.ROUNDS ?? 12); r++) { a.push(await block(plain, 1600)); b.push(await block(guarded, 1600)); }
const med = (x: number[]) => [...x].sort((p, q) => p - q)[x.length >> 1]!;
console.log(`CPU us/call plain ${med(a).toFixed(0)}, guarded ${med(b).toFixed(0)}, overhead ${(med(b) - med(a)).toFixed(0)} us, ratio ${(med(a) / med(b)).toFixed(3)}`, JSON.stringify(codes));
await plain.close(); await guarded.close();
