// For receivers of vsp, ucloud and robot pushes from a subscription with a secret: checks the
// Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature) so a receiver can
// tell voxcall's pushes from forgeries and refuse stale ones (replays outside the tolerance).
// De-duplicating by webhook-id (the same on every retry of a push) is left to the receiver.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { systemClock, type Clock } from '../lib/clock.js';

export interface WebhookVerifierOptions {
  /** The subscription's secret, `whsec_<base64>`. */
  secret: string;
  /** How far webhook-timestamp may be from now, either way. Default 5 minutes (the specification's suggestion). */
  toleranceMs?: number;
  clock?: Clock;
}

export type WebhookVerdict = { ok: true; id: string; timestamp: number } | { ok: false; reason: string };

type Headers = Record<string, string | string[] | undefined>;

function header(h: Headers, name: string): string | undefined {
  const v = h[name] ?? h[name.toLowerCase()];
  return Array.isArray(v) ? (v.length === 1 ? v[0] : undefined) : v;
}

export class WebhookVerifier {
  readonly #key: Buffer;
  readonly #tolerance: number;
  readonly #clock: Clock;

  constructor(opts: WebhookVerifierOptions) {
    const b64 = opts.secret.startsWith('whsec_') ? opts.secret.slice('whsec_'.length) : opts.secret;
    this.#key = Buffer.from(b64, 'base64');
    if (this.#key.length === 0) throw new RangeError('the webhook secret holds no key bytes');
    this.#tolerance = opts.toleranceMs ?? 5 * 60_000;
    this.#clock = opts.clock ?? systemClock;
  }

  /** `body` must be the raw request body, byte for byte as received (not re-serialised JSON). */
  verify(headers: Headers, body: string | Buffer): WebhookVerdict {
    const id = header(headers, 'webhook-id');
    const ts = header(headers, 'webhook-timestamp');
    const sigs = header(headers, 'webhook-signature');
    if (!id || !ts || !sigs) return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature' };
    if (!/^\d{1,12}$/.test(ts)) return { ok: false, reason: 'webhook-timestamp is not whole seconds' };
    const seconds = Number(ts);
    if (Math.abs(this.#clock.now() - seconds * 1000) > this.#tolerance) return { ok: false, reason: 'webhook-timestamp outside the tolerance' };

    const expected = createHmac('sha256', this.#key)
      .update(`${id}.${ts}.`)
      .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
      .digest();
    // Several signatures may be sent (during a secret rotation), space-separated; any v1 match counts.
    for (const part of sigs.split(' ')) {
      const comma = part.indexOf(',');
      if (comma < 0 || part.slice(0, comma) !== 'v1') continue;
      const given = Buffer.from(part.slice(comma + 1), 'base64');
      if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true, id, timestamp: seconds };
    }
    return { ok: false, reason: 'no webhook-signature matches' };
  }
}
