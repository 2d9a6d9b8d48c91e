// The TTS engine the configuration names (espeak-ng, or VOXCALL_TTS_COMMAND's program: read in
// src/config-network.ts, passed here).

import { CommandEngine } from './command.js';
import { EspeakNg } from './espeak-ng.js';
import type { TtsEngine } from './tts.js';

export interface TtsConfig {
  engine: 'espeak-ng' | 'command';
  /** For `command`: the template, e.g. `mytts --lang {lang}` (text on stdin, WAV on stdout). */
  command?: string;
  /** Per synthesis (default 20 s for espeak-ng, 30 s for a command). */
  timeoutMs?: number;
}

export function createTtsEngine(config: TtsConfig): TtsEngine {
  const timeout = config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs };
  if (config.engine === 'espeak-ng') return new EspeakNg(timeout);
  if (config.engine === 'command') {
    if (!config.command?.trim()) throw new Error('TTS engine "command" needs a command template (VOXCALL_TTS_COMMAND), e.g. "mytts --lang {lang}"');
    return new CommandEngine({ command: config.command, ...timeout });
  }
  throw new Error(`unknown TTS engine "${String(config.engine)}": espeak-ng or command`);
}
