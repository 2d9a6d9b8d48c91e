// The console's calls in a real browser: a test call placed from the console whose timeline fills
// in live as the simulated world runs, its hangup reason, digits, pushes and attempts; the list
// filtered; bad input answered with the API's message next to the field (the call API's paths too);
// the timeline's hangup description in Chinese.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { admin } from '../manage/helpers.js';
import { useConsole } from './browser.js';

const ctx = useConsole();
const call = admin(() => ctx.t);

describe('console: calls', () => {
  test('a notification placed from the console: its timeline completes live, with digits, hangup reason and pushes', async () => {
    const appKey = ctx.t.platform.demo.appKey;
    assert.equal((await call('PATCH', `/v1/apps/${appKey}`, { statusUrl: `${ctx.rx.url}/status`, feeUrl: `${ctx.rx.url}/fee` })).status, 200);
    const page = await ctx.signedIn();
    await page.getByRole('link', { name: 'Test call' }).click();
    await page.getByRole('radio', { name: 'Notification' }).check();
    await page.getByLabel('Callee', { exact: true }).fill('+8613900000008');
    await page.getByLabel('TTS template').fill('test_template');
    await page.getByLabel('Template values').fill('3, 人民公园正门');
    await page.getByLabel('Collect digits').fill('1');
    await page.getByRole('button', { name: 'Place the call' }).click();
    await page.getByRole('heading', { level: 1, name: /^Call / }).waitFor();
    const sessionId = decodeURIComponent(new URL(page.url()).hash.replace('#/calls/', ''));
    assert.match(sessionId, /^1202_/);
    await page.getByText('Live: updates every second').waitFor();
    const timeline = page.getByTestId('timeline');

    // The simulated world moves only when the test says; each step shows up on the open page.
    await ctx.t.run(1500);
    await timeline.locator('[data-event="alerting"]').waitFor();
    assert.equal(await timeline.locator('[data-event="answer"]').count(), 0);
    await ctx.t.run(1000);
    await timeline.locator('[data-event="answer"]').waitFor();
    await ctx.t.run(60_000);
    await timeline.locator('[data-event="disconnect"]').waitFor();
    await timeline.locator('[data-event="collectInfo"]').filter({ hasText: '1' }).waitFor();
    await page.getByTestId('digits').filter({ hasText: '1' }).waitFor();
    await page.getByTestId('hangup').filter({ hasText: '0 — The user releases the call.' }).waitFor();
    await page.getByText('Final', { exact: true }).waitFor();

    const api = (await call('GET', `/v1/calls/${encodeURIComponent(sessionId)}`)).body;
    assert.deepEqual(await timeline.locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-event'))), api.events.map((e: { type: string }) => e.type));
    assert.equal(await page.getByTestId('call-push').count(), api.pushes.length);
    assert.equal(await page.getByTestId('call-push').getByTestId('attempt').count(), api.pushes.reduce((n: number, p: { attempts: unknown[] }) => n + p.attempts.length, 0));
    await page.getByTestId('call-push').first().getByText('200').first().waitFor();
    await timeline.locator('[data-event="disconnect"]').filter({ hasText: '0 · The user releases the call.' }).waitFor();

    // In Chinese the timeline's hangup description is Chinese too, as on the hangup card.
    const zh = await ctx.signedIn({ locale: 'zh-CN' });
    await zh.goto(`${ctx.t.platform.url}/console/#/calls/${encodeURIComponent(sessionId)}`);
    await zh.getByTestId('timeline').locator('[data-event="disconnect"]').filter({ hasText: '0 · 用户正常释放呼叫。' }).waitFor();
    await zh.context().close();

    // The list finds it by outcome and number; a malformed number is refused next to its field.
    await page.getByRole('link', { name: 'Calls', exact: true }).click();
    await page.getByLabel('Outcome').selectOption('answered');
    await page.getByLabel('Number').fill('+8613900000008');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('link', { name: sessionId }).waitFor();
    await page.getByLabel('Number').fill('13900000008');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('#f-number-error').filter({ hasText: /^query parameter number / }).waitFor();
    await page.context().close();
  });

  test('a refused test call shows the API\'s message next to the field it names', async () => {
    const page = await ctx.signedIn();
    await page.goto(`${ctx.t.platform.url}/console/#/place`);
    await page.getByRole('radio', { name: 'Callback' }).check();
    await page.getByLabel('Caller (A leg)').fill('');
    await page.getByRole('button', { name: 'Place the call' }).click();
    await page.locator('#caller-error').filter({ hasText: 'caller is required for a callback' }).waitFor();
    await page.getByLabel('Caller (A leg)').fill('12345');
    await page.getByRole('button', { name: 'Place the call' }).click();
    await page.locator('#caller-error').filter({ hasText: /^caller / }).waitFor();
    assert.equal(await page.locator('#callee-error').count(), 0);

    // The call API's own paths go under the form's fields: playInfoList[0].templateId under the
    // template, playInfoList[0].templateParas[i] under the values, a code's preTone under its voice.
    await page.getByRole('radio', { name: 'Notification' }).check();
    await page.getByLabel('TTS template').fill('nosuch');
    await page.getByRole('button', { name: 'Place the call' }).click();
    await page.locator('#template-error').filter({ hasText: /playInfoList\[0\]\.templateId: template "nosuch"/ }).waitFor();
    await page.getByLabel('TTS template').fill('test_template');
    await page.getByLabel('Template values').fill('3');
    await page.getByRole('button', { name: 'Place the call' }).click();
    await page.locator('#params-error').filter({ hasText: /playInfoList\[0\]\.templateParas\[1\]: template has 2 variable/ }).waitFor();
    await page.getByRole('radio', { name: 'Verification code' }).check();
    await page.getByLabel('Voice before the code (preTone)').fill('nosuch.wav');
    await page.getByRole('button', { name: 'Place the call' }).click();
    await page.locator('#voice-error').filter({ hasText: /preTone: voice file "nosuch\.wav"/ }).waitFor();
    assert.equal(await page.locator('.form > .error').count(), 0, 'nothing above the form');
    await page.context().close();
  });

  test('a recording keeps its link while the page polls (a new signed link each load would restart the player)', async () => {
    const appKey = ctx.t.platform.demo.appKey;
    // Status pushes refused: they stay queued (retried later), so the call's page keeps polling.
    ctx.rx.respond(() => ({ status: 500, body: 'down' }));
    try {
      assert.equal((await call('PATCH', `/v1/apps/${appKey}`, { statusUrl: `${ctx.rx.url}/status` })).status, 200);
      const placed = await call('POST', `/v1/apps/${appKey}/calls`, { kind: 'callback', caller: '+8613900000001', callee: '+8613900000011', record: true });
      assert.equal(placed.status, 201);
      await ctx.t.run(30_000);
      const id = encodeURIComponent(placed.body.sessionId);
      const page = await ctx.signedIn();
      await page.goto(`${ctx.t.platform.url}/console/#/calls/${id}`);
      await page.getByText('Live: updates every second').waitFor();
      const src = await page.locator('audio').getAttribute('src');
      assert.ok(src?.includes('signature='));
      // Two more loads of the call, each answered with a newly signed link: the player keeps its own.
      const links = new Set<string>();
      for (let i = 0; i < 2; i++) {
        const res = await page.waitForResponse((r) => r.url().includes(`/v1/calls/${id}`));
        links.add((await res.json() as { recording: { link: string } }).recording.link);
      }
      assert.ok([...links].some((l) => l !== src), 'the API signed a new link meanwhile');
      assert.equal(await page.locator('audio').getAttribute('src'), src);
      assert.equal(await page.getByRole('link', { name: /^Download / }).getAttribute('href'), src);
      await page.context().close();
    } finally {
      ctx.rx.respond(() => ({ status: 200, body: '{"resultcode":"0","resultdesc":"Success"}' }));
    }
  });

  test('a live first page keeps the rows it shows while the next page loads, new calls still held', async () => {
    const appKey = ctx.t.platform.demo.appKey;
    const place = async () => assert.equal((await call('POST', `/v1/apps/${appKey}/calls`, { kind: 'notify', callee: '+8613900000001' })).status, 201);
    for (let i = 0; i < 26; i++) await place();
    const page = await ctx.signedIn();
    await page.goto(`${ctx.t.platform.url}/console/#/calls`);
    await page.locator('table a.mono').nth(24).waitFor();
    const shown = await page.locator('table a.mono').allTextContents();
    for (let i = 0; i < 3; i++) await place();
    await page.getByTestId('fresh-rows').filter({ hasText: '3' }).waitFor();
    // The next page's answer waits until the test lets it go: meanwhile the held rows stay.
    let release = () => undefined as void;
    const gate = new Promise<void>((r) => { release = r; });
    await page.route(/\/v1\/calls\?.*cursor=/, async (route) => {
      await gate;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('.table-wrap.stale').waitFor();
    assert.deepEqual(await page.locator('table a.mono').allTextContents(), shown);
    release();
    await page.getByText('Page 2', { exact: true }).waitFor();
    await page.locator('.table-wrap:not(.stale) table a.mono').first().waitFor();
    await page.context().close();
  });
});
