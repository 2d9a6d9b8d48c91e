// A TEST DOUBLE of the MediaEngine (src/network/media/types.ts), for SIP tests until the real
// engine is merged: each session binds a real UDP port (so SDP carries a live port), records the
// calls the SIP network makes, reports plays by their length, and reads RFC 4733 digits from
// the packets it receives. It sends no audio, relays nothing and writes no file: bridge and record
// only note what they were asked.

import { createSocket, type Socket } from 'node:dgram';
import type { MediaEngine, MediaEvent, MediaParams, MediaRecording, MediaSession, Pcm } from '../../../src/network/media/types.js';

const DIGITS = '0123456789*#ABCD';

export class MediaDouble implements MediaEngine {
  readonly sessions: DoubleSession[] = [];

  async open(onEvent: (e: MediaEvent) => void): Promise<MediaSession> {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const s = new DoubleSession(sock, onEvent);
    this.sessions.push(s);
    return s;
  }

  get openSessions(): number {
    return this.sessions.filter((s) => !s.closed).length;
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.close();
  }
}

export class DoubleSession implements MediaSession {
  readonly port: number;
  connected: MediaParams | undefined;
  closed = false;
  packets = 0;
  #nextPlay = 1;
  #plays = new Map<number, { timer: ReturnType<typeof setTimeout> | undefined; startedAt: number }>();
  #lastEvent = -1;

  constructor(private readonly sock: Socket, private readonly onEvent: (e: MediaEvent) => void) {
    this.port = sock.address().port;
    sock.on('message', (buf) => this.#rtp(buf));
  }

  connect(params: MediaParams): void {
    this.connected = params;
  }

  // RFC 4733: the event's RTP timestamp identifies it; its end packets (E bit) are repeated.
  #rtp(buf: Buffer): void {
    this.packets++;
    if (buf.length < 16 || !this.connected) return;
    const pt = buf[1]! & 0x7f;
    if (pt !== this.connected.telephoneEventPt) return;
    const ts = buf.readUInt32BE(4);
    const end = (buf[13]! & 0x80) !== 0;
    if (!end || ts === this.#lastEvent) return;
    this.#lastEvent = ts;
    const digit = DIGITS[buf[12]!];
    if (digit !== undefined && !this.closed) this.onEvent({ type: 'dtmf', digit });
  }

  play(audio: Pcm, opts: { loop?: boolean } = {}): { playId: number; durationMs: number } {
    const playId = this.#nextPlay++;
    const durationMs = Math.round(audio.length / 8);
    const timer = opts.loop ? undefined : setTimeout(() => this.#end(playId, false), durationMs);
    this.#plays.set(playId, { timer, startedAt: Date.now() });
    return { playId, durationMs };
  }

  #end(playId: number, interrupted: boolean): void {
    const p = this.#plays.get(playId);
    if (!p) return;
    clearTimeout(p.timer);
    this.#plays.delete(playId);
    if (!this.closed) this.onEvent({ type: 'played', playId, durationMs: Date.now() - p.startedAt, interrupted });
  }

  stopPlay(playId: number): void {
    clearTimeout(this.#plays.get(playId)?.timer);
    this.#plays.delete(playId);
  }

  interruptPlays(): void {
    for (const id of [...this.#plays.keys()]) this.#end(id, true);
  }

  /** What bridge and record were asked (the double relays and writes nothing). */
  bridgedWith: MediaSession | undefined;
  recording: { path: string; hintSamples: number } | undefined;

  bridge(other: MediaSession): Promise<void> {
    this.bridgedWith = other;
    return Promise.resolve();
  }

  record(path: string, hintTone?: Pcm): Promise<MediaRecording> {
    this.recording = { path, hintSamples: hintTone?.length ?? 0 };
    const startAt = Date.now();
    return Promise.resolve({ stop: () => Promise.resolve({ startAt, endAt: Date.now(), path }) });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const id of [...this.#plays.keys()]) this.stopPlay(id);
    this.sock.close();
  }
}
