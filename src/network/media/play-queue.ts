// What a session plays, frame by frame: a queue of PCM plays, each frame encoded when it is due
// (160 table-free G.711 encodings, a few microseconds): encoding a whole prompt at once would
// stall every other session of the worker for as long. Durations are counted from the samples
// actually sent, so 'played' reports what the far end was given, not an estimate.

import { encodeG711, G711_SILENCE, type G711 } from '../audio/g711.js';

export const FRAME_SAMPLES = 160;
const SAMPLES_PER_MS = 8;

interface Play {
  playId: number;
  pcm: Int16Array;
  loop: boolean;
  pos: number;
  sentSamples: number;
}

export interface PlayFrame {
  payload: Uint8Array;
  pcm: Int16Array;
}

export type PlayedReport = (playId: number, durationMs: number, interrupted: boolean) => void;

export class PlayQueue {
  private items: Play[] = [];

  constructor(private readonly played: PlayedReport) {}

  get playing(): boolean {
    return this.items.length > 0;
  }

  add(playId: number, pcm: Int16Array, loop: boolean): void {
    this.items.push({ playId, pcm, loop: loop && pcm.length > 0, pos: 0, sentSamples: 0 });
  }

  /** The next 20 ms of the head play (silence-padded at its end), or undefined when idle. */
  nextFrame(codec: G711): PlayFrame | undefined {
    let head = this.items[0];
    while (head && head.pcm.length === 0) {
      this.items.shift();
      this.played(head.playId, 0, false);
      head = this.items[0];
    }
    if (!head) return undefined;
    const n = Math.min(FRAME_SAMPLES, head.pcm.length - head.pos);
    let pcm = head.pcm.subarray(head.pos, head.pos + n);
    const payload = encodeG711(codec, pcm, new Uint8Array(FRAME_SAMPLES).fill(G711_SILENCE[codec]));
    if (n < FRAME_SAMPLES) {
      const padPcm = new Int16Array(FRAME_SAMPLES);
      padPcm.set(pcm);
      pcm = padPcm;
    }
    head.pos += n;
    head.sentSamples += n;
    if (head.pos >= head.pcm.length) {
      if (head.loop) head.pos = 0;
      else {
        this.items.shift();
        this.played(head.playId, head.sentSamples / SAMPLES_PER_MS, false);
      }
    }
    return { payload, pcm };
  }

  /** Removes one play without a report. */
  stop(playId: number): void {
    this.items = this.items.filter((p) => p.playId !== playId);
  }

  /** Ends every play, each reported interrupted with what it had sent. */
  interrupt(): void {
    const items = this.items;
    this.items = [];
    for (const p of items) this.played(p.playId, p.sentSamples / SAMPLES_PER_MS, true);
  }
}
