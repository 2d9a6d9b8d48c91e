// The CLI's side of the management API: one request function over undici, which turns a refusal
// into a CliError carrying the API's one-line message.

import { request } from 'undici';

export class CliError extends Error {
  override name = 'CliError';
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type ManageCall = (method: Method, path: string, body?: unknown, opts?: { raw?: Buffer; contentType?: string }) => Promise<unknown>;

export function manageClient(baseUrl: string, token: string): ManageCall {
  const base = baseUrl.replace(/\/+$/, '');
  return async (method, path, body, opts = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    let payload: string | Buffer | undefined;
    if (opts.raw) {
      payload = opts.raw;
      headers['content-type'] = opts.contentType ?? 'application/octet-stream';
    } else if (body !== undefined || method === 'POST' || method === 'PATCH') {
      payload = JSON.stringify(body ?? {});
      headers['content-type'] = 'application/json';
    }
    let res;
    try {
      res = await request(base + path, { method, headers, body: payload });
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new CliError(`cannot reach ${base}${code ? ` (${code})` : ''}: is voxcall running? (--url or VOXCALL_URL)`);
    }
    const text = await res.body.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new CliError(`${base} answered HTTP ${res.statusCode} with a body that is not JSON: is it voxcall?`);
    }
    if (res.statusCode >= 400) {
      const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new CliError(error ? `${error.message} (${error.code}, HTTP ${res.statusCode})` : `HTTP ${res.statusCode}`);
    }
    return parsed;
  };
}
