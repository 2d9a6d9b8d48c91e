// The network contract (contract.ts) on the SIP network: SIPp processes as the far ends (one per
// behaviour, test/network/sipp/rig.ts), the real RTP media engine in worker threads, real time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMediaEngine } from '../../src/network/media/engine.js';
import { PCM_RATE } from '../../src/network/media/types.js';
import { SipNetwork } from '../../src/network/sip/index.js';
import type { Media } from '../../src/network/types.js';
import { networkContract } from './contract.js';
import { freeRange, tone } from './media-far-end.js';
import { startSippRig } from './sipp/rig.js';

/** The contract names its media; here they are tones of the length the contract gives them. */
async function audio(media: Media) {
  const pcm = tone(media.durationMs, 440);
  return { pcm, durationMs: (pcm.length * 1000) / PCM_RATE };
}

networkContract('sip', async () => {
  const far = await startSippRig();
  const media = createMediaEngine({ address: '127.0.0.1', ports: await freeRange(16), silenceTimeoutMs: 0 });
  const network = new SipNetwork({
    listen: { address: '127.0.0.1', port: 0 },
    trunk: far.trunk,
    route: far.route,
    numberFormat: { style: 'e164' },
    media,
    audio,
    timers: { t1: 100, t2: 400, t4: 500 },
  });
  const dir = mkdtempSync(join(tmpdir(), 'voxcall-sip-contract-'));
  return {
    network,
    numbers: far.numbers,
    // Real time: a case waits for what it asserts, polling every 10 ms up to its budget.
    async until(cond, budgetMs) {
      for (const end = Date.now() + budgetMs; !cond() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 10));
    },
    toleranceMs: 200,
    dir,
    async dispose() {
      await media.close();
      await far.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
