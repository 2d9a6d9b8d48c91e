// The console by keyboard and screen reader: a new view's h1 takes focus (a new query does not
// move it); Apply keeps focus, or gives it to the field the API refused; a form's control names
// the API's message (aria-invalid, aria-describedby); each pool's dialog and buttons are named
// after their pool; no id twice on a page; a secret shown once takes focus and a rotation asks
// first; a task action leaves focus on the task's state and says it; a "Saved." region exists
// before it speaks; ids in a list do not wrap on a phone.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { admin } from '../manage/helpers.js';
import { useConsole } from './browser.js';

const ctx = useConsole();
const call = admin(() => ctx.t);

/** Waits until the focused element matches `selector`; fails naming what has focus instead. */
async function focusIs(page: Page, selector: string): Promise<void> {
  try {
    await page.waitForFunction((s) => document.activeElement?.matches(s) === true, selector, { timeout: 5000 });
  } catch {
    const now = await page.evaluate(() => { const e = document.activeElement; return e ? `<${e.tagName.toLowerCase()} id="${e.id}">${(e.textContent ?? '').slice(0, 40)}` : 'nothing'; });
    assert.fail(`focus is on ${now}, not on ${selector}`);
  }
}

/** The control's aria-invalid and the text of what its aria-describedby names. */
function described(control: Locator): Promise<{ invalid: string | null; text: string }> {
  return control.evaluate((el) => ({
    invalid: el.getAttribute('aria-invalid'),
    text: (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean).map((id) => document.getElementById(id)?.textContent ?? `(no #${id})`).join(' '),
  }));
}

/** Ids present more than once in the page. */
function duplicateIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  });
}

/** The API's message for a request it refuses. */
async function refusal(method: string, path: string, body: unknown): Promise<string> {
  const res = await call(method, path, body);
  assert.equal(res.status, 400, JSON.stringify(res.body));
  return res.body.error.message as string;
}

