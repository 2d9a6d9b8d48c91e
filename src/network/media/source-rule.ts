// Which datagrams a session accepts. An SDP address that the far end cannot be reached at from
// here (private, shared/CGNAT, link-local, unspecified) means a NAT sits between us: the session
// latches on the source of the first RTP packet and sends there too (symmetric RTP, RFC 4961).
// Any other address (public, loopback) is taken at its word: only that address and port count.

import ipaddr from 'ipaddr.js';

const LATCHING_RANGES = new Set(['private', 'unspecified', 'linkLocal', 'carrierGradeNat', 'uniqueLocal']);

export function latchesOnFirstPacket(sdpAddress: string): boolean {
  if (!ipaddr.isValid(sdpAddress)) return true; // an unresolvable SDP address: learn it from the media
  const addr = ipaddr.process(sdpAddress);
  return LATCHING_RANGES.has(addr.range());
}
