// play: plays one media to a leg (replacing what it heard) and waits until it has played.

import type { LegName } from '../../domain/call.js';
import type { Media, PlayStarted } from '../../network/types.js';
import type { CallEnded, OpFailed } from './results.js';
import type { VerbRuntime } from './runtime.js';

export interface Played {
  type: 'played';
  at: number;
  /** What the network really played. */
  durationMs: number;
  /** Cut short by a key (a gather with interruptsPlay). */
  interrupted: boolean;
}

export type PlayResult = Played | OpFailed | CallEnded;

/** onStarted: told once the network took the play (say bills TTS from it). */
export async function play(rt: VerbRuntime, leg: LegName, media: Media, onStarted?: (s: PlayStarted) => void): Promise<PlayResult> {
  if (rt.ended) return rt.ended;
  const started = await rt.startPlay(leg, media);
  if ('type' in started) return started;
  onStarted?.(started);
  for (;;) {
    const n = await rt.next();
    if (n.type === 'ended') return n;
    const s = n.signal;
    if (n.leg === leg && s.type === 'played' && s.playId === started.playId) {
      return { type: 'played', at: s.at, durationMs: s.durationMs, interrupted: s.interrupted };
    }
  }
}
