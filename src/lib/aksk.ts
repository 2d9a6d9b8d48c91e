// The AK/SK primitives of the Huawei reference (3.2, tables 4-1 and 4-12), shared by the API's
// authentication, the client library and the Huawei push signer.

import { createHmac, randomFillSync, timingSafeEqual } from 'node:crypto';

export const AUTHORIZATION_VALUE = 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"';

/** Base64(HMAC-SHA256(secret, message)). */
export function passwordDigest(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message, 'utf8').digest('base64');
}

/** Request digest: the message is Nonce + Created (reference 4.2, table 4-1). */
export function requestDigest(secret: string, nonce: string, created: string): string {
  return passwordDigest(secret, nonce + created);
}

/** Push digest: the message is url + "\n" + nonce + "\n" + created (reference 4.4, table 4-12). */
export function pushDigest(secret: string, url: string, nonce: string, created: string): string {
  return passwordDigest(secret, `${url}\n${nonce}\n${created}`);
}

/** Compares two digests in constant time (for equal lengths; unequal lengths fail at once). */
export function digestsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

// Every push attempt signs with a fresh nonce; one randomBytes call per nonce cost about 7 % of
// the dispatcher's CPU (a syscall-sized fill each time). Filling 4 KiB at once serves 256.
const NONCE_POOL = Buffer.alloc(4096);
let noncePos = NONCE_POOL.length;

/** A nonce as the reference wants it: 32 hex characters from a secure random source. */
export function newNonce(): string {
  if (noncePos + 16 > NONCE_POOL.length) {
    randomFillSync(NONCE_POOL);
    noncePos = 0;
  }
  const hex = NONCE_POOL.toString('hex', noncePos, noncePos + 16).toUpperCase();
  noncePos += 16;
  return hex;
}

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** `yyyy-MM-ddTHH:mm:ssZ` of the given instant in UTC. */
export function createdUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** `yyyy-MM-ddTHH:mm:ssZ` of the given instant in Beijing time (UTC+8), as the reference writes it. */
export function createdBeijing(ms: number): string {
  return createdUtc(ms + BEIJING_OFFSET_MS);
}

export function xAkskValue(appKey: string, digest: string, nonce: string, created: string): string {
  return `UsernameToken Username="${appKey}",PasswordDigest="${digest}",Nonce="${nonce}",Created="${created}"`;
}

/**
 * Parses `Name="value"` attributes separated by commas (with or without spaces). Returns undefined
 * when the text is not a well-formed attribute list. Attribute names are kept as written.
 */
export function parseAttributes(text: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  const re = /\s*([A-Za-z][A-Za-z0-9_ -]*?)\s*=\s*"([^"]*)"\s*(,|$)/y;
  let pos = 0;
  const s = text.trim();
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) return undefined;
    out.set(m[1]!, m[2]!);
    pos = re.lastIndex;
  }
  return out;
}
