// HTTP digest authentication as SIP uses it (RFC 3261 22, RFC 2617): read a WWW-Authenticate or
// Proxy-Authenticate challenge and build the matching Authorization / Proxy-Authorization value.
// MD5 only (what trunks send); qop=auth with cnonce and nc, or no qop at all.

import { createHash, randomBytes } from 'node:crypto';
import { SipParseError } from './errors.js';
import { splitOutsideQuotes } from './uri.js';

export interface Challenge {
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm?: string;
  /** The qop options offered, e.g. ['auth', 'auth-int']. */
  qop: string[];
  stale: boolean;
}

export interface Credentials {
  username: string;
  password: string;
  /** The one realm answered: configured, or pinned to the first realm the trunk challenged with. */
  realm?: string;
}

/**
 * Whether credentials may answer a challenge of this realm: only the configured one, or (none
 * configured) the first one seen, pinned from then on (trust on first use) so that a challenge
 * from anything else along the way never gets a response computed from our password.
 */
export function realmAllowed(creds: Credentials, realm: string, onPin: (realm: string) => void): boolean {
  if (creds.realm === undefined) {
    creds.realm = realm;
    onPin(realm);
  }
  return creds.realm === realm;
}

/** A quoted-string (RFC 3261 25.1): quotes and backslashes escaped; a line break cannot be quoted. */
function quoted(s: string): string {
  if (/[\r\n]/.test(s)) throw new SipParseError('a line break cannot be written in a quoted-string');
  return `"${s.replace(/["\\]/g, '\\$&')}"`;
}

export interface DigestInput extends Credentials {
  realm: string;
  nonce: string;
  method: string;
  uri: string;
  qop?: 'auth';
  nc?: string;
  cnonce?: string;
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

export function parseChallenge(value: string): Challenge {
  const m = /^\s*Digest\s+(.*)$/is.exec(value);
  if (!m) throw new SipParseError('not a Digest challenge');
  const p: Record<string, string> = {};
  for (const part of splitOutsideQuotes(m[1]!, ',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    let v = part.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
    p[part.slice(0, eq).trim().toLowerCase()] = v;
  }
  if (p.realm === undefined || p.nonce === undefined) throw new SipParseError('challenge without realm or nonce');
  const c: Challenge = {
    realm: p.realm,
    nonce: p.nonce,
    qop: (p.qop ?? '').split(',').map((q) => q.trim().toLowerCase()).filter((q) => q !== ''),
    stale: (p.stale ?? '').toLowerCase() === 'true',
  };
  if (p.opaque !== undefined) c.opaque = p.opaque;
  if (p.algorithm !== undefined) c.algorithm = p.algorithm;
  return c;
}

/** The request-digest of RFC 2617 3.2.2.1 (MD5, qop auth or none). */
export function digestResponse(d: DigestInput): string {
  const ha1 = md5(`${d.username}:${d.realm}:${d.password}`);
  const ha2 = md5(`${d.method}:${d.uri}`);
  if (d.qop === 'auth') return md5(`${ha1}:${d.nonce}:${d.nc ?? '00000001'}:${d.cnonce ?? ''}:auth:${ha2}`);
  return md5(`${ha1}:${d.nonce}:${ha2}`);
}

/** Whether we can answer the challenge (MD5, and qop auth or none). */
export function supported(c: Challenge): boolean {
  const alg = (c.algorithm ?? 'MD5').toUpperCase();
  return alg === 'MD5' && (c.qop.length === 0 || c.qop.includes('auth'));
}

/** The Authorization (or Proxy-Authorization) header value answering the challenge. */
export function authorization(c: Challenge, creds: Credentials, method: string, uri: string, nc = 1, cnonce = randomBytes(8).toString('hex')): string {
  const useQop = c.qop.includes('auth');
  const ncs = nc.toString(16).padStart(8, '0');
  const input: DigestInput = { username: creds.username, password: creds.password, realm: c.realm, nonce: c.nonce, method, uri };
  if (useQop) Object.assign(input, { qop: 'auth', nc: ncs, cnonce });
  const parts = [
    `username=${quoted(creds.username)}`, `realm="${c.realm}"`, `nonce="${c.nonce}"`, `uri="${uri}"`,
    `response="${digestResponse(input)}"`, 'algorithm=MD5',
  ];
  if (c.opaque !== undefined) parts.push(`opaque="${c.opaque}"`);
  if (useQop) parts.push('qop=auth', `nc=${ncs}`, `cnonce="${cnonce}"`);
  return `Digest ${parts.join(', ')}`;
}
