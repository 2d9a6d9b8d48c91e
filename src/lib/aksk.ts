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

const SPACE = 0x20;
const TAB = 0x09;
const isSpace = (c: number) => c === SPACE || c === TAB;
const isLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isNameChar = (c: number) => isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d;

/**
 * Parses `Name="value"` attributes separated by commas, with optional spaces or tabs around `,`
 * and `=` and at both ends. Names are a letter then letters, digits, `_` or `-`; values hold no
 * quote. Returns undefined when the text is not such a list, or names an attribute twice (two
 * `Username`s are ambiguous: a proxy and voxcall might read different ones). Attribute names are
 * kept as written.
 *
 * One pass, each character read once: headers come from anyone, and the backtracking regex this
 * replaces took time quadratic in a run of spaces (docs/auth.md, Parsing).
 */
export function parseAttributes(text: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  const n = text.length;
  let i = 0;
  const skipSpaces = () => {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
  };
  skipSpaces();
  while (i < n) {
    const start = i;
    if (!isLetter(text.charCodeAt(i))) return undefined;
    i++;
    while (i < n && isNameChar(text.charCodeAt(i))) i++;
    const name = text.slice(start, i);
    skipSpaces();
    if (text.charCodeAt(i) !== 0x3d /* = */) return undefined;
    i++;
    skipSpaces();
    if (text.charCodeAt(i) !== 0x22 /* " */) return undefined;
    const close = text.indexOf('"', i + 1);
    if (close < 0 || out.has(name)) return undefined;
    out.set(name, text.slice(i + 1, close));
    i = close + 1;
    skipSpaces();
    if (i < n) {
      if (text.charCodeAt(i) !== 0x2c /* , */) return undefined;
      i++;
      skipSpaces();
    }
  }
  return out;
}

/**
 * Splits `Scheme rest`: the scheme a letter then letters or digits, then at least one space or
 * tab unless nothing follows. Undefined when the text does not start (after blanks) with a scheme.
 */
export function splitScheme(text: string): { scheme: string; rest: string } | undefined {
  const n = text.length;
  let i = 0;
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  const start = i;
  if (!isLetter(text.charCodeAt(i))) return undefined;
  while (i < n && (isLetter(text.charCodeAt(i)) || (text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39))) i++;
  const scheme = text.slice(start, i);
  if (i < n && !isSpace(text.charCodeAt(i))) return undefined;
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  return { scheme, rest: text.slice(i) };
}
