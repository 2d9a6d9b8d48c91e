// say: plays TTS text (a template already filled and resolved to Media, prompts.ts ttsMedia) and
// counts it for the record: one conversion per play, billed in whole seconds of what the network
// says it will play, counted when the play starts (as a conversion is).

import type { LegName } from '../../domain/call.js';
import type { Media } from '../../network/types.js';
import { play, type PlayResult } from './play.js';
import type { VerbRuntime } from './runtime.js';

export async function say(rt: VerbRuntime, leg: LegName, media: Media): Promise<PlayResult> {
  if (media.kind !== 'tts') throw new Error(`say plays TTS, not ${media.kind}`);
  return play(rt, leg, media, (started) => {
    rt.ttsPlayTimes++;
    rt.ttsTransDuration += Math.ceil(started.durationMs / 1000);
  });
}
