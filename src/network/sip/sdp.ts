// SDP offer/answer for one audio stream (RFC 4566, RFC 3264): we offer PCMA, PCMU and
// telephone-event/8000, 20 ms frames, sendrecv; from the far end's description we take its RTP
// address and port, the first G.711 codec it lists and its telephone-event payload type.

import type { G711 } from '../audio/g711.js';
import type { MediaParams } from '../media/types.js';

export interface SdpMedia {
  address: string;
  port: number;
  /** Payload types in the far end's order, with their encoding names (upper case). */
  formats: { pt: number; encoding: string }[];
}

const STATIC: Record<number, string> = { 0: 'PCMU', 8: 'PCMA' };
/** What we offer, in our order of preference. */
const OFFER: { pt: number; encoding: G711 }[] = [{ pt: 8, encoding: 'PCMA' }, { pt: 0, encoding: 'PCMU' }];
export const OUR_TELEPHONE_EVENT_PT = 101;

function describe(address: string, port: number, sessionId: string, version: number, lines: string[]): Buffer {
  const ip = address.includes(':') ? 'IP6' : 'IP4';
  const all = [
    'v=0', `o=voxcall ${sessionId} ${version} IN ${ip} ${address}`, 's=voxcall', `c=IN ${ip} ${address}`, 't=0 0',
    ...lines, 'a=ptime:20', 'a=sendrecv', '',
  ];
  return Buffer.from(all.join('\r\n'));
}

export function buildOffer(o: { address: string; port: number; sessionId: string; version?: number }): Buffer {
  const pts = [...OFFER.map((c) => c.pt), OUR_TELEPHONE_EVENT_PT];
  return describe(o.address, o.port, o.sessionId, o.version ?? 1, [
    `m=audio ${o.port} RTP/AVP ${pts.join(' ')}`,
    ...OFFER.map((c) => `a=rtpmap:${c.pt} ${c.encoding}/8000`),
    `a=rtpmap:${OUR_TELEPHONE_EVENT_PT} telephone-event/8000`,
    `a=fmtp:${OUR_TELEPHONE_EVENT_PT} 0-15`,
  ]);
}

/** Our answer to an offer whose choice is params (an inbound call). */
export function buildAnswer(o: { address: string; port: number; sessionId: string; params: MediaParams }): Buffer {
  const te = o.params.telephoneEventPt;
  const pts = [o.params.payloadType, ...(te !== undefined ? [te] : [])];
  return describe(o.address, o.port, o.sessionId, 1, [
    `m=audio ${o.port} RTP/AVP ${pts.join(' ')}`,
    `a=rtpmap:${o.params.payloadType} ${o.params.codec}/8000`,
    ...(te !== undefined ? [`a=rtpmap:${te} telephone-event/8000`, `a=fmtp:${te} 0-15`] : []),
  ]);
}

/** The first audio stream of a description, or undefined when there is none with a port and address. */
export function parseSdp(body: Buffer | string): SdpMedia | undefined {
  const text = body.toString();
  if (text.length > 16_384) return undefined;
  let sessionAddr: string | undefined;
  let media: { port: number; pts: number[]; addr?: string; rtpmap: Map<number, string> } | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('m=')) {
      if (media) break; // only the first m= line
      const m = /^m=audio (\d+)(?:\/\d+)? RTP\/S?AVP((?: \d+)+)$/.exec(line);
      if (!m) continue;
      media = { port: Number(m[1]), pts: m[2]!.trim().split(' ').map(Number), rtpmap: new Map() };
      continue;
    }
    const c = /^c=IN IP[46] ([^\s/]+)/.exec(line);
    if (c) {
      if (media) media.addr = c[1]!;
      else sessionAddr = c[1]!;
      continue;
    }
    const r = /^a=rtpmap:(\d+) ([\w-]+)\/(\d+)/.exec(line);
    if (r && media) media.rtpmap.set(Number(r[1]), `${r[2]!.toUpperCase()}/${r[3]}`);
  }
  const address = media?.addr ?? sessionAddr;
  if (!media || address === undefined || media.port === 0 || media.port > 65535) return undefined;
  const rtpmap = media.rtpmap;
  const formats = media.pts.map((pt) => {
    const mapped = rtpmap.get(pt);
    const encoding = mapped ?? (STATIC[pt] !== undefined ? `${STATIC[pt]}/8000` : '');
    return { pt, encoding };
  });
  return { address, port: media.port, formats };
}

/** The media both sides can use: the far end's first G.711 at 8 kHz, and its telephone-event. */
export function negotiate(sdp: SdpMedia | undefined): MediaParams | undefined {
  if (!sdp || sdp.address === '0.0.0.0') return undefined;
  const codec = sdp.formats.find((f) => f.encoding === 'PCMA/8000' || f.encoding === 'PCMU/8000');
  if (!codec) return undefined;
  const te = sdp.formats.find((f) => f.encoding === 'TELEPHONE-EVENT/8000');
  const params: MediaParams = {
    remote: { address: sdp.address, port: sdp.port },
    codec: codec.encoding.slice(0, 4) as G711,
    payloadType: codec.pt,
  };
  if (te) params.telephoneEventPt = te.pt;
  return params;
}
