// Which datagrams a session accepts. An SDP address that the far end cannot be reached at from
// here (private, shared/CGNAT, link-local, unspecified) means a NAT sits between us: the session
// latches on the source of the first RTP packet and sends there too (symmetric RTP, RFC 4961).
// Any other address (public, loopback) is taken at its word: only that address and port count.
// Latching trusts whoever sends first, so when the SIP peer's own address is known, only a packet
// from that address is latched on (the NAT in front of a phone sends its signalling and its media
// from the same public address).

import ipaddr from 'ipaddr.js';

const LATCHING_RANGES = new Set(['private', 'unspecified', 'linkLocal', 'carrierGradeNat', 'uniqueLocal']);

export function latchesOnFirstPacket(sdpAddress: string): boolean {
  if (!ipaddr.isValid(sdpAddress)) return true; // an unresolvable SDP address: learn it from the media
  const addr = ipaddr.process(sdpAddress);
  return LATCHING_RANGES.has(addr.range());
}

/** Whether a first packet from `source` may be latched on, given the SIP peer's address. */
export function mayLatchOn(source: string, signalling: string | undefined): boolean {
  // A host name (a trunk configured by name) says nothing comparable: the first packet wins, as before.
  if (signalling === undefined || !ipaddr.isValid(signalling)) return true;
  if (!ipaddr.isValid(source)) return false;
  // An IPv4 peer seen on a dual-stack socket arrives as ::ffff:a.b.c.d: compare the addresses, not the texts.
  return ipaddr.process(source).toNormalizedString() === ipaddr.process(signalling).toNormalizedString();
}
