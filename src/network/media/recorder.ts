// A call recording: what the session sent and what its far end sent, summed with clipping and
// written as A-law. For a bridged pair, one session's sent audio is the other far end's voice,
// so one session's recording holds both parties. Neither direction is regular (relayed frames
// leave when they arrive, the far end's packets carry network jitter), so each waits in a FIFO
// and is mixed with the other's samples as they come; a direction that falls silent (no packets)
// is waited for at most MIX_LAG samples, then the other is written alone.
// Neither direction may hold more audio than the time recorded: a far end sending faster than
// real time (a broken or hostile sender) would otherwise grow the file as fast as it sends.

import { encodeG711 } from '../audio/g711.js';
import { AlawWavWriter } from './alaw-wav.js';
import { PcmFifo } from './pcm-fifo.js';

/** 60 ms: the longest one direction waits for the other before being written alone. */
const MIX_LAG = 480;
const FIFO_CAP = 8000;
/** Audio a direction may be ahead of the clock: 300 ms of burst after a network stall. */
const SLACK_SAMPLES = 2400;
/** Two clocks never agree exactly: 0.1% (far above real oscillators' 100 ppm) is not dropped. */
const CLOCK_TOLERANCE = 1.001;

/** Counts a direction's samples against the time elapsed, and cuts what exceeds it. */
class RateCap {
  private taken = 0;
  dropped = 0;

  constructor(private readonly since: number, private readonly now: () => number) {}

  admit(pcm: Int16Array): Int16Array {
    const allowed = Math.floor(((this.now() - this.since) * 8 * CLOCK_TOLERANCE)) + SLACK_SAMPLES - this.taken;
    const n = Math.max(0, Math.min(pcm.length, allowed));
    this.taken += n;
    this.dropped += pcm.length - n;
    return n === pcm.length ? pcm : pcm.subarray(0, n);
  }
}

export class CallRecorder {
  private readonly tx = new PcmFifo(FIFO_CAP);
  private readonly rx = new PcmFifo(FIFO_CAP);
  readonly startAt = Date.now();
  private readonly txCap: RateCap;
  private readonly rxCap: RateCap;

  private constructor(private readonly writer: AlawWavWriter, readonly path: string, now: () => number) {
    this.txCap = new RateCap(now(), now);
    this.rxCap = new RateCap(now(), now);
  }

  /** `now`: a monotonic ms clock (a parameter so tests can drive it). */
  static async create(path: string, hintTone?: Int16Array, now: () => number = () => performance.now()): Promise<CallRecorder> {
    const rec = new CallRecorder(await AlawWavWriter.create(path), path, now);
    if (hintTone && hintTone.length > 0) rec.writer.append(encodeG711('PCMA', hintTone));
    return rec;
  }

  /** Audio the far end sent (decoded). */
  heard(pcm: Int16Array): void {
    this.rx.push(this.rxCap.admit(pcm));
    this.mix(MIX_LAG);
  }

  /** Audio the session sent. */
  sent(pcm: Int16Array): void {
    this.tx.push(this.txCap.admit(pcm));
    this.mix(MIX_LAG);
  }

  private mix(lag: number): void {
    const both = Math.min(this.tx.length, this.rx.length);
    if (both > 0) this.write(this.tx.take(both), this.rx.take(both));
    for (const fifo of [this.tx, this.rx]) if (fifo.length > lag) this.write(fifo.take(fifo.length - lag));
  }

  private write(a: Int16Array, b?: Int16Array): void {
    if (b) {
      for (let i = 0; i < a.length; i++) {
        const v = a[i]! + b[i]!;
        a[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
      }
    }
    this.writer.append(encodeG711('PCMA', a));
  }

  /** droppedMs: audio beyond the time recorded, over both directions, not written. */
  async stop(): Promise<{ startAt: number; endAt: number; path: string; droppedMs: number }> {
    const endAt = Date.now();
    this.mix(0);
    await this.writer.finish();
    return { startAt: this.startAt, endAt, path: this.path, droppedMs: (this.txCap.dropped + this.rxCap.dropped) / 8 };
  }
}
