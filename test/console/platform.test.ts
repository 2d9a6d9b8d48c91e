// The platform's own lists and limits in a real browser (/v1/lists, /v1/limits: every app), and
// the pages added for inbound routes, simulated calls, privacy numbers, bindings and the platform
// read at a phone's width (390 px) without a page wider than the screen.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { admin } from '../manage/helpers.js';
import { assertViewsFit, useConsole } from './browser.js';

const ctx = useConsole();
const call = admin(() => ctx.t);

describe('console: the platform, and the newer pages at phone width', () => {
  test('the platform\'s callee blacklist and limits edited: the API\'s message under its field, the changes in the API', async () => {
    const page = await ctx.signedIn();
    await page.getByRole('link', { name: 'Platform', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Platform lists and limits' }).waitFor();
    await page.getByLabel('Number to put on the callee blacklist').fill('+8613900000007');
    await page.getByRole('button', { name: 'Add to the list' }).click();
    await page.getByTestId('list-entry').filter({ hasText: '+8613900000007' }).waitFor();
    assert.deepEqual((await call('GET', '/v1/lists/calleeBlacklist')).body.entries, [{ list: 'calleeBlacklist', number: '+8613900000007' }]);
    const appKey = ctx.t.platform.demo.appKey;
    assert.deepEqual((await call('GET', `/v1/apps/${appKey}/lists/calleeBlacklist`)).body.entries, [], 'not an app\'s list');

    const form = page.getByTestId('limits-form');
    assert.equal(await form.getByRole('columnheader', { name: 'Effective' }).count(), 0, 'the platform inherits from nothing');
    await form.getByLabel('Calls of the SP: Max').fill('x');
    await form.getByLabel('Calls of the SP: Window (s)').fill('60');
    await form.getByRole('button', { name: 'Save the limits' }).click();
    await form.locator('#lim-spCalls-error').filter({ hasText: /^spCalls/ }).waitFor();
    assert.deepEqual((await call('GET', '/v1/limits')).body.settings, {}, 'nothing half-saved');
    await form.getByLabel('Calls of the SP: Max').fill('100');
    await form.getByLabel('Whitelist mode').selectOption('false');
    await form.getByRole('button', { name: 'Save the limits' }).click();
    await form.getByText('Saved.').waitFor();
    assert.deepEqual((await call('GET', '/v1/limits')).body.settings, { spCalls: { max: 100, windowS: 60 }, whitelistMode: false });
    assert.deepEqual((await call('GET', `/v1/apps/${appKey}/limits`)).body.effective.spCalls, { max: 100, windowS: 60 }, 'an app inherits it');
    await page.context().close();
  });

  test('at a phone\'s width (390 px) the inbound, simulator, privacy-number, binding and platform views are no wider than the screen', async () => {
    const appKey = ctx.t.platform.demo.appKey;
    assert.equal((await call('POST', `/v1/apps/${appKey}/pools`, { numberPoolNo: 'narrow' })).status, 201);
    assert.equal((await call('POST', `/v1/apps/${appKey}/pools/narrow/numbers`, { number: '+8675528000003', areaCode: '755' })).status, 201);
    const bound = await call('POST', `/v1/apps/${appKey}/bindings`, { numberPoolNo: 'narrow', phoneNoA: '+8613900000001', phoneNoB: '+8613900000002' });
    assert.equal(bound.status, 201, JSON.stringify(bound.body));
    const page = await ctx.signedIn({ viewport: { width: 390, height: 844 } });
    const views: Array<[string, RegExp, string]> = [
      [`apps/${appKey}`, /demo/i, '[data-testid="inbound-row"]'],
      [`apps/${appKey}/inbound/${encodeURIComponent('+8675528000001')}`, /Inbound route of/, '[data-testid="route-form"]'],
      ['simulate', /Simulated inbound call/, 'form'],
      [`apps/${appKey}/privacy`, /Privacy numbers/, '[data-testid="binding-row"]'],
      [`apps/${appKey}/bindings/${bound.body.subscriptionId as string}`, /^Binding/, '[data-testid="binding-facts"]'],
      [`apps/${appKey}/tasks`, /^Tasks$/, '[data-testid="new-task"]'],
      ['platform', /Platform lists and limits/, '[data-testid="limits-form"]'],
    ];
    await assertViewsFit(page, ctx.t.platform.url, 390, views);
    await page.context().close();
  });
});
