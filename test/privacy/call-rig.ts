// What the privacy-call tests share: a platform on a manual wall clock (a binding's expiry is a
// real time) with the app's push URLs and a vsp subscription on one real receiver, a pool of X
// numbers, signed binding requests, and a simulated caller dialling an X.

import assert from 'node:assert/strict';
import { request } from 'undici';
import { signedHeaders } from '../../src/client/sign.js';
import { ManualClock } from '../../src/lib/clock.js';
import { usePlatform } from '../helpers/platform.js';
import type { Received } from '../helpers/receiver.js';
import { admin } from '../manage/helpers.js';

export function privacyRig() {
  const wall = new ManualClock(Date.now());
  const ctx = usePlatform({ wallClock: wall });
  const manage = admin(() => ctx.t);
  const appKey = () => ctx.t.platform.demo.appKey;

  /** The app's Huawei push URLs and a vsp subscription, all on the receiver. */
  async function setup(): Promise<void> {
    assert.equal((await manage('PATCH', `/v1/apps/${appKey()}`, { statusUrl: `${ctx.rx.url}/status`, feeUrl: `${ctx.rx.url}/fee` })).status, 200);
    const sub = await manage('POST', `/v1/apps/${appKey()}/subscriptions`, { url: `${ctx.rx.url}/vsp`, format: 'vsp' });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
  }

  /** A pool with the given X numbers (made display numbers of the app first). */
  async function pool(id: string, xs: string[]): Promise<void> {
    assert.equal((await manage('POST', `/v1/apps/${appKey()}/pools`, { numberPoolNo: id })).status, 201);
    for (const x of xs) {
      assert.equal((await manage('POST', `/v1/apps/${appKey()}/numbers`, { number: x })).status, 201);
      assert.equal((await manage('POST', `/v1/apps/${appKey()}/pools/${id}/numbers`, { number: x })).status, 201);
    }
  }

  /** A signed application API request (the bindings API). */
  async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const { platform } = ctx.t;
    const headers: Record<string, string> = signedHeaders(platform.demo.appKey, platform.demo.appSecret, wall.now(), 'utc');
    if (body === undefined) delete headers['content-type'];
    const res = await request(platform.url + path, { method: method as 'GET', headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.statusCode, body: JSON.parse(await res.body.text()) };
  }

  async function bind(body: object): Promise<any> {
    const r = await api('POST', '/rest/voxcall/v1/bindings', body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.binding;
  }

  /** A simulated caller dials X: the simulator's answer (accepted, sessionId, q850). */
  async function dial(from: string, to: string, extra: object = {}): Promise<{ accepted: boolean; sessionId: string; q850?: number }> {
    const placed = await manage('POST', '/v1/simulator/calls', { from, to, ...extra });
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    return placed.body;
  }

  async function detail(sessionId: string): Promise<any> {
    const d = await manage('GET', `/v1/calls/${encodeURIComponent(sessionId)}`);
    assert.equal(d.status, 200);
    return d.body;
  }

  /** Runs the network until the call ended and its pushes (n on /vsp, a fee) arrived. */
  async function settle(sessionId: string, vspCount: number, ms = 120_000): Promise<void> {
    await ctx.t.run(ms);
    await ctx.t.platform.engine.idle();
    await ctx.rx.until((all) => all.filter((p) => p.path === '/vsp' && p.body?.callId === sessionId).length >= vspCount);
    await ctx.rx.until((all) => all.some((p) => p.path === '/fee' && p.body.feeLst?.some((f: any) => f.sessionId === sessionId)));
  }

  const ofCall = (path: string, sessionId: string): Received[] => ctx.rx.on(path).filter((p) => JSON.stringify(p.body).includes(sessionId));

  return { wall, ctx, manage, appKey, setup, pool, api, bind, dial, detail, settle, ofCall };
}
