// One HTTP POST over a shared keep-alive undici Agent, bounded by a real-time timeout. The
// response body is read up to a cap: the dialect judges it and the outbox keeps its first KiB.

import { Agent, buildConnector, request } from 'undici';
import type { AttemptErrorClass } from '../../domain/push.js';
import { classifyError, describeError } from './classify.js';
import { BlockedTargetError, guardLookup, literalTarget, type Resolve } from './target-guard.js';

/** Responses are read up to this many bytes; push receivers answer with a few bytes of JSON. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export type SendResult =
  | { kind: 'response'; status: number; body: string; latencyMs: number; retryAfter?: string }
  | { kind: 'error'; errorClass: AttemptErrorClass; error: string; latencyMs: number };

export interface AgentOptions {
  /** Whether pushes may reach loopback, private, link-local, ... addresses (target-guard.ts). Default true. */
  allowPrivate?: boolean;
  /** The resolver the guard checks names with (default dns.lookup); tests resolve names their own way. */
  resolve?: Resolve;
}

export function createAgent(opts: AgentOptions = {}): Agent {
  // Keep-alive pools per origin; receivers are few and hot, so idle sockets are worth keeping.
  const pool = { keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000 };
  if (opts.allowPrivate !== false) return new Agent({ ...pool, connect: { timeout: 10_000 } });
  // The guard sits in the connector, on every new socket: the lookup checks the addresses a name
  // resolves to at connect time (a rebinding name cannot slip past), and since net.connect skips
  // the lookup for IP literals, those are checked here before connecting.
  const connector = buildConnector({ timeout: 10_000, lookup: guardLookup(opts.resolve) });
  return new Agent({
    ...pool,
    connect: (options, callback) => {
      const literal = literalTarget(options.hostname);
      if (literal) return callback(new BlockedTargetError(literal, options.hostname), null);
      connector(options, callback);
    },
  });
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
    const ra = res.headers['retry-after'];
    const retryAfter = Array.isArray(ra) ? ra[0] : ra;
    return { kind: 'response', status: res.statusCode, body: text, latencyMs: latency(), ...(retryAfter ? { retryAfter } : {}) };
  } catch (err) {
    return { kind: 'error', errorClass: classifyError(err), error: describeError(err), latencyMs: latency() };
  }
}
