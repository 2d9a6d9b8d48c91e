// A whole platform on the SIP network for an end-to-end test: real time (the system clock: SIP
// timers and RTP pacing cannot run on a manual one), a SIP listener and an RTP range found free on
// 127.0.0.1, its own SQLite file, and the project's client. The network is the one
// VOXCALL_NETWORK=sip builds, or, when a test routes numbers to different far ends, the same
// network made by sipNetwork() with the internal `route` option (and small SIP timers).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/lib/clock.js';
import { VoxcallClient } from '../../src/client/index.js';
import { sipNetwork, type SipOverrides } from '../../src/platform/network-factory.js';
import { startPlatform, type Platform } from '../../src/platform/platform.js';
import type { SipNetwork } from '../../src/network/sip/index.js';
import { freeRange } from '../network/media-far-end.js';
import { freeUdpPort } from '../network/sipp/sipp.js';

export interface SipTestPlatform {
  platform: Platform;
  client: VoxcallClient;
  /** The platform's SIP network (its stats, its listen port). */
  network: SipNetwork;
  sipPort: number;
  rtpPorts: { min: number; max: number };
  dataDir: string;
  /** GET /health: status code and body. */
  health(): Promise<{ status: number; body: { status: string; network?: { kind: string; state: string } } }>;
  close(): Promise<void>;
}

export interface SipTestPlatformOptions {
  /** VOXCALL_SIP_TRUNK. */
  trunk: string;
  /** More config (VOXCALL_SIP_USERNAME/PASSWORD...). */
  env?: Record<string, string>;
  /** Route numbers to far ends, SIP timers: the network is then built here and injected. */
  overrides?: SipOverrides;
  /** RTP port pairs (default 32). */
  rtpPairs?: number;
  logger?: Logger;
}

export async function startSipPlatform(opts: SipTestPlatformOptions): Promise<SipTestPlatform> {
  // A port found free can be taken before the platform binds it (other tests run alongside):
  // then start again on new ports, in a new data directory.
  for (let attempt = 1; ; attempt++) {
    const dataDir = await mkdtemp(join(tmpdir(), 'voxcall-sip-e2e-'));
    const sipPort = await freeUdpPort();
    const rtpPorts = await freeRange(opts.rtpPairs ?? 32);
    const config = loadConfig({
      VOXCALL_DATA_DIR: dataDir, VOXCALL_PORT: '0', VOXCALL_HOST: '127.0.0.1', VOXCALL_HOST_NAME: 'voxcall.test',
      VOXCALL_NETWORK: 'sip', VOXCALL_SIP_TRUNK: opts.trunk, VOXCALL_SIP_LISTEN: `127.0.0.1:${sipPort}`,
      VOXCALL_RTP_PORTS: `${rtpPorts.min}-${rtpPorts.max}`, ...opts.env,
    });
    if (config.network.kind !== 'sip') throw new Error('the config did not select the SIP network');
    const logger = opts.logger ?? pino({ level: 'silent' });
    const injected = opts.overrides ? sipNetwork(config.network.sip, logger, opts.overrides) : undefined;
    let platform: Platform;
    try {
      platform = await startPlatform({ config, clock: systemClock, logger, ...(injected ? { network: injected } : {}) });
    } catch (err) {
      await injected?.close();
      await rm(dataDir, { recursive: true, force: true });
      if (attempt < 3 && /EADDRINUSE/.test(String((err as Error).message))) continue;
      throw err;
    }
    const client = new VoxcallClient({ baseUrl: platform.url, appKey: platform.demo.appKey, appSecret: platform.demo.appSecret });
    return {
      platform,
      client,
      network: platform.network as SipNetwork,
      sipPort,
      rtpPorts,
      dataDir,
      async health() {
        const res = await fetch(`${platform.url}/health`);
        return { status: res.status, body: (await res.json()) as never };
      },
      async close() {
        await platform.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
}
