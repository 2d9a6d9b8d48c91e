// One RTP session inside a worker: its UDP socket, the outbound stream (SSRC, sequence and
// timestamp per RFC 3550, one 160-sample frame per tick), and what arrives (audio, telephone
// events). The worker's scheduler calls tick(); everything else is driven by messages.

import { randomInt } from 'node:crypto';
import type { Socket, RemoteInfo } from 'node:dgram';
import { decodeG711, encodeG711, G711_SILENCE, type G711 } from '../audio/g711.js';
import { ByteFifo } from './byte-fifo.js';
import { DtmfReceiver } from './dtmf.js';
import type { PacingHistogram } from './pacing-histogram.js';
import { FRAME_SAMPLES, PlayQueue } from './play-queue.js';
import type { RtpStats } from './protocol.js';
import type { CallRecorder } from './recorder.js';
import { buildRtp, parseRtp, parseTelephoneEvent, type RtpPacket } from './rtp-packet.js';
import { latchesOnFirstPacket, mayLatchOn } from './source-rule.js';
import type { MediaEvent, MediaParams } from './types.js';

export const FRAME_MS = 20;
/** Frames sent at once when the worker wakes late; further behind, the schedule moves instead. */
export const MAX_CATCHUP_FRAMES = 3;
/** Relayed audio waiting for the other leg's tick: 100 ms, beyond which the oldest is dropped. */
const RELAY_FIFO_BYTES = 5 * FRAME_SAMPLES;
/** Slots a bridged leg may wait for the other far end's audio before sending silence (60 ms). */
const MAX_RELAY_DEBT = 3;
/** Frames a bridged leg may send ahead of its schedule as they arrive (relay latency ~0, bounded:
 * two far ends echoing each other cannot make the pair race). */
const MAX_RELAY_AHEAD = 1;
/** Phases of sessions are rounded to this grid so that a worker wakes at most 4 times per frame. */
const PHASE_GRID_MS = 5;

const TRANSCODE: Record<string, Uint8Array> = {
  'PCMA>PCMU': encodeG711('PCMU', decodeG711('PCMA', Uint8Array.from({ length: 256 }, (_, i) => i))),
  'PCMU>PCMA': encodeG711('PCMA', decodeG711('PCMU', Uint8Array.from({ length: 256 }, (_, i) => i))),
};

function transcode(from: G711, to: G711, bytes: Uint8Array): Uint8Array {
  if (from === to) return bytes;
  const table = TRANSCODE[`${from}>${to}`]!;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i]!]!;
  return out;
}

