// One HTTP POST over a shared keep-alive undici Agent, bounded by a real-time timeout. The
// response body is read up to a cap: the dialect judges it and the outbox keeps its first KiB.

import { Agent, request } from 'undici';
import type { AttemptErrorClass } from '../../domain/push.js';
import { classifyError, describeError } from './classify.js';

/** Responses are read up to this many bytes; push receivers answer with a few bytes of JSON. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export type SendResult =
  | { kind: 'response'; status: number; body: string; latencyMs: number }
  | { kind: 'error'; errorClass: AttemptErrorClass; error: string; latencyMs: number };

export function createAgent(): Agent {
  // Keep-alive pools per origin; receivers are few and hot, so idle sockets are worth keeping.
  return new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000, connect: { timeout: 10_000 } });
}

export async function send(
  agent: Agent, url: string, headers: Record<string, string>, body: string, timeoutMs: number,
): Promise<SendResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const res = await request(url, {
      method: 'POST',
      dispatcher: agent,
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      const b = chunk as Buffer;
      chunks.push(b);
      size += b.length;
      if (size >= MAX_RESPONSE_BYTES) break; // leaving the loop destroys the rest of the stream
    }
    const text = Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8');
    return { kind: 'response', status: res.statusCode, body: text, latencyMs: latency() };
  } catch (err) {
    return { kind: 'error', errorClass: classifyError(err), error: describeError(err), latencyMs: latency() };
  }
}
