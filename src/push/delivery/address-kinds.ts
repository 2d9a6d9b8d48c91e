// Which addresses a push may go to, as one function: the kind of a refused address, or undefined
// for a public one. The special-purpose ranges of the IANA IPv4 and IPv6 registries come from
// ipaddr.js's range() (a maintained classifier, not a hand table); what it does not cover is
// added here: the node's own interface addresses, IPv6 outside 2000::/3 (the only block IANA
// allocates for global unicast), and IPv6 forms that carry an IPv4 address, judged by that
// address. docs/delivery.md tables every range and why it is refused.

import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';
import { ownAddresses, type OwnAddresses } from './own-addresses.js';

export type TargetKind =
  | 'unspecified' | 'loopback' | 'own address' | 'private' | 'link-local' | 'CGNAT' | 'unique-local'
  | 'multicast' | 'broadcast' | 'reserved' | 'benchmarking' | 'anycast' | 'identifier' | 'discard'
  | 'tunnel' | 'translated' | 'ipv4-mapped' | 'SRv6';

/**
 * ipaddr.js range names to ours. Only 'unicast' (its default: nothing special) is allowed; a
 * range a newer ipaddr.js adds and this table does not know is refused as 'reserved'.
 */
const KIND_OF_RANGE: Record<string, TargetKind | null> = {
  unicast: null,
  unspecified: 'unspecified',
  loopback: 'loopback',
  private: 'private',
  deprecatedSiteLocal: 'private',
  linkLocal: 'link-local',
  carrierGradeNat: 'CGNAT',
  uniqueLocal: 'unique-local',
  multicast: 'multicast',
  broadcast: 'broadcast',
  // IPv4: 192.0.0.0/24, 192.0.2.0/24, 192.88.99.0/24, 198.18.0.0/15, 198.51.100.0/24,
  // 203.0.113.0/24, 240.0.0.0/4. IPv6: 2001::/23, 2001:db8::/32, 3fff::/20.
  reserved: 'reserved',
  benchmarking: 'benchmarking',
  as112: 'anycast',
  as112v6: 'anycast',
  amt: 'anycast',
  deprecatedOrchid: 'identifier',
  orchid2: 'identifier',
  droneRemoteIdProtocolEntityTags: 'identifier',
  discard: 'discard',
  teredo: 'tunnel',
  rfc6145: 'translated',
  ipv4Mapped: 'ipv4-mapped',
  segmentRouting: 'SRv6',
  // NAT64 and 6to4 are judged by the IPv4 address inside (embeddedIpv4 below) before this table.
  rfc6052: null,
  '6to4': null,
};

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * IPv6 forms that carry an IPv4 address a translator or tunnel delivers to: NAT64 (64:ff9b::/96,
 * and the local-use 64:ff9b:1::/48), IPv4-compatible (::/96), 6to4 (2002::/16), IPv4-mapped
 * (::ffff:0:0/96) and IPv4-translated (::ffff:0:0:0/96). A refused IPv4 address inside refuses
 * them by its own kind, so 64:ff9b::a9fe:a9fe is the metadata service (link-local).
 */
function embeddedIpv4(p: number[]): string | undefined {
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  if (p[0] === 0x64 && p[1] === 0xff9b && (zeros(2, 6) || p[2] === 1)) return v4(p[6]!, p[7]!);
  if (zeros(0, 5) && (p[5] === 0 || p[5] === 0xffff)) return v4(p[6]!, p[7]!);
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return v4(p[6]!, p[7]!);
  if (p[0] === 0x2002) return v4(p[1]!, p[2]!);
  return undefined;
}

/** The kind of a refused address, or undefined for a public one (and for anything not an IP). */
export function classifyAddress(ip: string, own: OwnAddresses = ownAddresses): TargetKind | undefined {
  const bare = unbracket(ip).replace(/%.*$/, '');
  if (isIP(bare) === 0) return undefined;
  const addr = ipaddr.parse(bare);
  const range = String(addr.range());
  // Loopback and unspecified keep their own names; any other address of the node is named as
  // such whatever range it is in (this machine's eth0 may well sit in a documentation range).
  if (range === 'loopback' || range === 'unspecified') return range;
  if (own.has(bare)) return 'own address';
  if (addr.kind() === 'ipv6') {
    const parts = (addr as ipaddr.IPv6).parts;
    const inner = embeddedIpv4(parts);
    if (inner !== undefined) {
      const innerKind = classifyAddress(inner, own);
      if (innerKind !== undefined) return innerKind;
    }
    const kind = range in KIND_OF_RANGE ? KIND_OF_RANGE[range] : 'reserved';
    if (kind) return kind;
    if (inner !== undefined) return undefined; // NAT64, 6to4, IPv4-compatible of a public address
    // Outside 2000::/3 nothing is allocated for global unicast (100:0:0:1::/64, the rest of ::/8, 4000::/2, ...).
    if ((parts[0]! & 0xe000) !== 0x2000) return 'reserved';
    return undefined;
  }
  const kind = range in KIND_OF_RANGE ? KIND_OF_RANGE[range] : 'reserved';
  return kind ?? undefined;
}
