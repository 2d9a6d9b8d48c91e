// The telephone network config.network names: the simulated one (the embedded default), or a SIP
// trunk with RTP media in worker threads and TTS (docs/sip.md, docs/media.md, docs/audio.md).

import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { SipConfig } from '../config-network.js';
import type { Clock } from '../lib/clock.js';
import { createTtsEngine } from '../network/audio/create-engine.js';
import { AudioLibrary } from '../network/audio/library.js';
import { createMediaEngine } from '../network/media/engine.js';
import { SimulatedNetwork, loadRules, type Rule } from '../network/simulated/index.js';
import { SipNetwork, type NumberFormat, type SipNetworkOptions } from '../network/sip/index.js';
import type { Network } from '../network/types.js';

export interface NetworkDeps {
  clock: Clock;
  logger: Logger;
  dataDir: string;
  rules?: Rule[];
}

/** SIP events that a peer can cause at will (a flood of junk): counted, logged only at debug. */
const NOISY = new Set(['malformed', 'unknown_dialog', 'bad_request', 'send_error', 'tcp_error', 'tcp_refused', 'tcp_idle', 'handler_error', 'inbound_refused', 'no_ack', 'foreign_invite']);

function numberFormat(sip: SipConfig): NumberFormat {
  if (sip.numberFormat !== 'national') return { style: sip.numberFormat };
  return { style: 'national', countryCode: sip.countryCode.replace(/^\+/, ''), trunkPrefix: sip.nationalPrefix };
}

/**
 * Options the config does not carry, for embedders, tests and `npm run demo:sip`: `route` sends each
 * number to its own far end instead of the one trunk (e.g. one baresip phone per number).
 */
export type SipOverrides = Pick<SipNetworkOptions, 'route' | 'timers' | 'pingTimeoutMs'>;

export function sipNetwork(sip: SipConfig, logger: Logger, overrides: SipOverrides = {}): SipNetwork {
  const library = new AudioLibrary({ tts: createTtsEngine(sip.tts) });
  return new SipNetwork({
    listen: sip.listen,
    ...(sip.publicAddress !== undefined ? { publicAddress: sip.publicAddress } : {}),
    trunk: sip.trunk,
    ...(sip.username !== undefined ? { username: sip.username, password: sip.password ?? '' } : {}),
    ...(sip.realm !== undefined ? { realm: sip.realm } : {}),
    numberFormat: numberFormat(sip),
    media: createMediaEngine({ address: sip.listen.address, ports: sip.rtpPorts, silenceTimeoutMs: sip.rtpTimeoutMs }),
    ownsMedia: true,
    audio: (media) => library.load(media),
    log: (event, detail) => logger[NOISY.has(event) ? 'debug' : 'warn']({ event: `sip.${event}`, ...detail }, `sip: ${event.replace(/_/g, ' ')}`),
    ...overrides,
  });
}

export function createNetwork(config: Config, deps: NetworkDeps): Promise<Network> {
  if (config.network.kind === 'sip') return Promise.resolve(sipNetwork(config.network.sip, deps.logger));
  const rules = deps.rules ?? (config.networkRulesFile ? loadRules(config.networkRulesFile) : undefined);
  return Promise.resolve(new SimulatedNetwork({ clock: deps.clock, rules }));
}
