// An app's settings changed from the console: capabilities, recording, default URLs, ports and
// allowed IPs saved in one PATCH and read back through the management API; a bad URL, a bad IP and
// a negative port quota each refused with the API's own message under its field, the app left as
// it was (the other fields changed with it not saved either); an app created with allowed IPs.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { admin } from '../manage/helpers.js';
import { useConsole } from './browser.js';

const ctx = useConsole();
const call = admin(() => ctx.t);

async function appPage(name: string): Promise<{ appKey: string; page: Page; card: Locator }> {
  const appKey = (await call('POST', '/v1/apps', { name })).body.appKey as string;
  const page = await ctx.signedIn();
  await page.goto(`${ctx.t.platform.url}/console/#/apps/${appKey}`);
  const card = page.getByTestId('app-settings');
  await card.getByRole('button', { name: 'Edit settings' }).click();
  return { appKey, page, card };
}

/** What the API answers for this change (the message the console must show), checked to be a refusal. */
async function refusalOf(appKey: string, body: Record<string, unknown>): Promise<string> {
  const res = await call('PATCH', `/v1/apps/${appKey}`, body);
  assert.equal(res.status, 400);
  return res.body.error.message as string;
}

describe('console: an app\'s settings', () => {
  test('capabilities, recording, URLs, ports and allowed IPs saved in one change, then URLs and IPs cleared', async () => {
    const { appKey, page, card } = await appPage('settings shop');
    await card.getByLabel('Verification code').uncheck();
    await card.getByLabel('Recording').check();
    await card.getByLabel('Default status URL').fill(`${ctx.rx.url}/status`);
    await card.getByLabel('Default CDR URL').fill(`${ctx.rx.url}/fee`);
    await card.getByLabel('Ports').fill('25');
    await card.getByLabel('Allowed client IPs').fill('10.0.0.0/8\n 192.168.1.7 \n');
    await card.getByRole('button', { name: 'Save the settings' }).click();
    await card.getByText('Saved.').waitFor();
    await card.getByText('10.0.0.0/8, 192.168.1.7').waitFor();
    const saved = (await call('GET', `/v1/apps/${appKey}`)).body;
    assert.deepEqual(
      [saved.capabilities, saved.recordingEnabled, saved.statusUrl, saved.feeUrl, saved.portQuota, saved.allowedClientIps],
      [['callback', 'notify'], true, `${ctx.rx.url}/status`, `${ctx.rx.url}/fee`, 25, ['10.0.0.0/8', '192.168.1.7']],
    );

    // Emptied: the URL removed (null), any address allowed ([]). Only the fields changed are sent:
    // the CDR URL another operator changes while the form is open is not put back.
    await card.getByRole('button', { name: 'Edit settings' }).click();
    assert.equal(await card.getByLabel('Allowed client IPs').inputValue(), '10.0.0.0/8\n192.168.1.7');
    assert.equal((await call('PATCH', `/v1/apps/${appKey}`, { feeUrl: `${ctx.rx.url}/fee2` })).status, 200);
    await card.getByLabel('Default status URL').fill('');
    await card.getByLabel('Allowed client IPs').fill('');
    await card.getByRole('button', { name: 'Save the settings' }).click();
    await card.getByText('Saved.').waitFor();
    const cleared = (await call('GET', `/v1/apps/${appKey}`)).body;
    assert.equal('statusUrl' in cleared, false);
    assert.deepEqual([cleared.feeUrl, cleared.allowedClientIps, cleared.portQuota, cleared.capabilities], [`${ctx.rx.url}/fee2`, [], 25, ['callback', 'notify']]);
    await card.getByText('any', { exact: true }).waitFor();
    await page.context().close();
  });

  test('a bad URL, a bad IP and a negative port quota refused under their fields, nothing saved', async () => {
    const { appKey, page, card } = await appPage('refused shop');
    const before = (await call('GET', `/v1/apps/${appKey}`)).body;
    const focused = page.locator(':focus');
    await card.getByLabel('Callback').and(focused).waitFor(); // the keyboard is in the form it opened
    const save = () => card.getByRole('button', { name: 'Save the settings' }).click();
    const unchanged = async () => assert.deepEqual((await call('GET', `/v1/apps/${appKey}`)).body, before, 'nothing half-saved');

    // Each refused change carries good ones too (recording, ports, a capability): none is stored.
    await card.getByLabel('Recording').check();
    await card.getByLabel('Notification').uncheck();
    await card.getByLabel('Ports').fill('30');
    await card.getByLabel('Default status URL').fill('not a url');
    await save();
    const badUrl = await refusalOf(appKey, { statusUrl: 'not a url' });
    await card.locator('#as-statusUrl-error').filter({ hasText: badUrl }).waitFor();
    await unchanged();

    await card.getByLabel('Default status URL').fill(`${ctx.rx.url}/status`);
    await card.getByLabel('Allowed client IPs').fill('10.0.0.1\n300.1.2.3');
    await save();
    const badIp = await refusalOf(appKey, { allowedClientIps: ['10.0.0.1', '300.1.2.3'] });
    await card.locator('#as-allowedClientIps-error').filter({ hasText: badIp }).waitFor();
    assert.equal(await card.locator('#as-statusUrl-error').count(), 0, 'the earlier message is gone');
    await unchanged();

    await card.getByLabel('Allowed client IPs').fill('10.0.0.1');
    await card.getByLabel('Ports').fill('-1');
    await save();
    const negative = await refusalOf(appKey, { portQuota: -1 });
    assert.match(negative, /^portQuota must be >= 0/, 'the range, not "must be of type integer"');
    await card.locator('#as-portQuota-error').filter({ hasText: negative }).waitFor();
    await unchanged();

    await card.getByRole('button', { name: 'Cancel' }).click();
    await card.getByRole('button', { name: 'Edit settings' }).and(focused).waitFor();
    await unchanged();
    await page.context().close();
  });

  test('an app created with allowed IPs (a bad one and a negative port quota refused under their fields)', async () => {
    const page = await ctx.signedIn();
    await page.getByRole('link', { name: 'Apps', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill('ip shop');
    await page.getByLabel('Ports').fill('-1');
    await page.getByRole('button', { name: 'Create the app' }).click();
    await page.locator('#app-portQuota-error').filter({ hasText: /^portQuota must be >= 0/ }).waitFor();
    await page.getByLabel('Ports').fill('4');
    await page.getByLabel('Allowed client IPs').fill('203.0.113.5, example.com');
    await page.getByRole('button', { name: 'Create the app' }).click();
    await page.locator('#app-allowedClientIps-error').filter({ hasText: 'allowedClientIps: "example.com" is not an IP address or CIDR block' }).waitFor();
    const apps = async () => (await call('GET', '/v1/apps')).body.apps as Array<{ name: string; portQuota: number; allowedClientIps: string[] }>;
    assert.equal((await apps()).some((a) => a.name === 'ip shop'), false, 'nothing created');
    await page.getByLabel('Allowed client IPs').fill('203.0.113.5\n2001:db8::/32');
    await page.getByRole('button', { name: 'Create the app' }).click();
    await page.getByTestId('secret-value').waitFor();
    const created = (await apps()).filter((a) => a.name === 'ip shop');
    assert.deepEqual(created.map((a) => [a.portQuota, a.allowedClientIps]), [[4, ['203.0.113.5', '2001:db8::/32']]]);
    await page.context().close();
  });

  test('at a phone\'s width (390 px) the settings, shown and edited, fit the screen', async () => {
    const long = `${ctx.rx.url}/${'status/'.repeat(30)}`;
    const appKey = (await call('POST', '/v1/apps', { name: 'narrow shop', statusUrl: long, allowedClientIps: ['2001:db8:ffff:ffff::/64'] })).body.appKey as string;
    const page = await ctx.signedIn({ viewport: { width: 390, height: 844 } });
    await page.goto(`${ctx.t.platform.url}/console/#/apps/${appKey}`);
    const card = page.getByTestId('app-settings');
    await card.getByText(long).waitFor();
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= 390);
    assert.ok(await fits(), 'the facts fit');
    await card.getByRole('button', { name: 'Edit settings' }).click();
    await card.getByLabel('Allowed client IPs').waitFor();
    assert.ok(await fits(), 'the form fits');
    await page.context().close();
  });
});
