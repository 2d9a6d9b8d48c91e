// Helpers of the policy tests: a fresh app per test (its own counters and settings), the
// management API with the platform's token, call bodies, and the refusal assertion.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import type { ResultEntry } from '../../src/api/result-codes.js';
import { VoxcallClient, type ApiResponse } from '../../src/client/index.js';
import type { App } from '../../src/domain/app.js';
import type { TestPlatform } from '../helpers/platform.js';

export interface PolicyApp {
  app: App;
  client: VoxcallClient;
  numbers: string[];
}

let seq = 0;

/** A new app with every capability, two display numbers of its own and plenty of ports. */
export async function freshApp(t: TestPlatform, extra: Partial<App> = {}): Promise<PolicyApp> {
  const n = ++seq;
  const app: App = {
    appKey: `policyapp${n}${randomBytes(3).toString('hex')}`, appSecret: `secret-${n}`, spId: `sp-${n}`, name: `policy ${n}`,
    status: 'active', capabilities: ['callback', 'notify', 'verify'], recordingEnabled: true, portQuota: 100, createdAt: 0, ...extra,
  };
  await t.platform.store.apps.put(app);
  const numbers = [`+867552900${String(n).padStart(3, '0')}1`, `+867552900${String(n).padStart(3, '0')}2`];
  for (const number of numbers) await t.platform.store.apps.putNumber({ number, appKey: app.appKey, status: 'active' });
  const client = new VoxcallClient({ baseUrl: t.platform.url, appKey: app.appKey, appSecret: app.appSecret });
  return { app, client, numbers };
}

export const callback = (p: PolicyApp, over: Record<string, unknown> = {}) =>
  p.client.click2Call({ displayNbr: p.numbers[0]!, callerNbr: '+8613800000001', displayCalleeNbr: p.numbers[1]!, calleeNbr: '+8613800000002', ...over } as never);
export const notify = (p: PolicyApp, over: Record<string, unknown> = {}) =>
  p.client.callNotify({ displayNbr: p.numbers[0]!, calleeNbr: '+8613800000002', playInfoList: [{ notifyVoice: 'welcome.wav' }], ...over } as never);
export const verify = (p: PolicyApp, over: Record<string, unknown> = {}) =>
  p.client.callVerify({ displayNbr: p.numbers[0]!, calleeNbr: '+8613800000002', languageType: 2, preTone: 'welcome.wav', verifyCode: '1234', ...over } as never);

export function accepted(res: ApiResponse): void {
  assert.equal((res.body as { resultcode?: string }).resultcode, '0', JSON.stringify(res.body));
  assert.equal(res.status, 200);
}

export function refused(res: ApiResponse, entry: ResultEntry): void {
  const body = res.body as { resultcode?: string; resultdesc?: string };
  assert.equal(body.resultcode, entry.code, JSON.stringify(body));
  assert.equal(res.status, entry.http);
  assert.ok(body.resultdesc?.startsWith(entry.desc), `${body.resultdesc} starts with ${entry.desc}`);
}

export interface Answer {
  status: number;
  body: any;
}

/** The management API with the platform's bearer token. */
export function manage(t: () => TestPlatform) {
  return async (method: 'GET' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<Answer> => {
    const { platform } = t();
    const headers: Record<string, string> = { authorization: `Bearer ${platform.adminToken}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await request(platform.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? JSON.parse(text) : undefined };
  };
}

/** Calls of an app still stored as in progress (refused ones must leave none). */
export async function storedCalls(t: TestPlatform, appKey: string): Promise<number> {
  return (await t.platform.store.calls.unfinished()).filter((c) => c.appKey === appKey).length;
}