export class RtpSession {
  private params: MediaParams | undefined;
  private remote: { address: string; port: number } | undefined;
  private latching = false;
  private ssrc = randomInt(0, 2 ** 32);
  private seq = randomInt(0, 2 ** 16);
  private ts = randomInt(0, 2 ** 32);
  /** Monotonic ms at which the next frame is due; undefined until connected. */
  nextDue: number | undefined;
  private lastWasAudio = false;
  private first = true;
  /** The timestamp jumped over skipped frames: the next packet carries the marker bit. */
  private resync = false;
  private lastRxAt = 0;
  private timedOut = false;
  readonly plays: PlayQueue;
  private readonly dtmf: DtmfReceiver;
  partner: RtpSession | undefined;
  /** What this session's far end sent, for the partner's sender (only while bridged). */
  readonly relay = new ByteFifo(RELAY_FIFO_BYTES);
  private relayBalance = 0;
  private relayedEvent: { inTs: number; outTs: number } | undefined;
  recorder: CallRecorder | undefined;
  readonly stats: RtpStats = { sent: 0, received: 0, dtmf: 0, dropped: { source: 0, malformed: 0, payloadType: 0 }, slips: 0 };

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly silenceTimeoutMs: number,
    private readonly emit: (event: MediaEvent) => void,
    private readonly pacing: PacingHistogram,
  ) {
    this.plays = new PlayQueue((playId, durationMs, interrupted) => this.emit({ type: 'played', playId, durationMs, interrupted }));
    this.dtmf = new DtmfReceiver((digit) => {
      this.stats.dtmf++;
      this.emit({ type: 'dtmf', digit });
    });
    socket.on('message', (msg, rinfo) => {
      try {
        this.receive(msg, rinfo);
      } catch {
        this.stats.dropped.malformed++; // never let one datagram end the worker
      }
    });
  }

  get codec(): G711 | undefined {
    return this.params?.codec;
  }

  connect(params: MediaParams, now: number): void {
    const again = this.params !== undefined;
    this.params = params;
    this.latching = latchesOnFirstPacket(params.remote.address);
    this.remote = this.latching ? undefined : { ...params.remote };
    if (again) return; // a re-INVITE: the stream continues (same SSRC, sequence, timestamps)
    this.lastRxAt = now;
    this.nextDue = Math.ceil(now / PHASE_GRID_MS) * PHASE_GRID_MS;
  }

  /** Sends every frame due by `now`, and checks the receive-side timers. */
  tick(now: number): void {
    if (this.nextDue === undefined) return;
    this.dtmf.poll(now);
    if (this.silenceTimeoutMs > 0 && !this.timedOut && now - this.lastRxAt >= this.silenceTimeoutMs) {
      this.timedOut = true;
      this.emit({ type: 'media_timeout', silentMs: Math.round(now - this.lastRxAt) });
    }
    // Timers fire up to a millisecond late; 1 ms of tolerance centres the error on zero.
    for (let sent = 0; this.nextDue <= now + 1; sent++) {
      if (sent === MAX_CATCHUP_FRAMES) {
        // The frames skipped still took their time: the timestamp moves with the schedule, or the
        // far end's jitter buffer would play the next frame early. The jump starts a new
        // "talkspurt" for the receiver, which RFC 3551 §4.1 marks with the marker bit.
        const skipped = Math.round((now + FRAME_MS - this.nextDue) / FRAME_MS);
        this.ts = (this.ts + skipped * FRAME_SAMPLES) >>> 0;
        this.resync = true;
        this.nextDue = now + FRAME_MS;
        this.stats.slips++;
        break;
      }
      // The real clock, not `now`: sessions later in the same tick really leave later.
      this.pacing.record(performance.now() - this.nextDue);
      this.slot();
      this.nextDue += FRAME_MS;
    }
  }

  /** One 20 ms slot of the schedule: a play frame, relayed audio, or silence. */
  private slot(): void {
    const codec = this.params!.codec;
    const partner = this.partner?.codec ? this.partner : undefined;
    const play = this.plays.nextFrame(codec);
    if (play) {
      partner?.relay.take(FRAME_SAMPLES); // what the other party says meanwhile is not heard
      this.relayBalance = 0;
      return this.sendAudio(play.payload, play.pcm);
    }
    if (partner) {
      this.relayBalance--;
      if (this.relayBalance < 0) {
        const relayed = partner.relay.take(FRAME_SAMPLES);
        if (relayed) {
          this.relayBalance++;
          return this.sendAudio(transcode(partner.codec!, codec, relayed));
        }
      }
      // Ahead (a frame went out on arrival) or owed (the other far end's frame is late): a frame
      // arriving a little late still goes out in order instead of being replaced by silence.
      if (this.relayBalance >= -MAX_RELAY_DEBT) return;
      this.relayBalance++;
    }
    this.sendFrame(new Uint8Array(FRAME_SAMPLES).fill(G711_SILENCE[codec]), false);
  }

  /** Relayed audio arrived: it leaves now, unless this leg is already a frame ahead of its schedule. */
  private relayNow(): void {
    const partner = this.partner;
    if (!partner?.codec || !this.params || this.plays.playing) return;
    while (this.relayBalance < MAX_RELAY_AHEAD) {
      const relayed = partner.relay.take(FRAME_SAMPLES);
      if (!relayed) return;
      this.relayBalance++;
      this.sendAudio(transcode(partner.codec, this.params.codec, relayed));
    }
  }

  private sendAudio(payload: Uint8Array, pcm?: Int16Array): void {
    this.sendFrame(payload, true, pcm);
  }

  private sendFrame(payload: Uint8Array, audio: boolean, pcm?: Int16Array): void {
    const params = this.params!;
    const marker = this.first || this.resync || (audio && !this.lastWasAudio);
    this.first = false;
    this.resync = false;
    this.lastWasAudio = audio;
    this.send(buildRtp({ marker, payloadType: params.payloadType, seq: this.seq, timestamp: this.ts, ssrc: this.ssrc }, payload));
    this.seq = (this.seq + 1) & 0xffff;
    this.ts = (this.ts + payload.length) >>> 0; // G.711: one byte per sample
    this.recorder?.sent(pcm ?? decodeG711(params.codec, payload));
  }

  private send(packet: Buffer): void {
    if (!this.remote) return; // latching: nowhere to send until the far end's first packet
    this.stats.sent++;
    this.socket.send(packet, this.remote.port, this.remote.address);
  }

  private receive(msg: Buffer, rinfo: RemoteInfo): void {
    const pkt = parseRtp(msg);
    if (!pkt) {
      this.stats.dropped.malformed++;
      return;
    }
    const params = this.params;
    if (!params || !this.acceptSource(rinfo)) {
      this.stats.dropped.source++;
      return;
    }
    this.lastRxAt = performance.now();
    this.timedOut = false;
    if (pkt.payloadType === params.payloadType) this.receiveAudio(pkt, params.codec);
    else if (params.telephoneEventPt !== undefined && pkt.payloadType === params.telephoneEventPt) this.receiveEvent(pkt);
    else this.stats.dropped.payloadType++;
  }

  private acceptSource(rinfo: RemoteInfo): boolean {
    if (this.latching && !this.remote) {
      if (!mayLatchOn(rinfo.address, this.params?.signalling)) return false;
      this.remote = { address: rinfo.address, port: rinfo.port };
      return true;
    }
    return this.remote !== undefined && rinfo.address === this.remote.address && rinfo.port === this.remote.port;
  }

  private receiveAudio(pkt: RtpPacket, codec: G711): void {
    this.stats.received++;
    if (this.partner) {
      this.relay.push(pkt.payload);
      this.partner.relayNow();
    }
    this.recorder?.heard(decodeG711(codec, pkt.payload));
  }

  private receiveEvent(pkt: RtpPacket): void {
    const ev = parseTelephoneEvent(pkt.payload);
    if (!ev) {
      this.stats.dropped.malformed++;
      return;
    }
    this.stats.received++;
    this.dtmf.onPacket(pkt.timestamp, ev, performance.now());
    this.partner?.relayEvent(pkt);
  }

  /** Re-sends a telephone-event packet of the partner's far end on this stream (RFC 4733 §2.5). */
  private relayEvent(pkt: RtpPacket): void {
    const pt = this.params?.telephoneEventPt;
    if (pt === undefined) return; // this far end did not negotiate events; the digit is not relayed
    const fresh = this.relayedEvent?.inTs !== pkt.timestamp;
    if (fresh) this.relayedEvent = { inTs: pkt.timestamp, outTs: this.ts };
    this.send(buildRtp({ marker: fresh, payloadType: pt, seq: this.seq, timestamp: this.relayedEvent!.outTs, ssrc: this.ssrc }, pkt.payload));
    this.seq = (this.seq + 1) & 0xffff;
  }

  bridgeWith(other: RtpSession): void {
    this.unbridge();
    other.unbridge();
    this.partner = other;
    other.partner = this;
    this.relay.clear();
    other.relay.clear();
    this.relayBalance = 0;
    other.relayBalance = 0;
    this.plays.interrupt();
    other.plays.interrupt();
  }

  unbridge(): void {
    const p = this.partner;
    if (!p) return;
    this.partner = undefined;
    p.partner = undefined;
    this.relayBalance = 0;
    p.relayBalance = 0;
  }

  getStats(): RtpStats {
    return { ...this.stats, dropped: { ...this.stats.dropped }, ...(this.remote ? { remote: { ...this.remote } } : {}) };
  }

  close(): Promise<void> {
    this.unbridge();
    this.nextDue = undefined;
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
