// The voxcall client library: the call APIs of the Huawei reference, each request signed per table
// 4-1 with a fresh nonce. HTTP through undici (keep-alive pool; never global fetch).

import { Agent, request, type Dispatcher } from 'undici';
import { systemClock, type Clock } from '../lib/clock.js';
import { VoxcallClientError } from './errors.js';
import { signedHeaders, type CreatedIn } from './sign.js';
import type {
  ApiResponse,
  CallNotifyBody,
  CallStopBody,
  CallVerifyBody,
  Click2CallBody,
  RecordingUrlResponse,
  ResultBody,
} from './types.js';

export interface VoxcallClientOptions {
  /** Where the API lives, e.g. `https://voice.example.com:10443` (a path prefix is kept). */
  baseUrl: string;
  appKey: string;
  appSecret: string;
  clock?: Clock;
  /**
   * Time zone of X-AKSK Created. The reference writes Beijing time (UTC+8) for the call APIs,
   * so that is the default; voxcall accepts both.
   */
  createdIn?: CreatedIn;
  /** An undici dispatcher to share; by default the client owns a keep-alive Agent (see close()). */
  dispatcher?: Dispatcher;
}

export class VoxcallClient {
  readonly #base: string;
  readonly #appKey: string;
  readonly #appSecret: string;
  readonly #clock: Clock;
  readonly #createdIn: CreatedIn;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;

  constructor(opts: VoxcallClientOptions) {
    this.#base = opts.baseUrl.replace(/\/+$/, '');
    this.#appKey = opts.appKey;
    this.#appSecret = opts.appSecret;
    this.#clock = opts.clock ?? systemClock;
    this.#createdIn = opts.createdIn ?? 'beijing';
    this.#ownsDispatcher = opts.dispatcher === undefined;
    this.#dispatcher = opts.dispatcher ?? new Agent();
  }

  /** Voice callback (reference 4.2). */
  click2Call(body: Click2CallBody): Promise<ApiResponse> {
    return this.#post('/rest/httpsessions/click2Call/v2.0', body);
  }

  /** Ends a call on both legs (reference 4.3). */
  callStop(sessionId: string): Promise<ApiResponse> {
    const body: CallStopBody = { sessionid: sessionId, signal: 'call_stop' };
    return this.#post('/rest/httpsessions/callStop/v2.0', body);
  }

  /** Voice notification (reference 5.2); the version is a path segment (table 5-1). */
  callNotify(body: CallNotifyBody, version = 'v2.0'): Promise<ApiResponse> {
    return this.#post(`/rest/httpsessions/callnotify/${encodeURIComponent(version)}`, body);
  }

  /** Voice verification code (reference 6.2). */
  callVerify(body: CallVerifyBody): Promise<ApiResponse> {
    return this.#post('/rest/httpsessions/callVerify/v1.0', body);
  }

  /**
   * The download address of a recording (reference 4.6). Redirects are not followed, as the
   * reference asks: a 301's Location is the address; anything else carries an error body.
   */
  async recordingUrl(fileName: string, recordDomain: string): Promise<RecordingUrlResponse> {
    const query = new URLSearchParams({ fileName, recordDomain }).toString();
    const res = await request(`${this.#base}/rest/provision/voice/record/v1.0?${query}`, {
      method: 'GET',
      headers: this.#headers(),
      dispatcher: this.#dispatcher,
    });
    const text = await res.body.text();
    const location = firstHeader(res.headers['location']);
    const body = text.trim() === '' ? undefined : (parseJson(text, res.statusCode) as Partial<ResultBody>);
    return { status: res.statusCode, location, body };
  }

  /** Closes the connection pool the client owns (a shared dispatcher is left open). */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  #headers(): Record<string, string> {
    return signedHeaders(this.#appKey, this.#appSecret, this.#clock.now(), this.#createdIn);
  }

  async #post(path: string, body: object): Promise<ApiResponse> {
    const res = await request(this.#base + path, {
      method: 'POST',
      headers: this.#headers(),
      body: JSON.stringify(body),
      dispatcher: this.#dispatcher,
    });
    const text = await res.body.text();
    const parsed = parseJson(text, res.statusCode);
    if (!isResultBody(parsed)) {
      throw new VoxcallClientError(`HTTP ${res.statusCode}: body has no resultcode/resultdesc`, res.statusCode, text);
    }
    return { status: res.statusCode, body: parsed };
  }
}

function parseJson(text: string, status: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new VoxcallClientError(`HTTP ${status}: body is not JSON`, status, text);
  }
}

function isResultBody(v: unknown): v is ResultBody {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o['resultcode'] === 'string' && typeof o['resultdesc'] === 'string';
}

function firstHeader(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
