// The CLI's side of the management API: every request goes through `send`, which is the only place
// the token is put on the wire. It goes to the configured server and nowhere else: a path that
// would leave the server's origin or prefix is refused, and a redirect is never followed (undici's
// request does not follow them; a 3xx is turned into an error here, so it is not taken for an answer).

import { request } from 'undici';
import { CliError } from './errors.js';
import type { Target } from './server.js';

export { CliError } from './errors.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type ManageCall = (method: Method, path: string, body?: unknown, opts?: { raw?: Buffer; contentType?: string }) => Promise<unknown>;

const shown = (base: URL) => base.href.replace(/\/$/, '');

/** The absolute URL of a management path on the target's server, or a CliError if it would leave it. */
export function urlOn(base: URL, path: string): URL {
  const prefix = shown(base);
  const url = new URL(prefix + path);
  const under = base.pathname === '/' ? '/' : `${base.pathname}/`;
  if (!path.startsWith('/') || url.origin !== base.origin || !url.pathname.startsWith(under)) {
    throw new CliError(`refusing to send the token to ${url.href}: it goes to ${prefix} only`);
  }
  return url;
}

export interface Answer {
  status: number;
  body: Buffer;
}

/** One request to the server with the token; network errors, redirects and refusals become CliErrors. */
export async function send(target: Target, method: Method, path: string, headers: Record<string, string>, payload?: string | Buffer): Promise<Answer> {
  const url = urlOn(target.base, path);
  let res;
  try {
    res = await request(url, { method, headers: { ...headers, authorization: `Bearer ${target.token}` }, body: payload });
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new CliError(`cannot reach ${shown(target.base)} (${code ? `${code}; ` : ''}address from ${target.serverFrom}): is voxcall running there? (--server or VOXCALL_SERVER)`);
  }
  const body = Buffer.from(await res.body.arrayBuffer());
  if (res.statusCode >= 300 && res.statusCode < 400) {
    const location = typeof res.headers.location === 'string' ? ` to ${res.headers.location}` : '';
    throw new CliError(`${shown(target.base)} answered HTTP ${res.statusCode} (a redirect${location}); the CLI follows no redirect, its token goes to ${shown(target.base)} only: give the server's own address with --server`);
  }
  if (res.statusCode >= 400) throw refusal(target, res.statusCode, body);
  return { status: res.statusCode, body };
}

/** The API's one-line message; a 401 says which token was sent (not its value) and where the right one is. */
function refusal(target: Target, status: number, body: Buffer): CliError {
  let error: { code?: string; message?: string } | undefined;
  try {
    error = (JSON.parse(body.toString('utf8')) as { error?: typeof error } | null)?.error;
  } catch { /* not JSON */ }
  if (status === 401) {
    return new CliError(
      `${shown(target.base)} refused the token ${target.tokenFrom} (${error?.code ? `${error.code}, ` : ''}HTTP 401): ` +
        "a voxcall's token is the VOXCALL_ADMIN_TOKEN it was started with, else the one in its <data dir>/admin-token (npm start prints it); " +
        'give it with --token or VOXCALL_ADMIN_TOKEN',
    );
  }
  if (typeof error?.message === 'string' && typeof error.code === 'string') return new CliError(`${error.message} (${error.code}, HTTP ${status})`);
  return new CliError(`${shown(target.base)} answered HTTP ${status} with no voxcall error body: is --server a voxcall server? (address from ${target.serverFrom})`);
}

export function manageClient(target: Target): ManageCall {
  return async (method, path, body, opts = {}) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    let payload: string | Buffer | undefined;
    if (opts.raw) {
      payload = opts.raw;
      headers['content-type'] = opts.contentType ?? 'application/octet-stream';
    } else if (body !== undefined || method === 'POST' || method === 'PATCH') {
      payload = JSON.stringify(body ?? {});
      headers['content-type'] = 'application/json';
    }
    const answer = await send(target, method, path, headers, payload);
    const text = answer.body.toString('utf8');
    try {
      return text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      throw new CliError(`${shown(target.base)} answered HTTP ${answer.status} with a body that is not JSON: is it voxcall?`);
    }
  };
}
