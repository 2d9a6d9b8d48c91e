// The platform under benchmark, in its own process: a temp data dir, an app whose call-port quota
// never binds, and callees (+86137...) that are busy at once, so an accepted call costs the API
// path and its persistence rather than minutes of simulated talk.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { startPlatform } from '../src/platform/platform.js';

const dataDir = await mkdtemp(join(tmpdir(), 'voxcall-bench-'));
const config = loadConfig({ VOXCALL_DATA_DIR: dataDir, VOXCALL_PORT: '0', VOXCALL_LOG_LEVEL: 'error' });
const platform = await startPlatform({
  config,
  logger: pino({ level: 'error' }),
  rules: [{ prefix: '+86137', outcome: 'busy', failAfter: 0 }],
});
const app = await platform.store.apps.get(platform.demo.appKey);
await platform.store.apps.put({ ...app!, portQuota: 10_000_000 });
process.stdout.write(JSON.stringify({ url: platform.url, appKey: platform.demo.appKey, appSecret: platform.demo.appSecret, displayNbr: platform.demo.displayNumbers[0] }) + '\n');
process.on('SIGTERM', () => {
  platform.close().then(() => process.exit(0), () => process.exit(1));
});
