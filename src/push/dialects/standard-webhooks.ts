// Optional signing for the formats whose documents define none (vsp, ucloud, robot, voxcall), after the
// Standard Webhooks specification: the receiver checks origin and freshness with one shared
// secret. Pure: the caller provides the secret, the message id and the time.

import { createHmac } from 'node:crypto';
import type { SignInput } from './types.js';

export const SECRET_PREFIX = 'whsec_';

/** The key bytes of a `whsec_<base64>` secret (a secret without the prefix is taken as base64 too). */
export function secretKey(secret: string): Buffer {
  const b64 = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(b64, 'base64');
  if (key.length === 0) throw new RangeError('a webhook secret must hold at least one byte of base64');
  return key;
}

/** `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`. */
export function webhookSignature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The headers of a JSON push; the three webhook-* ones only when there is a secret. */
export function jsonPushHeaders(input: SignInput): Record<string, string> {
  const h: Record<string, string> = {
    'Content-Type': 'application/json;charset=UTF-8',
    'X-Voxcall-Message-Id': input.messageId,
  };
  if (input.secret !== undefined) {
    const ts = Math.floor(input.now / 1000);
    h['webhook-id'] = input.messageId;
    h['webhook-timestamp'] = String(ts);
    h['webhook-signature'] = webhookSignature(input.secret, input.messageId, ts, input.body);
  }
  return h;
}
