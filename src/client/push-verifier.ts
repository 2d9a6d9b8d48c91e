// For receivers of Huawei-format pushes (status and CDR notifications, reference 4.4/4.5, table
// 4-12): checks that a push really comes from the platform holding the app's secret, is fresh,
// and is not a replay. The digest covers the receiver's own URL, so a push captured on one URL
// cannot be replayed to another.

import { AUTHORIZATION_VALUE, digestsEqual, parseAttributes, pushDigest } from '../lib/aksk.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { SeenNonces } from './seen-nonces.js';

export interface PushVerifierOptions {
  appKey: string;
  appSecret: string;
  /** How far Created may be from now, under the Beijing or the UTC reading. Default 15 minutes. */
  toleranceMs?: number;
  clock?: Clock;
  /** Nonces remembered at most. Default 100 000. */
  maxNonces?: number;
}

export type PushVerdict = { ok: true } | { ok: false; reason: string };

type Headers = Record<string, string | string[] | undefined>;

const BEIJING_OFFSET_MS = 8 * 3600_000;
const NONCE = /^[A-Za-z0-9]{1,128}$/;
const CREATED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?Z?$/;

export class PushVerifier {
  readonly #appKey: string;
  readonly #appSecret: string;
  readonly #toleranceMs: number;
  readonly #clock: Clock;
  readonly #seen: SeenNonces;

  constructor(opts: PushVerifierOptions) {
    this.#appKey = opts.appKey;
    this.#appSecret = opts.appSecret;
    this.#toleranceMs = opts.toleranceMs ?? 15 * 60_000;
    this.#clock = opts.clock ?? systemClock;
    this.#seen = new SeenNonces(opts.maxNonces ?? 100_000);
  }

  /**
   * Verifies one push. `url` is the URL the push was sent to, exactly as configured (the statusUrl
   * or feeUrl given to the platform); `headers` as the HTTP server hands them over, any case.
   */
  verify(url: string, headers: Headers): PushVerdict {
    const authorization = header(headers, 'authorization');
    if (authorization === undefined) return fail('Authorization header missing or repeated');
    if (!sameAuthorization(authorization)) return fail('Authorization is not the AKSK UsernameToken Appkey scheme');

    const xAksk = header(headers, 'x-aksk');
    if (xAksk === undefined) return fail('X-AKSK header missing or repeated');
    const m = /^\s*UsernameToken\s+([\s\S]*)$/.exec(xAksk);
    const attrs = m ? parseAttributes(m[1]!) : undefined;
    if (!attrs) return fail('X-AKSK is not a UsernameToken');
    const username = attrs.get('Username');
    const nonce = attrs.get('Nonce');
    const created = attrs.get('Created');
    const digest = attrs.get('PasswordDigest');
    if (!username || !nonce || !created || !digest) return fail('X-AKSK lacks Username, Nonce, Created or PasswordDigest');
    if (username !== this.#appKey) return fail('Username is not this app key');
    if (!NONCE.test(nonce)) return fail('Nonce is not 1-128 letters or digits');

    const asUtc = parseCreated(created);
    if (asUtc === undefined) return fail('Created is not yyyy-MM-ddTHH:mm:ssZ');
    const now = this.#clock.now();
    const tol = this.#toleranceMs;
    const fresh = Math.abs(now - asUtc) <= tol || Math.abs(now - (asUtc - BEIJING_OFFSET_MS)) <= tol;
    if (!fresh) return fail('Created is outside the time window');

    if (!digestsEqual(pushDigest(this.#appSecret, url, nonce, created), digest)) return fail('PasswordDigest does not match');
    if (this.#seen.has(nonce, now)) return fail('Nonce already used');
    // Kept until the later (UTC) reading leaves the window, so neither reading can replay it.
    this.#seen.add(nonce, asUtc + tol, now);
    return { ok: true };
  }
}

function fail(reason: string): PushVerdict {
  return { ok: false, reason };
}

/** The header's single value; undefined when absent, empty or sent more than once. */
function header(headers: Headers, name: string): string | undefined {
  let found: string | undefined;
  let count = 0;
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== name || v === undefined) continue;
    const values = Array.isArray(v) ? v : [v];
    count += values.length;
    found = values[0];
  }
  return count === 1 && found !== undefined && found.trim() !== '' ? found : undefined;
}

const EXPECTED_AUTH = parseAttributes(AUTHORIZATION_VALUE.replace(/^AKSK\s+/, ''))!;

/** Same scheme and attributes as AUTHORIZATION_VALUE, spacing aside. */
function sameAuthorization(value: string): boolean {
  const m = /^\s*AKSK\s+([\s\S]*)$/i.exec(value);
  const attrs = m ? parseAttributes(m[1]!) : undefined;
  if (!attrs || attrs.size !== EXPECTED_AUTH.size) return false;
  for (const [k, v] of EXPECTED_AUTH) if (attrs.get(k) !== v) return false;
  return true;
}

function parseCreated(text: string): number | undefined {
  const m = CREATED.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return new Date(ms).getUTCDate() === d ? ms : undefined;
}
