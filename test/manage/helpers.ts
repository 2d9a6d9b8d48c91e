// A management-API caller for tests: JSON requests with the platform's bearer token over a real socket.

import { request } from 'undici';
import type { TestPlatform } from '../helpers/platform.js';

export interface Answer {
  status: number;
  body: any;
  headers: Record<string, string | string[] | undefined>;
}

export type Admin = (method: string, path: string, body?: unknown, opts?: { token?: string | null; contentType?: string; raw?: Buffer }) => Promise<Answer>;

export function admin(t: () => TestPlatform): Admin {
  return async (method, path, body, opts = {}) => {
    const { platform } = t();
    const token = opts.token === undefined ? platform.adminToken : opts.token;
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let payload: string | Buffer | undefined;
    if (opts.raw) {
      payload = opts.raw;
      headers['content-type'] = opts.contentType ?? 'audio/wav';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = opts.contentType ?? 'application/json';
    }
    const res = await request(platform.url + path, { method: method as 'GET', headers, body: payload });
    const text = await res.body.text();
    let parsed: unknown = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON: keep the text */ }
    return { status: res.statusCode, body: parsed, headers: res.headers };
  };
}
