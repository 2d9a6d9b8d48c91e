// The telephone network config.network names: the simulated one (the embedded default), or a SIP
// trunk with RTP media and TTS (docs/sip.md, docs/media.md, docs/audio.md).

import type { Logger } from 'pino';
import { ConfigError, type Config } from '../config.js';
import type { Clock } from '../lib/clock.js';
import { SimulatedNetwork, loadRules, type Rule } from '../network/simulated/index.js';
import type { Network } from '../network/types.js';

export interface NetworkDeps {
  clock: Clock;
  logger: Logger;
  dataDir: string;
  rules?: Rule[];
}

export function createNetwork(config: Config, deps: NetworkDeps): Promise<Network> {
  if (config.network.kind === 'sip') return Promise.reject(new ConfigError('VOXCALL_NETWORK=sip: the SIP network is not part of this build yet; unset VOXCALL_NETWORK'));
  const rules = deps.rules ?? (config.networkRulesFile ? loadRules(config.networkRulesFile) : undefined);
  return Promise.resolve(new SimulatedNetwork({ clock: deps.clock, rules }));
}
