// Test helpers for the media engine: a raw UDP socket playing the far end of an RTP session,
// a free port range, and waiting for a condition with a deadline (no fixed sleeps).

import { createSocket, type Socket } from 'node:dgram';
import { buildRtp, parseRtp, type RtpHeader, type RtpPacket } from '../../src/network/media/rtp-packet.js';

export interface Arrival extends RtpPacket {
  at: number;
  from: { address: string; port: number };
}

export class FarEnd {
  readonly packets: Arrival[] = [];
  junk = 0;
  /** Called for each packet received (e.g. to answer in lockstep with the engine's pacing). */
  onPacket: ((p: Arrival) => void) | undefined;
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('message', (msg, rinfo) => {
      const pkt = parseRtp(msg);
      if (!pkt) this.junk++;
      else {
        const arrival = { ...pkt, payload: Uint8Array.from(pkt.payload), at: performance.now(), from: { address: rinfo.address, port: rinfo.port } };
        this.packets.push(arrival);
        this.onPacket?.(arrival);
      }
    });
  }

  static async open(): Promise<FarEnd> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new FarEnd(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  get peer(): { address: string; port: number } {
    return { address: '127.0.0.1', port: this.port };
  }

  send(port: number, data: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(data, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  }

  sendRtp(port: number, h: RtpHeader, payload: Uint8Array): Promise<void> {
    return this.send(port, buildRtp(h, payload));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
  }
}

export async function waitFor(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function bindable(port: number): Promise<boolean> {
  const s = createSocket('udp4');
  const ok = await new Promise<boolean>((resolve) => {
    s.once('error', () => resolve(false));
    s.bind({ port, address: '127.0.0.1', exclusive: true }, () => resolve(true));
  });
  await new Promise<void>((resolve) => {
    try {
      s.close(() => resolve());
    } catch {
      resolve(); // never bound
    }
  });
  return ok;
}

/** A range of `pairs` even/odd port pairs that were all free a moment ago. */
export async function freeRange(pairs: number): Promise<{ min: number; max: number }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const min = 40000 + 2 * Math.floor(Math.random() * 9000);
    const max = min + 2 * pairs - 1;
    let free = true;
    for (let p = min; p <= max && free; p++) free = await bindable(p);
    if (free) return { min, max };
  }
  throw new Error('no free UDP port range found on 127.0.0.1');
}

/** A test tone: `ms` of a sine at `hz`, so decoded audio can be told from silence. */
export function tone(ms: number, hz = 440, amplitude = 8000): Int16Array {
  const n = (ms * 8000) / 1000;
  return Int16Array.from({ length: n }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / 8000)));
}
