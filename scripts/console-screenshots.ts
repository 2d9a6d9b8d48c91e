// `npm run screenshots`: regenerates docs/screenshots/*.png, the console's main views as README
// shows them. A throwaway platform (the tests' one: simulated network on a manual clock, its own
// temporary data) is seeded with some of everything (test/console/seed.ts); then Debian's chromium
// photographs each view.

import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/console/browser.js';
import { startTestPlatform } from '../test/helpers/platform.js';
import { Receiver } from '../test/helpers/receiver.js';
import { adminOf, seedConsole } from '../test/console/seed.js';

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
  const { appKey, taskId, inbound, subscriptionId, recorded } = await seedConsole(t, rx, down);
  const admin = adminOf(t);

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
