// The console's apps in a real browser: an app created with its secret shown once, suspended and
// resumed (the key's label in Chinese); a voice file uploaded (a stereo one and a bad name refused
// under their fields) and approved; a template added and approved; a display number added; a
// subscription added (its secret shown once), tested and paused.

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
    // Shown once, so it takes focus: a screen reader reads it, the copy button is the next Tab.
    await page.locator('[data-testid="secret-once"]:focus').waitFor();
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

    // The Chinese page names the app's key in Chinese too.
    const zh = await ctx.signedIn({ locale: 'zh-CN' });
    await zh.goto(`${ctx.t.platform.url}/console/#/apps`);
    await zh.getByRole('columnheader', { name: '应用 Key（APP_Key）' }).waitFor();
    await zh.context().close();
    await page.context().close();
  });

  test('a voice file uploaded and approved, a template added and approved, a number and a subscription added', async () => {
    const appKey = ctx.t.platform.demo.appKey;
    const page = await ctx.signedIn();
    await page.goto(`${ctx.t.platform.url}/console/#/apps/${appKey}`);
    await page.getByRole('heading', { name: 'Voice files' }).waitFor();

    await page.getByLabel('WAV file').setInputFiles({ name: 'stereo.wav', mimeType: 'audio/wav', buffer: wavBytes({ channels: 2 }) });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.locator('#vf-file-error').filter({ hasText: 'mono' }).waitFor();
    // A bad name (the upload's path) is refused under the name field, not the file picker.
    await page.locator('#vf-name').fill('bad name!');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.locator('#vf-name-error').filter({ hasText: /^path parameter name / }).waitFor();
    assert.equal(await page.locator('#vf-file-error').count(), 0);

    await page.getByLabel('WAV file').setInputFiles({ name: 'greeting.wav', mimeType: 'audio/wav', buffer: wavBytes() });
    await page.getByRole('button', { name: 'Upload' }).click();
    const file = page.getByTestId('voice-file').filter({ hasText: 'greeting.wav' });
    await file.getByText('Pending').waitFor();
    await file.getByRole('button', { name: 'Approve greeting.wav' }).click();
    await file.getByText('Approved').waitFor();
    const files = (await call('GET', `/v1/apps/${appKey}/voice-files`)).body.voiceFiles as Array<{ name: string; review: string }>;
    assert.equal(files.find((f) => f.name === 'greeting.wav')?.review, 'approved');
    // Listened to: the bytes fetched with the token and played from a blob URL the CSP allows.
    await file.getByRole('button', { name: 'Listen greeting.wav' }).click();
    const player = page.getByTestId('voice-player').locator('audio');
    const duration = await player.evaluate((a: HTMLAudioElement) => new Promise<number>((resolve, reject) => {
      if (a.readyState >= 1) resolve(a.duration);
      a.addEventListener('loadedmetadata', () => resolve(a.duration));
      a.addEventListener('error', () => reject(new Error(`audio error ${a.error?.code ?? '?'}`)));
    }));
    assert.match(await player.getAttribute('src') ?? '', /^blob:/);
    assert.ok(duration > 0, `the WAV decoded (${duration} s)`);

    await page.getByLabel('Content').fill('您的验证码是${NUM_6}');
    await page.getByLabel('ID (optional)').fill('tpl_console');
    await page.getByRole('button', { name: 'Add', exact: true }).last().click();
    const tpl = page.getByTestId('template').filter({ hasText: 'tpl_console' });
    await tpl.getByRole('button', { name: 'Approve tpl_console' }).click();
    await tpl.getByText('Approved').waitFor();
    await tpl.getByRole('button', { name: 'Preview tpl_console' }).click();
    const preview = page.getByTestId('template-preview');
    await preview.getByLabel('NUM_6').fill('12ab');
    await preview.getByRole('button', { name: 'Preview', exact: true }).click();
    await preview.locator('#tpl-param-0-error').filter({ hasText: 'value for NUM_6 must be' }).waitFor();
    await preview.getByLabel('NUM_6').fill('123456');
    await preview.getByRole('button', { name: 'Preview', exact: true }).click();
    await preview.getByTestId('preview-text').filter({ hasText: '您的验证码是123456' }).waitFor();

    await page.getByLabel('Number', { exact: true }).fill('+8675528000077');
    await page.getByRole('button', { name: 'Add', exact: true }).first().click();
    await page.getByRole('cell', { name: '+8675528000077', exact: true }).waitFor();
    const numbers = (await call('GET', `/v1/apps/${appKey}/numbers`)).body.numbers as Array<{ number: string }>;
    assert.ok(numbers.some((n) => n.number === '+8675528000077'));

    // A subscription with a generated secret (shown once), a sample push its receiver accepts, a pause.
    await page.getByLabel('URL', { exact: true }).fill('not a url');
    await page.getByRole('button', { name: 'Add the subscription' }).click();
    await page.locator('#sub-url-error').filter({ hasText: /^url / }).waitFor();
    await page.getByLabel('URL', { exact: true }).fill(`${ctx.rx.url}/vsp`);
    await page.getByLabel('Format').selectOption('vsp');
    await page.getByRole('button', { name: 'Add the subscription' }).click();
    await page.getByTestId('sub-secret').filter({ hasText: 'whsec_' }).waitFor();
    const sub = page.getByTestId('subscription').filter({ hasText: `${ctx.rx.url}/vsp` });
    await sub.getByRole('button', { name: 'Send a test push' }).click();
    await sub.getByTestId('sub-test').filter({ hasText: 'accepted · HTTP 200' }).waitFor();
    assert.ok(ctx.rx.on('/vsp').some((r) => typeof r.headers['webhook-signature'] === 'string'));
    await sub.getByRole('button', { name: 'Pause' }).click();
    await sub.getByText('Paused').waitFor();
    const subs = (await call('GET', `/v1/apps/${appKey}/subscriptions`)).body.subscriptions as Array<{ url: string; enabled: boolean; signed: boolean }>;
    assert.deepEqual(subs.map((x) => [x.url, x.enabled, x.signed]), [[`${ctx.rx.url}/vsp`, false, true]]);

    // Edited: the API's refusals under their fields (nothing saved), then every field at once.
    await sub.getByRole('button', { name: `Edit ${ctx.rx.url}/vsp` }).click();
    const editor = page.getByTestId('sub-editor');
    await editor.getByLabel('Timeout (ms)').fill('99');
    await editor.getByRole('button', { name: 'Save the changes' }).click();
    await editor.locator('#se-timeoutMs-error').filter({ hasText: /^timeoutMs / }).waitFor();
    await editor.getByLabel('Timeout (ms)').fill('2000');
    await editor.getByLabel('Retry schedule (ms)').fill('1000, soon');
    await editor.getByRole('button', { name: 'Save the changes' }).click();
    await editor.locator('#se-retrySchedule-error').filter({ hasText: /^retrySchedule/ }).waitFor();
    assert.equal((await call('GET', `/v1/apps/${appKey}/subscriptions`)).body.subscriptions[0].timeoutMs, undefined, 'nothing half-saved');
    await editor.getByLabel('Retry schedule (ms)').fill('1000, 5000');
    await editor.getByLabel('Failover URL').fill(`${ctx.rx.url}/failover`);
    await editor.getByLabel('callout').uncheck();
    await editor.getByRole('button', { name: 'Save the changes' }).click();
    await editor.getByText('Saved.').waitFor();
    const changed = (await call('GET', `/v1/apps/${appKey}/subscriptions`)).body.subscriptions[0];
    assert.deepEqual([changed.timeoutMs, changed.retrySchedule, changed.failoverUrl, changed.events],
      [2000, [1000, 5000], `${ctx.rx.url}/failover`, ['alerting', 'answer', 'collectInfo', 'disconnect']]);
    await editor.getByRole('button', { name: 'Generate a new secret' }).click();
    const fresh = await editor.getByTestId('sub-new-secret-value').textContent();
    assert.match(fresh ?? '', /^whsec_/);
    await sub.getByRole('button', { name: 'Resume' }).click();
    await sub.getByText('Enabled').waitFor();
    await page.context().close();
  });
  test('number lists and limits edited: the API\'s messages under their fields, the changes in the API', async () => {
    const created = await call('POST', '/v1/apps', { name: 'policy shop' });
    const appKey = created.body.appKey as string;
    const page = await ctx.signedIn();
    await page.goto(`${ctx.t.platform.url}/console/#/apps/${appKey}`);
    await page.getByRole('heading', { name: 'Number lists' }).waitFor();

    await page.getByLabel('Number to put on the callee blacklist').fill('12345');
    await page.getByRole('button', { name: 'Add to the list' }).click();
    await page.locator('#list-number-error').filter({ hasText: /number/ }).waitFor();
    await page.getByLabel('Number to put on the callee blacklist').fill('+8613900000009');
    await page.getByRole('button', { name: 'Add to the list' }).click();
    await page.getByTestId('list-entry').filter({ hasText: '+8613900000009' }).waitFor();
    assert.deepEqual((await call('GET', `/v1/apps/${appKey}/lists/calleeBlacklist`)).body.entries, [{ list: 'calleeBlacklist', number: '+8613900000009' }]);
    await page.getByRole('button', { name: 'caller blacklist' }).click();
    await page.getByText('No number on this list.').waitFor();
    await page.getByRole('button', { name: 'callee blacklist' }).click();
    await page.getByRole('button', { name: 'Remove +8613900000009' }).click();
    await page.getByText('No number on this list.').waitFor();
    assert.deepEqual((await call('GET', `/v1/apps/${appKey}/lists/calleeBlacklist`)).body.entries, []);

    const form = page.getByTestId('limits-form');
    await form.getByLabel('Calls of the app: Max').fill('-1');
    await form.getByLabel('Calls of the app: Window (s)').fill('60');
    await form.getByRole('button', { name: 'Save the limits' }).click();
    await form.locator('#lim-appCalls-error').filter({ hasText: /^appCalls/ }).waitFor();
    assert.deepEqual((await call('GET', `/v1/apps/${appKey}/limits`)).body.settings, {}, 'nothing half-saved');
    await form.getByLabel('Calls of the app: Max').fill('5');
    await form.getByLabel('Quiet hours from (Beijing time)').fill('22:00');
    await form.getByLabel('Quiet hours until').fill('8am');
    await form.getByRole('button', { name: 'Save the limits' }).click();
    await form.locator('#lim-quietEnd-error').filter({ hasText: /^quietHours\.end / }).waitFor();
    assert.equal(await form.locator('#lim-quietHours-error').count(), 0);
    await form.getByLabel('Quiet hours until').fill('08:00');
    await form.getByLabel('International callout').selectOption('false');
    await form.getByRole('button', { name: 'Save the limits' }).click();
    await form.getByText('Saved.').waitFor();
    assert.deepEqual((await call('GET', `/v1/apps/${appKey}/limits`)).body.settings,
      { appCalls: { max: 5, windowS: 60 }, quietHours: { start: '22:00', end: '08:00' }, internationalCallout: false });
    await page.context().close();
  });
});
