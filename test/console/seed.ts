// A platform with some of everything the console shows: six simulated minutes of callbacks,
// notifications and verification calls, pushes to a receiver that refuses every fifth one and to
// one that is down (its breaker opens), a task dialling a small flow, an inbound route called by
// simulated callers, and a privacy-number pool with a binding. The screenshots script and the
// layout-shift test both photograph or measure the views on it.

import type { TestPlatform } from '../helpers/platform.js';
import type { Receiver } from '../helpers/receiver.js';

export interface Seeded {
  appKey: string;
  taskId: string;
  /** The number with an inbound route (a flow). */
  inbound: string;
  /** A binding's subscriptionId. */
  subscriptionId: string;
  /** A recorded callback's sessionId. */
  recorded: string;
}

export type Admin = (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;

export function adminOf(t: TestPlatform): Admin {
  return async (method, path, body) => {
    const res = await fetch(`${t.platform.url}${path}`, {
      method, headers: { authorization: `Bearer ${t.platform.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json() as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}

export async function seedConsole(t: TestPlatform, rx: Receiver, down: Receiver): Promise<Seeded> {
  const admin = adminOf(t);
  const appKey = t.platform.demo.appKey;
  await admin('PATCH', `/v1/apps/${appKey}`, { statusUrl: `${rx.url}/status`, feeUrl: `${rx.url}/fee` });
  // Every fifth status push is refused once (they retry and get through); the vsp receiver is down.
  let n = 0;
  rx.respond(() => (++n % 5 === 0 ? { status: 500, body: 'busy, try later' } : { status: 200, body: '{"resultcode":"0","resultdesc":"Success"}' }));
  down.respond(() => ({ status: 503, body: 'maintenance' }));
  await admin('POST', `/v1/apps/${appKey}/subscriptions`, { url: `${down.url}/vsp`, format: 'vsp', receives: 'status', events: ['disconnect'], retrySchedule: [], secret: true });

  // A task of twelve rows on a small flow, dialling while the traffic below runs.
  await admin('POST', `/v1/apps/${appKey}/flows`, {
    id: 'parcel', name: 'parcel notice', note: 'first version',
    flow: {
      start: 'hi', nodes: [
        { id: 'hi', type: 'say', text: 'Hello ${name}, your parcel is at ${place}.', next: 'ask' },
        { id: 'ask', type: 'gather', prompt: [{ say: 'Press 1 to confirm.' }], branches: { 1: 'thanks' }, default: 'bye' },
        { id: 'thanks', type: 'set', tag: 'confirmed', next: 'bye' },
        { id: 'bye', type: 'hangup' },
      ],
    },
  });
  const task = await admin('POST', `/v1/apps/${appKey}/tasks`, { name: 'parcel notices', flowId: 'parcel', displayNumbers: ['+8675528000001'], concurrency: 2 });
  const taskId = String((task.task as { taskId: string }).taskId);
  const names = ['Ann', 'Bo', 'Chen', 'Dai', 'Eve', 'Fang', 'Gao', 'Hu', 'Ivy', 'Jun', 'Kai', 'Li'];
  await admin('POST', `/v1/apps/${appKey}/tasks/${taskId}/rows`, {
    header: ['callee', 'name', 'place'], rows: names.map((name, i) => [`+86139000001${String(i).padStart(2, '0')}`, name, i % 2 ? 'Gate 3' : 'the front desk']),
  });
  await admin('POST', `/v1/apps/${appKey}/tasks/${taskId}/start`);

  // An inbound route to a small menu on the second number (simulated callers below), and a pool
  // of privacy numbers with a binding.
  const inbound = '+8675528000002';
  await admin('POST', `/v1/apps/${appKey}/flows`, {
    id: 'reception', name: 'reception menu',
    flow: { start: 'menu', nodes: [
      { id: 'menu', type: 'gather', prompt: [{ say: 'Press 1 for sales.' }], maxDigits: 1, branches: { 1: 'sales' }, default: 'bye' },
      { id: 'sales', type: 'say', text: 'Sales it is.', next: 'bye' },
      { id: 'bye', type: 'hangup' },
    ] },
  });
  await admin('PUT', `/v1/apps/${appKey}/numbers/${encodeURIComponent(inbound)}/inbound`, { type: 'flow', flowId: 'reception' });
  await admin('POST', `/v1/apps/${appKey}/pools`, { numberPoolNo: 'shenzhen', name: 'Shenzhen' });
  await admin('POST', `/v1/apps/${appKey}/pools/shenzhen/numbers`, { number: '+8675528000003', areaCode: '755' });
  const bound = await admin('POST', `/v1/apps/${appKey}/bindings`, {
    numberPoolNo: 'shenzhen', phoneNoA: '+8613900000001', phoneNoB: '+8613900000002', recordFlag: true, expireAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  });
  const subscriptionId = String(bound.subscriptionId);

  let recorded = '';
  for (let minute = 0; minute < 6; minute++) {
    recorded ||= await trafficMinute(t, minute, inbound);
    await t.run(60_000);
  }
  await admin('POST', `/v1/apps/${appKey}/calls`, { kind: 'notify', callee: '+8613900000009' });
  await t.run(3_000);
  return { appKey, taskId, inbound, subscriptionId, recorded };
}

const CALLEES = ['+8613900000001', '+8613900000002', '+8613900000003', '+8613900000004', '+8613900000005', '+8613900000006', '+8613900000008', '+8613900000011'];

/** One minute's new calls of every kind (not yet run): returns the recorded callback's sessionId. */
export async function trafficMinute(t: TestPlatform, minute: number, inbound: string): Promise<string> {
  const admin = adminOf(t);
  const appKey = t.platform.demo.appKey;
  for (const [i, callee] of CALLEES.entries()) {
    if ((i + minute) % 3 === 0) continue;
    await admin('POST', `/v1/apps/${appKey}/calls`, { kind: i % 2 ? 'notify' : 'verify', callee, code: '2468', collect: i % 2 ? 1 : undefined });
  }
  const cb = await admin('POST', `/v1/apps/${appKey}/calls`, { kind: 'callback', caller: '+8613900000001', callee: '+8613900000011', record: true });
  await admin('POST', '/v1/simulator/calls', { from: '+8613812345678', to: inbound, digits: [String(minute % 2 + 1)] });
  return String(cb.sessionId);
}
