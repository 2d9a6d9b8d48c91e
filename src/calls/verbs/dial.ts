// dial: places a leg (a callout event), reports its ringing and answer as events, and returns
// when it answers or fails. While it rings, another answered leg can hear music (jambonz's
// dialMusic: the callback's wait voice), replaced by the far end's ringback once it rings.

import type { LegName } from '../../domain/call.js';
import type { LegFailure, Media } from '../../network/types.js';
import type { Parties } from '../record.js';
import type { CallEnded, OpFailed } from './results.js';
import type { VerbRuntime } from './runtime.js';

export interface DialMusic {
  /** The answered leg that hears it. */
  to: LegName;
  /** Looped until the dialled leg answers. */
  media: Media;
  /** Once the dialled leg rings, the caller hears its ringback instead. */
  ringbackOnAlerting: boolean;
}

export interface DialOptions {
  /** The number called and the number shown to it; without them, the plan's for this leg. */
  parties?: Parties;
  music?: DialMusic;
  /** How long the leg may ring; without it, the engine's ring timeout. */
  ringTimeoutMs?: number;
}

export type DialResult =
  | { type: 'answered'; at: number }
  /** The leg failed before answering; its codes are on the leg's times too. */
  | { type: 'failed'; at: number; failure: LegFailure; q850: number; sipStatus: number }
  /** The music could not play. */
  | OpFailed
  | CallEnded;

export const RINGBACK: Media = { kind: 'ringback', name: 'ringback', durationMs: 0 };

// On a failure the music goes on until the next play on that leg replaces it (or the call ends),
// so the caller hears no dead air before a failure announcement. On the answer it stops.
export async function dial(rt: VerbRuntime, leg: LegName, opts: DialOptions = {}): Promise<DialResult> {
  if (rt.ended) return rt.ended;
  const { times } = rt.place(leg, opts.parties, opts.ringTimeoutMs);
  await rt.emit('callout', leg, times.startAt);
  const music = opts.music;
  if (music) {
    const r = await rt.startPlay(music.to, music.media, true);
    if ('type' in r) return r;
  }
  for (;;) {
    const n = await rt.next();
    if (n.type === 'ended') return n;
    if (n.leg !== leg) continue;
    const s = n.signal;
    if (s.type === 'alerting') {
      times.alertingAt = s.at;
      await rt.emit('alerting', leg, s.at);
      if (music?.ringbackOnAlerting) {
        const r = await rt.startPlay(music.to, RINGBACK, true);
        if ('type' in r) return r;
      }
    } else if (s.type === 'answer') {
      times.answerAt = s.at;
      await rt.emit('answer', leg, s.at);
      if (music) rt.stopPlay(music.to);
      return { type: 'answered', at: s.at };
    } else if (s.type === 'failed') {
      Object.assign(times, { endAt: s.at, q850: s.q850, sipStatus: s.sipStatus });
      return { type: 'failed', at: s.at, failure: s.failure, q850: s.q850, sipStatus: s.sipStatus };
    }
  }
}
