// A receiver: what a push really reaches. Apps choose push URLs per request (a path, a query per
// call), so a URL says little about the server behind it; its origin (scheme://host:port) does.
// The in-flight limit and the circuit breaker work per receiver = one app's pushes to one origin:
// a host that hangs is one receiver however many paths it is given, and one app's receiver never
// shares a gate with another app's (docs/delivery.md, "Endpoint isolation").

import { createHash } from 'node:crypto';

export interface Receiver {
  appKey: string;
  /** `scheme://host:port`, the port always written; the URL itself when it cannot be parsed. */
  origin: string;
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** `http://Example.com/a?b` and `http://example.com:80/c` are both `http://example.com:80`. */
export function originOf(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  if (u.host === '') return url;
  const port = u.port || DEFAULT_PORTS[u.protocol] || '';
  return `${u.protocol}//${u.hostname}${port ? `:${port}` : ''}`;
}

/** The gate key of the app's pushes to the origin of `url` (an origin gives itself back). */
export const receiverKey = (appKey: string, url: string): string => JSON.stringify([appKey, originOf(url)]);

export function parseReceiverKey(key: string): Receiver {
  const [appKey, origin] = JSON.parse(key) as [string, string];
  return { appKey, origin };
}

/** `rc_` + 16 hex digits of SHA-256: the same on every node, safe in a metric label or a path. */
export const receiverId = (r: Receiver): string =>
  `rc_${createHash('sha256').update(`${r.appKey}\n${r.origin}`).digest('hex').slice(0, 16)}`;
