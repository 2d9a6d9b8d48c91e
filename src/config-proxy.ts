// VOXCALL_TRUST_PROXY: the load balancers in front of the node (README, "PostgreSQL and several
// nodes"). Only requests that arrive from one of them have their client address taken from
// X-Forwarded-For; from anywhere else the header is ignored, so a client cannot choose the
// address that IP allow lists (1020166) and lockouts (1020176) see.

import ipaddr from 'ipaddr.js';
import { ConfigError } from './config-error.js';

/** The addresses and CIDR blocks, as Fastify's trustProxy takes them; undefined = trust none. */
export function trustProxyOf(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const out: string[] = [];
  for (const part of raw.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const ok = part.includes('/') ? isCidr(part) : ipaddr.isValid(part);
    if (!ok) throw new ConfigError(`VOXCALL_TRUST_PROXY lists the load balancers' addresses or CIDR blocks, comma-separated (e.g. 10.0.0.5,10.1.0.0/16), got "${part}"`);
    out.push(part);
  }
  return out;
}

function isCidr(s: string): boolean {
  try {
    ipaddr.parseCIDR(s);
    return true;
  } catch {
    return false;
  }
}
