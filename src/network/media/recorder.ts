// A call recording: what the session sent and what its far end sent, summed with clipping and
// written as A-law. For a bridged pair, one session's sent audio is the other far end's voice,
// so one session's recording holds both parties. Neither direction is regular (relayed frames
// leave when they arrive, the far end's packets carry network jitter), so each waits in a FIFO
// and is mixed with the other's samples as they come; a direction that falls silent (no packets)
// is waited for at most MIX_LAG samples, then the other is written alone.

import { encodeG711 } from '../audio/g711.js';
import { AlawWavWriter } from './alaw-wav.js';
import { PcmFifo } from './pcm-fifo.js';

/** 60 ms: the longest one direction waits for the other before being written alone. */
const MIX_LAG = 480;
const FIFO_CAP = 8000;

export class CallRecorder {
  private readonly tx = new PcmFifo(FIFO_CAP);
  private readonly rx = new PcmFifo(FIFO_CAP);
  readonly startAt = Date.now();

  private constructor(private readonly writer: AlawWavWriter, readonly path: string) {}

  static async create(path: string, hintTone?: Int16Array): Promise<CallRecorder> {
    const rec = new CallRecorder(await AlawWavWriter.create(path), path);
    if (hintTone && hintTone.length > 0) rec.writer.append(encodeG711('PCMA', hintTone));
    return rec;
  }

  /** Audio the far end sent (decoded). */
  heard(pcm: Int16Array): void {
    this.rx.push(pcm);
    this.mix(MIX_LAG);
  }

  /** Audio the session sent. */
  sent(pcm: Int16Array): void {
    this.tx.push(pcm);
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

  async stop(): Promise<{ startAt: number; endAt: number; path: string }> {
    const endAt = Date.now();
    this.mix(0);
    await this.writer.finish();
    return { startAt: this.startAt, endAt, path: this.path };
  }
}
