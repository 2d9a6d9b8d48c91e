// RTP (RFC 3550 §5.1) and RFC 4733 telephone-event payloads. Parsing never throws: a datagram
// from the network is untrusted input, and a throw inside the worker's socket handler would take
// every session of that worker with it. Malformed input is `null`, counted by the caller.

export const RTP_HEADER_BYTES = 12;
const RTP_VERSION = 2;

export interface RtpHeader {
  marker: boolean;
  payloadType: number;
  seq: number;
  timestamp: number;
  ssrc: number;
}

export interface RtpPacket extends RtpHeader {
  csrc: number[];
  /** A view into the datagram (no copy): the payload without header, extension or padding. */
  payload: Uint8Array;
}

/** Parses one datagram; null when it is not a well-formed RTP version 2 packet. */
export function parseRtp(buf: Uint8Array): RtpPacket | null {
  if (buf.length < RTP_HEADER_BYTES) return null;
  const b0 = buf[0]!;
  if (b0 >> 6 !== RTP_VERSION) return null;
  const padding = (b0 & 0x20) !== 0;
  const extension = (b0 & 0x10) !== 0;
  const cc = b0 & 0x0f;
  const b1 = buf[1]!;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let offset = RTP_HEADER_BYTES + 4 * cc;
  if (offset > buf.length) return null;
  const csrc: number[] = [];
  for (let i = 0; i < cc; i++) csrc.push(dv.getUint32(RTP_HEADER_BYTES + 4 * i));
  if (extension) {
    // RFC 3550 §5.3.1: 16-bit profile field, 16-bit length in 32-bit words, then the words.
    if (offset + 4 > buf.length) return null;
    offset += 4 + 4 * dv.getUint16(offset + 2);
    if (offset > buf.length) return null;
  }
  let end = buf.length;
  if (padding) {
    // The last octet counts the padding octets, itself included (so at least 1).
    const pad = buf[buf.length - 1]!;
    if (pad === 0 || offset + pad > end) return null;
    end -= pad;
  }
  return {
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    seq: dv.getUint16(2),
    timestamp: dv.getUint32(4),
    ssrc: dv.getUint32(8),
    csrc,
    payload: buf.subarray(offset, end),
  };
}

/** A packet with a plain 12-byte header (no CSRC, extension or padding): what the engine sends. */
export function buildRtp(h: RtpHeader, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(RTP_HEADER_BYTES + payload.length);
  out[0] = RTP_VERSION << 6;
  out[1] = (h.marker ? 0x80 : 0) | (h.payloadType & 0x7f);
  out.writeUInt16BE(h.seq & 0xffff, 2);
  out.writeUInt32BE(h.timestamp >>> 0, 4);
  out.writeUInt32BE(h.ssrc >>> 0, 8);
  out.set(payload, RTP_HEADER_BYTES);
  return out;
}

export interface TelephoneEvent {
  /** 0-9 digits, 10 '*', 11 '#', 12-15 A-D (RFC 4733 §3.2); other codes are not DTMF. */
  event: number;
  end: boolean;
  volume: number;
  /** In timestamp units since the event's RTP timestamp. */
  duration: number;
}

export const TELEPHONE_EVENT_BYTES = 4;

export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent | null {
  // RFC 4733 §2.3: one event per 4 octets; redundant (RFC 2198) blocks are not negotiated here.
  if (payload.length < TELEPHONE_EVENT_BYTES) return null;
  const flags = payload[1]!;
  return { event: payload[0]!, end: (flags & 0x80) !== 0, volume: flags & 0x3f, duration: (payload[2]! << 8) | payload[3]! };
}

export function buildTelephoneEvent(e: TelephoneEvent): Uint8Array {
  return Uint8Array.of(e.event & 0xff, (e.end ? 0x80 : 0) | (e.volume & 0x3f), (e.duration >> 8) & 0xff, e.duration & 0xff);
}

const DIGITS = '0123456789*#ABCD';

/** The key an event code stands for, or undefined for non-DTMF events (flash, tones). */
export function dtmfDigit(event: number): string | undefined {
  return DIGITS[event];
}
