// The console's privacy numbers in a real browser: a pool created with an X and its area code, a
// bad X refused under its field; an AXB binding created from the console, its page with its
// parties and settings, changed in place; the X it holds cannot leave the pool (the API's refusal
// shown) until it is unbound after a confirmation; then the X and the pool are removed.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { admin } from '../manage/helpers.js';
import { useConsole } from './browser.js';

const ctx = useConsole();
const call = admin(() => ctx.t);
const X = '+8675528000002';

describe('console: privacy numbers', () => {
  test('a pool and an AXB binding created, changed and unbound from the console', async () => {
    const appKey = ctx.t.platform.demo.appKey;
    const page = await ctx.signedIn();
    await page.goto(`${ctx.t.platform.url}/console/#/apps/${appKey}`);
    await page.getByRole('link', { name: 'Privacy numbers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Privacy numbers' }).waitFor();
    await page.getByText('This app has no pool.').waitFor();
    await page.getByLabel('Pool ID (optional)').fill('sz');
    await page.getByLabel('Name (optional)').fill('Shenzhen');
    await page.getByRole('button', { name: 'Create the pool' }).click();
    const pool = page.getByTestId('pool').filter({ hasText: 'Shenzhen' });
    await pool.getByText('No number in this pool.').waitFor();

    await pool.getByLabel('X number').fill('+8613900000099');
    await pool.getByRole('button', { name: 'Add the X' }).click();
    await pool.locator('.field-error').filter({ hasText: '+8613900000099' }).waitFor();
    await pool.getByLabel('X number').fill(X);
    await pool.getByLabel('Area code').fill('755');
    await pool.getByRole('button', { name: 'Add the X' }).click();
    await pool.getByTestId('pool-number').filter({ hasText: X }).filter({ hasText: '755' }).waitFor();
    assert.deepEqual((await call('GET', `/v1/apps/${appKey}/pools/sz`)).body.numbers.map((n: { number: string; areaCode: string }) => [n.number, n.areaCode]), [[X, '755']]);

    const form = page.getByTestId('new-binding');
    await form.getByLabel('Pool').fill('sz');
    await form.getByLabel('A number').fill('+8613900000001');
    await form.getByLabel('B number').fill('+8613900000002');
    await form.getByLabel('Record its calls').check();
    await form.getByRole('button', { name: 'Bind' }).click();
    await page.getByRole('heading', { level: 1, name: /^Binding / }).waitFor();
    const facts = page.getByTestId('binding-facts');
    await facts.getByText(X).waitFor();
    const id = decodeURIComponent(new URL(page.url()).hash.split('/').at(-1)!);
    const made = (await call('GET', `/v1/apps/${appKey}/bindings/${id}`)).body.binding;
    assert.deepEqual([made.bindType, made.phoneNoA, made.phoneNoB, made.phoneNoX, made.recordFlag, made.state], ['AXB', '+8613900000001', '+8613900000002', X, true, 'active']);

    const modify = page.getByTestId('modify-binding');
    await modify.getByLabel('B number').fill('+8613900000003');
    await modify.getByLabel('The callee sees').selectOption('2');
    await modify.getByRole('button', { name: 'Save the changes' }).click();
    await facts.getByText('+8613900000003').waitFor();
    await facts.getByText('the real caller number').waitFor();
    const changed = (await call('GET', `/v1/apps/${appKey}/bindings/${id}`)).body.binding;
    assert.deepEqual([changed.phoneNoB, changed.callDisplayType, changed.phoneNoX], ['+8613900000003', 2, X]);

    // The list shows it; the X it holds is refused removal with the API's message.
    await page.getByRole('link', { name: '← Privacy numbers' }).click();
    await page.getByTestId('binding-row').filter({ hasText: id }).waitFor();
    await pool.getByTestId('pool-number').filter({ hasText: X }).filter({ has: page.getByRole('cell', { name: '1', exact: true }) }).waitFor();
    await pool.getByRole('button', { name: `Remove ${X}` }).click();
    await pool.getByRole('alert').filter({ hasText: 'active binding' }).waitFor();
    assert.equal((await call('GET', `/v1/apps/${appKey}/pools/sz`)).body.numbers.length, 1);

    await page.getByTestId('binding-row').getByRole('link', { name: id }).click();
    await page.getByRole('button', { name: 'Unbind' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    // Until the dialog is gone its own Unbind button matches too.
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    assert.equal((await call('GET', `/v1/apps/${appKey}/bindings/${id}`)).body.binding.state, 'active', 'Cancel changed nothing');
    await page.getByRole('button', { name: 'Unbind' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Unbind' }).click();
    await page.locator('.summary').getByText('Unbound').waitFor();
    assert.equal((await call('GET', `/v1/apps/${appKey}/bindings/${id}`)).body.binding.state, 'unbound');

    await page.getByRole('link', { name: '← Privacy numbers' }).click();
    await page.getByText('No active binding.').waitFor();
    await pool.getByRole('button', { name: `Remove ${X}` }).click();
    await pool.getByText('No number in this pool.').waitFor();
    await pool.getByRole('button', { name: 'Delete the pool' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete the pool' }).click();
    await page.getByText('This app has no pool.').waitFor();
    assert.equal((await call('GET', `/v1/apps/${appKey}/pools`)).body.pools.length, 0);
    await page.context().close();
  });
});
