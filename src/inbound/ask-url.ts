// Asking the app's URL what an inbound call does (docs/inbound.md, "The app's URL"): one POST of
// the call, signed like a Huawei push (X-AKSK with the app's key and secret), through the push
// agent (its guard refuses private targets unless allowed), within the route's timeout. Whatever
// goes wrong is returned as a problem sentence: the router then takes the route's fallback.

import { request, type Dispatcher } from 'undici';
import type { App } from '../domain/app.js';
import { signedHeaders } from '../client/sign.js';
import type { Clock } from '../lib/clock.js';

/** What voxcall POSTs to the app's URL. */
export interface UrlRequestBody {
  /** The call's sessionId: the id every push of the call carries. */
  callId: string;
  caller: string;
  called: string;
  appKey: string;
  /** When the call arrived (ISO 8601, UTC). */
  at: string;
  /** An AX binding's A calling out through X: the binding; the answer names the callee (docs/privacy-numbers.md). */
  privacy?: {
    subscriptionId: string;
    numberPoolNo: string;
    bindType: 'AXB' | 'AX';
    phoneNoX: string;
    phoneNoA: string;
    secretCallType: number;
    userData?: string;
  };
}

export type UrlReply = { ok: true; body: unknown } | { ok: false; problem: string };

export type AskUrl = (url: string, timeoutMs: number, app: App, body: UrlRequestBody) => Promise<UrlReply>;

/** Answers longer than this are not read: a route answer is a few hundred bytes. */
export const MAX_ANSWER_BYTES = 64 * 1024;

export function urlAsker(agent: Dispatcher, wall: Clock): AskUrl {
  return async (url, timeoutMs, app, body) => {
    let res;
    try {
      res = await request(url, {
        method: 'POST', dispatcher: agent, body: JSON.stringify(body), headersTimeout: timeoutMs, bodyTimeout: timeoutMs,
        headers: signedHeaders(app.appKey, app.appSecret, wall.now(), 'utc'), signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      return { ok: false, problem: e.name === 'TimeoutError' || e.name === 'AbortError' || /timeout/i.test(e.message) ? `no answer within ${timeoutMs} ms` : `cannot reach the URL: ${e.message}` };
    }
    try {
      if (res.statusCode < 200 || res.statusCode > 299) {
        await res.body.dump();
        return { ok: false, problem: `the URL answered HTTP ${res.statusCode}` };
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > MAX_ANSWER_BYTES) {
          res.body.destroy();
          return { ok: false, problem: `the answer is longer than ${MAX_ANSWER_BYTES} bytes` };
        }
        chunks.push(chunk as Buffer);
      }
      try {
        return { ok: true, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
      } catch {
        return { ok: false, problem: 'the answer is not JSON' };
      }
    } catch (err) {
      const e = err as Error;
      return { ok: false, problem: /timeout|abort/i.test(`${e.name} ${e.message}`) ? `no answer within ${timeoutMs} ms` : `the answer could not be read: ${e.message}` };
    }
  };
}
