// VOXCALL_NETWORK=sip through the whole start path (config → network factory → SipNetwork with
// the RTP engine and the audio library): a trunk that does not answer OPTIONS is reported at
// start and on /health, and the platform still starts, serves and stops.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { createLogger } from '../../src/platform/logger.js';
import { freeUdpPort, freeUdpRange } from '../../scripts/lab/free-port.js';
import { LogCapture } from '../helpers/log-capture.js';
import { startTestPlatform } from '../helpers/platform.js';

test('a SIP trunk that does not answer: one warn line at start, /health degraded, the API serves', async (t) => {
  const [silentTrunk, listen, rtp] = [await freeUdpPort(), await freeUdpPort(), await freeUdpRange(8)];
  const log = new LogCapture();
  const p = await startTestPlatform({
    realTime: true,
    logger: createLogger({ level: 'info', destination: log }),
    env: {
      VOXCALL_NETWORK: 'sip',
      VOXCALL_SIP_TRUNK: `sip:127.0.0.1:${silentTrunk}`,
      VOXCALL_SIP_LISTEN: `127.0.0.1:${listen}`,
      VOXCALL_RTP_PORTS: `${rtp}-${rtp + 7}`,
    },
  });
  t.after(() => p.close());
  const warned = await log.waitFor('network.degraded', (l) => l.event === 'network.degraded');
  assert.match(warned.detail as string, new RegExp(`trunk sip:127\\.0\\.0\\.1:${silentTrunk} did not answer OPTIONS`));
  const res = await request(`${p.platform.url}/health`);
  assert.equal(res.statusCode, 200);
  const body = (await res.body.json()) as { status: string; network: Record<string, unknown> };
  assert.deepEqual([body.status, body.network.kind, body.network.state, body.network.openLegs], ['ok', 'sip', 'degraded', 0]);
  assert.match(body.network.detail as string, /did not answer OPTIONS/);
});
