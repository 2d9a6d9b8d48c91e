// The platform under benchmark, in its own process: a temp data dir, an app whose call-port quota
// never binds, and callees (+86137...) that are busy at once, so an accepted call costs the API
// path and its persistence rather than minutes of simulated talk.
// BENCH_DATA_DIR: start on that data dir (one the parent prefilled) instead of a fresh one.
// VOXCALL_* variables of this process's environment reach the config (the parent sets, e.g., the
// per-endpoint in-flight limit). Over IPC it answers 'memory' (peak RSS) and 'breakers'.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { startPlatform } from '../src/platform/platform.js';

const ownDir = process.env.BENCH_DATA_DIR === undefined;
const dataDir = process.env.BENCH_DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'voxcall-bench-')));
const voxcallEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('VOXCALL_')));
const config = loadConfig({ ...voxcallEnv, VOXCALL_DATA_DIR: dataDir, VOXCALL_PORT: '0', VOXCALL_LOG_LEVEL: 'error' });
const platform = await startPlatform({
  config,
  logger: pino({ level: 'error' }),
  rules: [{ prefix: '+86137', outcome: 'busy', failAfter: 0 }],
});
const app = await platform.store.apps.get(platform.demo.appKey);
await platform.store.apps.put({ ...app!, portQuota: 10_000_000, allowedClientIps: ['127.0.0.1', '::1'] });
if (process.env.BENCH_POLICIES === '1') await configureEveryPolicy();

/**
 * Every policy configured, none refusing: limits and frequencies far above the load, quiet hours
 * twelve hours away, international calls refused (the benchmark's numbers are domestic), lists of
 * a thousand numbers each, API rate limits per app and platform. Issue 4: the API throughput
 * must not fall by more than 10 % with all of it on.
 */
async function configureEveryPolicy(): Promise<void> {
  const now = Date.now();
  const hour = (new Date(now + 8 * 3600_000).getUTCHours() + 12) % 24;
  const hh = String(hour).padStart(2, '0');
  const high = { max: 1_000_000_000, windowS: 86_400 };
  const settings = {
    spCalls: high, appCalls: high, displayNumberCalls: high,
    callerFrequency: { max: 1_000_000_000, windowS: 60 }, calleeFrequency: { max: 1_000_000_000, windowS: 60 }, serviceNumberFrequency: { max: 1_000_000_000, windowS: 60 },
    quietHours: { start: `${hh}:00`, end: `${hh}:30` },
    internationalCallin: false, internationalCallout: false,
    apiRate: { max: 1_000_000_000, windowS: 1 },
  };
  await platform.store.policy.putSettings(platform.demo.appKey, settings, now);
  await platform.store.policy.putSettings('', { apiRate: { max: 1_000_000_000, windowS: 1 } }, now);
  for (let i = 0; i < 1000; i++) {
    for (const list of ['callerBlacklist', 'calleeBlacklist'] as const) {
      await platform.store.policy.addListEntry({ scope: i % 2 ? '' : platform.demo.appKey, list, number: `+86136${String(i).padStart(8, '0')}`, createdAt: now });
    }
  }
  await platform.policy.reload();
}
process.stdout.write(JSON.stringify({ url: platform.url, appKey: platform.demo.appKey, appSecret: platform.demo.appSecret, displayNbr: platform.demo.displayNumbers[0] }) + '\n');
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'memory') {
    // maxRSS: the peak resident set of this process's whole life, in KiB.
    process.send?.({ type: 'memory', maxRssBytes: process.resourceUsage().maxRSS * 1024, rssBytes: process.memoryUsage().rss });
  } else if (msg.type === 'breakers') {
    process.send?.({ type: 'breakers', breakers: platform.dispatcher.breakers() });
  }
});
process.on('SIGTERM', () => {
  platform.close()
    .then(() => (ownDir ? rm(dataDir, { recursive: true, force: true }) : undefined))
    .then(() => process.exit(0), () => process.exit(1));
});
