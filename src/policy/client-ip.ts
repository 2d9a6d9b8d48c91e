// The app's client IP allow list (1020166): IPv4/IPv6 addresses and CIDR blocks, matched by
// node's BlockList. An app without a list (or with an empty one) accepts any address.

import { BlockList, isIP } from 'node:net';
import { refuse, type Refusal } from './refusal.js';

/** Built lists, by the list's text: apps are re-read on every request, their lists rarely change. */
const built = new Map<string, BlockList>();

function blockListOf(entries: string[]): BlockList {
  const key = entries.join(',');
  let list = built.get(key);
  if (list) return list;
  list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (isIP(address) === 0) continue; // the management API refuses malformed entries; an old bad one matches nothing
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  if (built.size > 1000) built.clear();
  built.set(key, list);
  return list;
}

/** A syntactically valid allow-list entry: an IP address or address/prefix. */
export function isIpOrCidr(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** The address as the client wrote it: an IPv4 client of a dual-stack socket shows as ::ffff:a.b.c.d. */
function plain(ip: string): string {
  return ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
}

export function clientIpAllowed(allowed: string[] | undefined, ip: string): boolean {
  if (!allowed || allowed.length === 0) return true;
  const address = plain(ip);
  const family = isIP(address);
  if (family === 0) return false;
  return blockListOf(allowed).check(address, family === 6 ? 'ipv6' : 'ipv4');
}

export function checkClientIp(allowed: string[] | undefined, ip: string): Refusal | undefined {
  if (!clientIpAllowed(allowed, ip)) return refuse('ipNotWhitelisted', `${plain(ip)} is not in the app's allowed client IPs`);
  return undefined;
}
