// Recording download links (reference 4.6): the API answers 301 with a link valid for 7 days that
// serves the WAV without AK/SK headers, so it works in a browser. The link carries its expiry and an
// HMAC over (app key, file name, expiry) with a key only this platform knows.

import { createHmac } from 'node:crypto';
import { digestsEqual } from '../lib/aksk.js';

export class RecordLinks {
  constructor(
    private readonly key: string,
    private readonly ttlMs: number,
  ) {}

  #sign(appKey: string, fileName: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${appKey}\n${fileName}\n${expires}`).digest('base64url');
  }

  /** Path and query of a link for the file, valid from now for the configured time. */
  create(appKey: string, fileName: string, now: number): string {
    const expires = now + this.ttlMs;
    const q = new URLSearchParams({ app: appKey, expires: String(expires), signature: this.#sign(appKey, fileName, expires) });
    return `/recordings/${encodeURIComponent(fileName)}?${q}`;
  }

  /** Whether a link's parameters are authentic and unexpired. */
  valid(appKey: string, fileName: string, expires: number, signature: string, now: number): boolean {
    if (!Number.isSafeInteger(expires) || expires < now) return false;
    return digestsEqual(this.#sign(appKey, fileName, expires), signature);
  }
}
