// The console in a real browser: signing in (and a wrong token refused in the UI), the language
// chosen by the browser and switched, signing out, the overview's figures against the API's, and
// the page fitting a phone's width.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { admin } from '../manage/helpers.js';
import { assertViewsFit, useConsole } from './browser.js';

const ctx = useConsole();
const call = admin(() => ctx.t);

describe('console: sign in, languages, overview', () => {
  test('a wrong token is refused in the UI and not kept; the right one signs in; sign out forgets it', async () => {
    const page = await ctx.open();
    // Not offered to a password manager: the token lives in this tab's session only.
    const field = page.getByLabel('Admin token');
    assert.deepEqual(await field.evaluate((e) => [e.getAttribute('autocomplete'), e.getAttribute('name')]), ['off', null]);
    await page.getByLabel('Admin token').fill('not-the-admin-token-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'That token was refused' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);

    await page.getByLabel('Admin token').fill(ctx.t.platform.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('voxcall.adminToken')), ctx.t.platform.adminToken);
    assert.equal(await page.evaluate(() => localStorage.getItem('voxcall.adminToken')), null);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin token').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('voxcall.adminToken')), null);
    await page.context().close();
  });

  test('the keyboard alone signs in and moves between views', async () => {
    const page = await ctx.open();
    await page.getByLabel('Admin token').waitFor();
    await page.keyboard.type(ctx.t.platform.adminToken);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to the content');
    for (let i = 0; i < 2; i++) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Calls');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Calls' }).waitFor();
    await page.context().close();
  });

  test('a Chinese browser reads Chinese; the switch turns it to English', async () => {
    const page = await ctx.signedIn({ locale: 'zh-CN' });
    await page.getByRole('link', { name: '呼叫', exact: true }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByRole('link', { name: 'Calls', exact: true }).waitFor();
    await page.context().close();
  });

  test('the overview shows the figures of GET /v1/overview, live', async () => {
    const appKey = ctx.t.platform.demo.appKey;
    assert.equal((await call('PATCH', `/v1/apps/${appKey}`, { statusUrl: `${ctx.rx.url}/status`, feeUrl: `${ctx.rx.url}/fee` })).status, 200);
    const page = await ctx.signedIn();
    await page.getByTestId('calls-answered').filter({ hasText: /^0$/ }).waitFor();
    for (const callee of ['+8613900000001', '+8613900000002', '+8613900000002']) {
      assert.equal((await call('POST', `/v1/apps/${appKey}/calls`, { kind: 'notify', callee })).status, 201);
    }
    await page.getByTestId('calls-in_progress').filter({ hasText: /^3$/ }).waitFor();
    await ctx.t.run(120_000);
    const api = (await call('GET', '/v1/overview?minutes=15')).body;
    assert.deepEqual([api.calls.total.answered, api.calls.total.busy, api.calls.total.in_progress], [1, 2, 0]);
    // Each figure as the API gives it, once the next poll has brought it.
    await page.getByTestId('calls-busy').filter({ hasText: new RegExp(`^${api.calls.total.busy}$`) }).waitFor();
    await page.getByTestId('calls-answered').filter({ hasText: new RegExp(`^${api.calls.total.answered}$`) }).waitFor();
    await page.getByTestId('calls-in_progress').filter({ hasText: /^0$/ }).waitFor();
    await page.getByTestId('pushes-delivered').filter({ hasText: new RegExp(`^${api.pushes.delivered}$`) }).waitFor();
    assert.ok(api.pushes.delivered > 0);
    assert.equal(await page.getByTestId('pushes-failed').textContent(), '0');
    assert.equal(await page.getByTestId('pushes-queued').textContent(), '0');
    await page.getByTestId('open-endpoints-none').waitFor();
    await page.context().close();
  });

  // The task and flow views are measured in tasks.test.ts, where a task and a flow exist.
  test('at a phone\'s width (390 px) no view is wider than the screen', async () => {
    const page = await ctx.signedIn({ viewport: { width: 390, height: 844 } });
    const views: Array<[string, string, string]> = [
      ['overview', 'Overview', '[data-testid="pushes-delivered"]'], ['calls', 'Calls', 'table'], ['place', 'Place a test call', 'form'],
      ['pushes', 'Pushes', 'table'], ['endpoints', 'Endpoints', 'table'], ['apps', 'Apps', 'table'],
      [`apps/${ctx.t.platform.demo.appKey}`, 'demo', 'table td'],
    ];
    await assertViewsFit(page, ctx.t.platform.url, 390, views);
    await page.context().close();
  });
});
