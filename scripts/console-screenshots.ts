// `npm run screenshots`: regenerates docs/screenshots/*.png, the console's main views as README
// shows them. A throwaway platform (the tests' one: simulated network on a manual clock, its own
// temporary data) gets a few minutes of traffic of every kind, a receiver that fails some pushes
// and one that is down (its breaker opens), and a task dialling; then Debian's chromium photographs
// each view.

import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/console/browser.js';
import { startTestPlatform } from '../test/helpers/platform.js';
import { Receiver } from '../test/helpers/receiver.js';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

// Without a Chinese font chromium draws the Chinese view as empty boxes.
const cjk = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
if (cjk.error || !cjk.stdout.trim()) {
  process.stderr.write('voxcall screenshots: no Chinese font for chromium: apt-get install -y fonts-wqy-microhei\n');
  process.exit(1);
}

const t = await startTestPlatform();
const rx = await new Receiver().start();
const down = await new Receiver().start();
const browser = await launchChromium();
try {
  await mkdir(OUT, { recursive: true });
  const appKey = t.platform.demo.appKey;
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${t.platform.url}${path}`, {
      method, headers: { authorization: `Bearer ${t.platform.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json() as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
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

  const callees = ['+8613900000001', '+8613900000002', '+8613900000003', '+8613900000004', '+8613900000005', '+8613900000006', '+8613900000008', '+8613900000011'];
  let recorded = '';
  for (let minute = 0; minute < 6; minute++) {
    for (const [i, callee] of callees.entries()) {
      if ((i + minute) % 3 === 0) continue;
      await admin('POST', `/v1/apps/${appKey}/calls`, { kind: i % 2 ? 'notify' : 'verify', callee, code: '2468', collect: i % 2 ? 1 : undefined });
    }
    const cb = await admin('POST', `/v1/apps/${appKey}/calls`, { kind: 'callback', caller: '+8613900000001', callee: '+8613900000011', record: true });
    await admin('POST', '/v1/simulator/calls', { from: '+8613812345678', to: inbound, digits: [String(minute % 2 + 1)] });
    recorded ||= String(cb.sessionId);
    await t.run(60_000);
  }
  await admin('POST', `/v1/apps/${appKey}/calls`, { kind: 'notify', callee: '+8613900000009' });
  await t.run(3_000);

  const shoot = async (page: Page, view: string, name: string, ready: string) => {
    await page.goto(`${t.platform.url}/console/#/${view}`);
    await page.locator(ready).first().waitFor();
    await page.screenshot({ path: `${OUT}${name}.png`, fullPage: true });
  };
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC' });
  const page = await context.newPage();
  await page.goto(`${t.platform.url}/console/`);
  await page.getByLabel('Admin token').waitFor();
  await page.screenshot({ path: `${OUT}sign-in.png` });
  await page.getByLabel('Admin token').fill(t.platform.adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('open-endpoints').locator('li').first().waitFor();
  await page.screenshot({ path: `${OUT}overview.png`, fullPage: true });
  await shoot(page, 'calls', 'calls', 'table a.mono');
  await shoot(page, `calls/${encodeURIComponent(recorded)}`, 'call', 'audio');
  await shoot(page, 'place', 'test-call', 'form button[type="submit"]:enabled');
  await shoot(page, 'pushes?state=failed', 'pushes', 'table a.mono');
  const failed = (await admin('GET', '/v1/pushes?state=failed&limit=1')).pushes as Array<{ id: string }>;
  await shoot(page, `pushes/${failed[0]!.id}`, 'push', '[data-testid="headers"] dt');
  await shoot(page, 'endpoints', 'endpoints', '[data-testid="endpoint-row"]');
  await shoot(page, 'apps', 'apps', '[data-testid="app-row"]');
  await shoot(page, `apps/${appKey}`, 'app', 'table td');
  await shoot(page, `apps/${appKey}/tasks/${taskId}`, 'task', '[data-testid="task-row-line"]');
  await shoot(page, `apps/${appKey}/tasks`, 'tasks', '[data-testid="task-progress"]');
  await shoot(page, `apps/${appKey}/flows/parcel`, 'flow', '[data-testid="flow-node"]');
  await shoot(page, `apps/${appKey}/inbound/${encodeURIComponent(inbound)}`, 'inbound', '[data-testid="inbound-current"] .mono');
  await shoot(page, `simulate?appKey=${appKey}&to=${encodeURIComponent(inbound)}`, 'simulate', 'form button[type="submit"]');
  await shoot(page, `apps/${appKey}/privacy`, 'privacy', '[data-testid="binding-row"]');
  await shoot(page, `apps/${appKey}/bindings/${subscriptionId}`, 'binding', '[data-testid="binding-facts"]');
  await admin('PUT', `/v1/lists/calleeBlacklist/${encodeURIComponent('+8613900000099')}`);
  await admin('PATCH', '/v1/limits', { spCalls: { max: 600, windowS: 60 }, quietHours: { start: '22:00', end: '08:00' } });
  await shoot(page, 'platform', 'platform', '[data-testid="list-entry"]');

  const zh = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const phone = await zh.newPage();
  await phone.goto(`${t.platform.url}/console/`);
  await phone.getByLabel('管理令牌').fill(t.platform.adminToken);
  await phone.getByRole('button', { name: '登录' }).click();
  await phone.getByTestId('open-endpoints').locator('li').first().waitFor();
  await phone.screenshot({ path: `${OUT}overview-zh-phone.png`, fullPage: true });
  process.stdout.write(`screenshots written to ${OUT}\n`);
} finally {
  await browser.close();
  await t.close();
  await rx.close();
  await down.close();
}
