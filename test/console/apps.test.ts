// The console's apps in a real browser: an app created with its secret shown once, suspended and
// resumed; a voice file uploaded (a stereo one refused under the field) and approved; a template
// added and approved; a display number added.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { admin } from '../manage/helpers.js';
import { wavBytes } from '../manage/wav.js';
import { useConsole } from './browser.js';

const ctx = useConsole();
const call = admin(() => ctx.t);

describe('console: apps', () => {
  test('an app created from the console: its secret shown once, then suspended and resumed', async () => {
    const page = await ctx.signedIn();
    await page.getByRole('link', { name: 'Apps', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Create the app' }).click();
    await page.locator('#app-name-error').filter({ hasText: /^name / }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('console shop');
    await page.getByRole('button', { name: 'Create the app' }).click();
    const secret = await page.getByTestId('secret-value').textContent();
    assert.ok(secret && secret.length >= 16);
    const listed = (await call('GET', '/v1/apps')).body.apps as Array<{ appKey: string; name: string; status: string }>;
    const created = listed.find((a) => a.name === 'console shop')!;
    assert.equal(JSON.stringify(listed).includes(secret), false, 'the API never shows the secret again');
    const row = page.getByTestId('app-row').filter({ hasText: 'console shop' });
    await row.getByRole('button', { name: 'Suspend' }).click();
    await row.getByText('Suspended').waitFor();
    assert.equal((await call('GET', `/v1/apps/${created.appKey}`)).body.status, 'suspended');
    await row.getByRole('button', { name: 'Resume' }).click();
    await row.getByText('Active').waitFor();
    await page.context().close();
  });

  test('a voice file uploaded and approved, a template added and approved, a number added', async () => {
    const appKey = ctx.t.platform.demo.appKey;
    const page = await ctx.signedIn();
    await page.goto(`${ctx.t.platform.url}/console/#/apps/${appKey}`);
    await page.getByRole('heading', { name: 'Voice files' }).waitFor();

    await page.getByLabel('WAV file').setInputFiles({ name: 'stereo.wav', mimeType: 'audio/wav', buffer: wavBytes({ channels: 2 }) });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.locator('#vf-file-error').filter({ hasText: 'mono' }).waitFor();

    await page.getByLabel('WAV file').setInputFiles({ name: 'greeting.wav', mimeType: 'audio/wav', buffer: wavBytes() });
    await page.getByRole('button', { name: 'Upload' }).click();
    const file = page.getByTestId('voice-file').filter({ hasText: 'greeting.wav' });
    await file.getByText('Pending').waitFor();
    await file.getByRole('button', { name: 'Approve greeting.wav' }).click();
    await file.getByText('Approved').waitFor();
    const files = (await call('GET', `/v1/apps/${appKey}/voice-files`)).body.voiceFiles as Array<{ name: string; review: string }>;
    assert.equal(files.find((f) => f.name === 'greeting.wav')?.review, 'approved');

    await page.getByLabel('Content').fill('您的验证码是${NUM_6}');
    await page.getByLabel('ID (optional)').fill('tpl_console');
    await page.getByRole('button', { name: 'Add', exact: true }).last().click();
    const tpl = page.getByTestId('template').filter({ hasText: 'tpl_console' });
    await tpl.getByRole('button', { name: 'Approve tpl_console' }).click();
    await tpl.getByText('Approved').waitFor();

    await page.getByLabel('Number', { exact: true }).fill('+8675528000077');
    await page.getByRole('button', { name: 'Add', exact: true }).first().click();
    await page.getByRole('cell', { name: '+8675528000077', exact: true }).waitFor();
    const numbers = (await call('GET', `/v1/apps/${appKey}/numbers`)).body.numbers as Array<{ number: string }>;
    assert.ok(numbers.some((n) => n.number === '+8675528000077'));
    await page.context().close();
  });
});
