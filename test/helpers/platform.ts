// A whole platform for a test: its own SQLite file in a temp dir, a real HTTP listener on
// 127.0.0.1, the simulated network on a manual clock, and the project's own client.

import { mkdtemp, rm } from 'node:fs/promises';
import { after, before } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import { ManualClock } from '../../src/lib/clock.js';
import { VoxcallClient } from '../../src/client/index.js';
import { startPlatform, type Platform } from '../../src/platform/platform.js';
import type { Rule } from '../../src/network/simulated/index.js';
import { Receiver } from './receiver.js';

export interface TestPlatform {
  platform: Platform;
  clock: ManualClock;
  client: VoxcallClient;
  dataDir: string;
  /** Runs the simulated world forward, then lets the dispatcher deliver what fell due. */
  run(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTestPlatform(opts: { rules?: Rule[]; env?: Record<string, string>; dataDir?: string; logger?: Logger } = {}): Promise<TestPlatform> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'voxcall-test-')));
  // The production profile needs a public URL to start (recording links); tests of other things get one.
  const publicUrl = opts.env?.VOXCALL_PROFILE === 'production' ? { VOXCALL_PUBLIC_URL: 'https://voxcall.test' } : {};
  const config: Config = loadConfig({ VOXCALL_DATA_DIR: dataDir, VOXCALL_PORT: '0', VOXCALL_HOST: '127.0.0.1', VOXCALL_HOST_NAME: 'voxcall.test', ...publicUrl, ...opts.env });
  const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0, 0));
  const platform = await startPlatform({ config, clock, rules: opts.rules, logger: opts.logger ?? pino({ level: 'silent' }) });
  const client = new VoxcallClient({ baseUrl: platform.url, appKey: platform.demo.appKey, appSecret: platform.demo.appSecret });
  return {
    platform,
    clock,
    client,
    dataDir,
    async run(ms: number) {
      // In steps, so that each step's pushes go out (real HTTP) before the next events.
      const step = 500;
      for (let done = 0; done < ms; done += step) {
        await clock.advance(Math.min(step, ms - done));
        await platform.dispatcher.drain();
      }
    },
    async close() {
      await platform.close();
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One platform and one receiver for a whole test file, started before its tests and closed after.
 * The returned object's fields are set once `before` has run.
 */
export function usePlatform(opts: Parameters<typeof startTestPlatform>[0] = {}): { t: TestPlatform; rx: Receiver } {
  const ctx = {} as { t: TestPlatform; rx: Receiver };
  before(async () => {
    ctx.t = await startTestPlatform(opts);
    ctx.rx = await new Receiver().start();
  });
  after(async () => {
    await ctx.t.close();
    await ctx.rx.close();
  });
  return ctx;
}