describe('console: keyboard and screen readers', () => {
  test('views, filters, forms, pools, secrets and ids by keyboard', async () => {
    const appKey = ctx.t.platform.demo.appKey;
    const app = `/v1/apps/${appKey}`;
    assert.equal((await call('POST', `${app}/pools`, { numberPoolNo: 'p1' })).status, 201);
    assert.equal((await call('POST', `${app}/pools`, { numberPoolNo: 'p2' })).status, 201);
    assert.equal((await call('POST', `${app}/templates`, { id: 'tpl_kb', content: '您的验证码是${NUM_6}' })).status, 201);
    const page = await ctx.signedIn();

    // A view chosen from the nav: its h1 has focus. A new filter (the same view) leaves focus alone.
    await page.getByRole('link', { name: 'Calls', exact: true }).press('Enter');
    await focusIs(page, 'h1');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Calls');
    await page.getByLabel('Number').fill('+8613900000009');
    await page.getByLabel('Number').press('Enter');
    await page.getByText('No call matches.').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-number', 'the field Enter was pressed in keeps focus');
    // Apply pressed on a refused number: the refused field takes focus, tied to the API's message.
    await page.getByLabel('Number').fill('13900000009');
    await page.getByRole('button', { name: 'Apply' }).press('Enter');
    await page.locator('#f-number-error').waitFor();
    await focusIs(page, '#f-number');
    assert.deepEqual(await described(page.getByLabel('Number')), { invalid: 'true', text: await refusal('GET', '/v1/calls?number=13900000009', undefined) });

    // The test call page: its app select is labelled by its own label (not the mount point #app).
    await page.getByRole('link', { name: 'Test call' }).press('Enter');
    await focusIs(page, 'h1');
    assert.equal(await page.getByLabel('App', { exact: true }).evaluate((e) => e.tagName), 'SELECT');
    assert.deepEqual(await duplicateIds(page), []);

    // An app's page (loaded after its h1 first shows): the h1 keeps focus once the app is there.
    await page.goto(`${ctx.t.platform.url}/console/#/apps`);
    await page.locator(`a[href="#/apps/${appKey}"]`).press('Enter');
    await page.getByRole('heading', { name: 'Voice files' }).waitFor();
    await focusIs(page, 'h1');
    assert.deepEqual(await duplicateIds(page), []);

    // Field errors named by their control: a display number, a subscription URL, a template value.
    const number = page.getByLabel('Number', { exact: true });
    await number.fill('12345');
    await page.getByRole('button', { name: 'Add', exact: true }).first().click();
    await page.locator('#num-error').waitFor();
    assert.deepEqual(await described(number), { invalid: 'true', text: await refusal('POST', `${app}/numbers`, { number: '12345' }) });
    const url = page.getByLabel('URL', { exact: true });
    await url.fill('not a url');
    await page.getByRole('button', { name: 'Add the subscription' }).click();
    await page.locator('#sub-url-error').waitFor();
    assert.deepEqual(await described(url), { invalid: 'true', text: await refusal('POST', `${app}/subscriptions`, { url: 'not a url', format: 'vsp', receives: 'both', secret: true }) });
    await page.getByRole('button', { name: 'Preview tpl_kb' }).click();
    const value = page.getByTestId('template-preview').getByLabel('NUM_6');
    await value.fill('12ab');
    await page.getByTestId('template-preview').getByRole('button', { name: 'Preview', exact: true }).click();
    await page.locator('#tpl-param-0-error').waitFor();
    const previewMessage = (await refusal('POST', `${app}/templates/tpl_kb/preview`, { params: ['12ab'] })).replace(/^params\[0\]: /, '');
    assert.deepEqual(await described(value), { invalid: 'true', text: previewMessage });
    // A hint is named too while there is no error.
    assert.match((await described(page.getByLabel('Content'))).text, /\$\{/);

    // "Saved." is said by a live region that was there, empty, before the save.
    const limits = page.getByTestId('limits-form');
    assert.equal(await limits.getByRole('status').count(), 1, 'the live region is mounted before anything is saved');
    const region = await limits.getByRole('status').elementHandle();
    assert.equal(await region?.textContent(), '');
    await limits.getByRole('button', { name: 'Save the limits' }).click();
    await limits.getByText('Saved.').waitFor();
    assert.equal(await region?.textContent(), 'Saved.');

    // Rotating the secret asks first (Cancel keeps it); once rotated, the new secret has focus.
    const rotate = page.getByRole('button', { name: 'Rotate the secret' });
    await rotate.press('Enter');
    const dialog = page.getByRole('dialog', { name: /^Rotate the secret of / });
    await dialog.getByRole('button', { name: 'Cancel' }).press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await call('GET', app)).body.previousSecretValidUntil, undefined, 'Cancel rotated nothing');
    await rotate.press('Enter');
    await dialog.getByRole('button', { name: 'Rotate', exact: true }).press('Enter');
    await page.getByTestId('secret-value').waitFor();
    await focusIs(page, '[data-testid="secret-once"]');
    assert.ok((await call('GET', app)).body.previousSecretValidUntil, 'rotated');

    // Two pools: each delete button and each dialog named after its own pool; a refused pool id.
    await page.getByRole('link', { name: 'Privacy numbers' }).press('Enter');
    await focusIs(page, 'h1');
    await page.getByTestId('pool').nth(1).waitFor();
    assert.deepEqual(await duplicateIds(page), []);
    await page.getByRole('button', { name: 'Delete the pool p2', exact: true }).click();
    await page.getByRole('dialog', { name: 'Delete pool p2?' }).getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    assert.equal(await page.getByRole('button', { name: 'Add the X p1', exact: true }).count(), 1);
    const poolId = page.getByLabel('Pool ID (optional)');
    await poolId.fill('bad id!');
    await page.getByRole('button', { name: 'Create the pool' }).click();
    await page.locator('#pool-id-error').waitFor();
    assert.deepEqual(await described(poolId), { invalid: 'true', text: await refusal('POST', `${app}/pools`, { numberPoolNo: 'bad id!' }) });
    await page.context().close();
  });

  test('a task action leaves focus on the task\'s new state, and says it', async () => {
    const appKey = ctx.t.platform.demo.appKey;
    const base = `/v1/apps/${appKey}/tasks`;
    const flow = { start: 'bye', nodes: [{ id: 'bye', type: 'hangup' }] };
    assert.equal((await call('POST', `/v1/apps/${appKey}/flows`, { id: 'kb', flow })).status, 201);
    const id = (await call('POST', base, { name: 'kb task', flowId: 'kb', displayNumbers: ['+8675528000001'] })).body.task.taskId as string;
    assert.equal((await call('POST', `${base}/${id}/rows`, { header: ['callee'], rows: [['+8613900000001']] })).status, 200);
    const page = await ctx.signedIn();
    await page.goto(`${ctx.t.platform.url}/console/#/apps/${appKey}/tasks/${id}`);
    await page.getByTestId('task-state').getByText('Draft').waitFor();
    await page.getByRole('button', { name: 'Start', exact: true }).press('Enter');
    await page.getByRole('dialog').getByRole('button', { name: 'Start', exact: true }).press('Enter');
    await page.getByTestId('task-state').getByText(/Scheduled|Running/).waitFor();
    await focusIs(page, '[data-testid="task-state"]');
    const state = await page.getByTestId('task-state').textContent();
    await page.getByRole('status').filter({ hasText: `The task is now: ${state}` }).waitFor();
    await page.context().close();
  });

  test('a phone: a call\'s session id stays on one line in the list', async () => {
    const appKey = ctx.t.platform.demo.appKey;
    const placed = await call('POST', `/v1/apps/${appKey}/calls`, { kind: 'notify', callee: '+8613900000008', template: 'test_template', params: ['3', '人民公园正门'] });
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    const page = await ctx.signedIn({ viewport: { width: 375, height: 740 } });
    await page.goto(`${ctx.t.platform.url}/console/#/calls`);
    const link = page.getByRole('link', { name: placed.body.sessionId as string });
    await link.waitFor();
    assert.equal(await link.evaluate((a) => a.getClientRects().length), 1, 'the id is one line');
    const height = await link.locator('xpath=ancestor::tr').evaluate((tr) => tr.getBoundingClientRect().height);
    assert.ok(height < 60, `a row is ${height} px tall`);
    await page.context().close();
  });
});
