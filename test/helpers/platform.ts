// A whole platform for a test: its own SQLite file in a temp dir, a real HTTP listener on
// 127.0.0.1, the simulated network on a manual clock, and the project's own client. With
// VOXCALL_TEST_STORE=postgres (and VOXCALL_TEST_DATABASE_URL) the store is a PostgreSQL schema of
// its own instead, dropped at close: CI runs the platform-level suites that way too.

import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { after, before } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import { ManualClock, systemClock, type Clock } from '../../src/lib/clock.js';
import { VoxcallClient } from '../../src/client/index.js';
import { startPlatform, type Platform } from '../../src/platform/platform.js';
import { createPool } from '../../src/store/postgres/pool.js';
import type { Rule } from '../../src/network/simulated/index.js';
import type { Network } from '../../src/network/types.js';
import { Receiver } from './receiver.js';

export interface TestPlatform {
  platform: Platform;
  clock: ManualClock;
  /** The platform's wall clock (the system clock unless a test passed its own). */
  wall: Clock;
  client: VoxcallClient;
  dataDir: string;
  /**
   * Runs the simulated world forward by ms. After every timer it waits until the calls it moved
   * are stored and the pushes that fell due are delivered (or their attempt recorded), so when it
   * resolves everything due by then has been answered by its receiver.
   */
  run(ms: number): Promise<void>;
  /** Waits, without moving the clock, until calls are settled and every due push is delivered. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface TestPlatformOptions {
  rules?: Rule[];
  env?: Record<string, string>;
  dataDir?: string;
  /** The wall clock (auth, lockouts, grace periods): a ManualClock started at Date.now() lets a test move it. */
  wallClock?: Clock;
  /** Where the platform logs (default: silent). */
  logger?: Logger;
  /** Real time (a SIP network's calls run on the system clock): clock and run() are then not the platform's. */
  realTime?: boolean;
  /** The network, made on the test's clock (default: the simulated network of the config). */
  network?: (clock: ManualClock) => Network;
  /** The dialogue flows tasks see (default: none). */
  flows?: import('../../src/tasks/flow-catalog.js').FlowCatalog;
}

/**
 * VOXCALL_DATABASE_URL/_SCHEMA for a platform on PostgreSQL (VOXCALL_TEST_STORE=postgres), and how
 * to drop its schema. The schema is named after the data directory: a test that restarts a
 * platform on its data directory finds its database again, as on SQLite.
 */
function testDatabase(dataDir: string): { env: Record<string, string>; drop(): Promise<void> } | undefined {
  if (process.env.VOXCALL_TEST_STORE !== 'postgres') return undefined;
  const url = process.env.VOXCALL_TEST_DATABASE_URL;
  if (!url) throw new Error('VOXCALL_TEST_STORE=postgres needs VOXCALL_TEST_DATABASE_URL (scripts/pg/with-postgres.sh starts a throwaway server)');
  const schema = `p_${createHash('sha256').update(dataDir).digest('hex').slice(0, 24)}`;
  return {
    env: { VOXCALL_DATABASE_URL: url, VOXCALL_DATABASE_SCHEMA: schema },
    async drop() {
      const pool = createPool(url, { max: 1 });
      try {
        await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await pool.end();
      }
    },
  };
}

export async function startTestPlatform(opts: TestPlatformOptions = {}): Promise<TestPlatform> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'voxcall-test-')));
  const database = opts.env?.VOXCALL_DATABASE_URL ? undefined : testDatabase(dataDir);
  // The production profile needs a public URL to start (recording links); tests of other things get one.
  const publicUrl = opts.env?.VOXCALL_PROFILE === 'production' ? { VOXCALL_PUBLIC_URL: 'https://voxcall.test' } : {};
  const config: Config = loadConfig({ VOXCALL_DATA_DIR: dataDir, VOXCALL_PORT: '0', VOXCALL_HOST: '127.0.0.1', VOXCALL_HOST_NAME: 'voxcall.test', ...publicUrl, ...database?.env, ...opts.env });
  const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0, 0));
  const wall = opts.wallClock;
  const platform = await startPlatform({
    config, ...(opts.realTime ? {} : { clock }), ...(wall ? { wallClock: wall } : {}), rules: opts.rules, logger: opts.logger ?? pino({ level: 'silent' }),
    ...(opts.network ? { network: opts.network(clock) } : {}), ...(opts.flows ? { flows: opts.flows } : {}),
  });
  const client = new VoxcallClient({ baseUrl: platform.url, appKey: platform.demo.appKey, appSecret: platform.demo.appSecret, ...(wall ? { clock: wall } : {}) });
  // In pipeline order: a timer's signal is handled and stored (engine, outbox), then the pushes
  // it made due go out over real HTTP before the next timer fires. After each timer the
  // dispatcher only finishes what it was woken for (no store read: hours of idle-cap timers stay
  // cheap); run() and idle() end with a full drain, for pushes a test wrote without a wake.
  clock.whenIdle(async () => {
    await platform.settled();
    await platform.dispatcher.idle();
  });
  const idle = async () => {
    await platform.settled();
    await platform.dispatcher.drain();
  };
  return {
    platform,
    clock,
    wall: wall ?? systemClock,
    client,
    dataDir,
    async run(ms: number) {
      if (opts.realTime) throw new Error('run() moves the manual clock; a real-time platform waits for what it asserts');
      await clock.advance(ms);
      await idle();
    },
    idle,
    async close() {
      await platform.close();
      // A data directory the test owns may be started again: its schema goes with it.
      if (!opts.dataDir) await database?.drop();
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One platform and one receiver for a whole test file, started before its tests and closed after.
 * The returned object's fields are set once `before` has run.
 */
export function usePlatform(opts: TestPlatformOptions = {}): { t: TestPlatform; rx: Receiver } {
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
