// The console's inbound routes and simulated calls in a real browser: a number's route set to a
// flow from the app's page (a flow that does not exist refused under its field first), then a
// simulated caller placed from the console; the call's page opens and its timeline completes live
// as the simulated world runs, with the digit the caller pressed. The route is then removed. A call
// to a number without a route shows its Q.850 cause and links the refused call's record.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { admin } from '../manage/helpers.js';
import { useConsole } from './browser.js';

const ctx = useConsole();
const call = admin(() => ctx.t);
const NUMBER = '+8675528000001';
const MENU = {
  start: 'menu',
  nodes: [
    { id: 'menu', type: 'gather', prompt: [{ say: 'press 1 for sales' }], maxDigits: 1, branches: { 1: 'sales' }, default: 'bye' },
    { id: 'sales', type: 'say', text: 'sales it is', next: 'bye' },
    { id: 'bye', type: 'hangup' },
  ],
};

describe('console: inbound', () => {
  test('a route set to a flow, a simulated call placed from the console, its timeline complete live', async () => {
    const appKey = ctx.t.platform.demo.appKey;
    assert.equal((await call('POST', `/v1/apps/${appKey}/flows`, { id: 'menu', flow: MENU })).status, 201);
    const page = await ctx.signedIn();
    await page.goto(`${ctx.t.platform.url}/console/#/apps/${appKey}`);
    const row = page.getByTestId('inbound-row').filter({ hasText: NUMBER });
    await row.getByText('no route (calls refused)').waitFor();
    await row.getByRole('link', { name: `Set route ${NUMBER}` }).click();
    await page.getByRole('heading', { level: 1, name: /Inbound route of/ }).waitFor();

    await page.getByRole('radio', { name: 'Flow' }).check();
    await page.getByLabel('Flow ID').fill('nosuch');
    await page.getByRole('button', { name: 'Save the route' }).click();
    await page.locator('#in-flowId-error').filter({ hasText: 'flow nosuch' }).waitFor();
    assert.equal((await call('GET', `/v1/apps/${appKey}/inbound`)).body.routes.length, 0, 'nothing stored');

    await page.getByLabel('Flow ID').fill('menu');
    await page.getByRole('button', { name: 'Save the route' }).click();
    await page.getByTestId('inbound-current').filter({ hasText: 'Flow menu' }).waitFor();
    const route = (await call('GET', `/v1/apps/${appKey}/numbers/${encodeURIComponent(NUMBER)}/inbound`)).body;
    assert.deepEqual(route.action, { type: 'flow', flowId: 'menu' });

    await page.getByRole('link', { name: 'Try it with a simulated call' }).click();
    await page.getByRole('heading', { level: 1, name: 'Simulated inbound call' }).waitFor();
    assert.equal(await page.getByLabel('Number called (to)').inputValue(), NUMBER);
    await page.getByLabel('Caller (from)').fill('+8613812345678');
    await page.getByLabel('Keys the caller presses (optional)').fill('1');
    await page.getByRole('button', { name: 'Place the call' }).click();
    await page.getByRole('heading', { level: 1, name: /^Call / }).waitFor();
    const sessionId = decodeURIComponent(new URL(page.url()).hash.replace('#/calls/', ''));
    await page.getByText('Live: updates every second').waitFor();
    const timeline = page.getByTestId('timeline');
    // The simulated world moves only when the test says; each step shows up on the open page.
    await ctx.t.run(1000);
    await timeline.locator('[data-event="answer"]').waitFor();
    assert.equal(await timeline.locator('[data-event="disconnect"]').count(), 0, 'the call is still going');
    await ctx.t.run(60_000);
    await timeline.locator('[data-event="collectInfo"]').filter({ hasText: '1' }).waitFor();
    await timeline.locator('[data-event="disconnect"]').waitFor();
    await page.getByText('Final', { exact: true }).waitFor();
    const api = (await call('GET', `/v1/calls/${encodeURIComponent(sessionId)}`)).body;
    assert.equal(api.call.kind, 'inbound');
    assert.deepEqual(await timeline.locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-event'))), api.events.map((e: { type: string }) => e.type));

    await page.goto(`${ctx.t.platform.url}/console/#/apps/${appKey}/inbound/${encodeURIComponent(NUMBER)}`);
    await page.getByRole('button', { name: 'Remove the route' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove the route' }).click();
    await page.getByTestId('inbound-current').filter({ hasText: 'no route' }).waitFor();
    assert.equal((await call('GET', `/v1/apps/${appKey}/inbound`)).body.routes.length, 0);

    // A URL route whose fallback flow does not exist: "route.fallback: flow …" under the fallback's flow.
    await page.getByRole('radio', { name: 'Ask the app\'s URL' }).check();
    await page.locator('#in-url').fill('https://example.com/inbound');
    await page.getByRole('radio', { name: 'Run a flow' }).check();
    await page.getByLabel('Flow ID').fill('nosuch');
    await page.getByRole('button', { name: 'Save the route' }).click();
    await page.locator('#in-fbFlowId-error').filter({ hasText: /^route\.fallback: flow nosuch / }).waitFor();
    assert.equal((await call('GET', `/v1/apps/${appKey}/inbound`)).body.routes.length, 0, 'nothing stored');

    // The calls list filters by the inbound kind.
    await page.goto(`${ctx.t.platform.url}/console/#/calls`);
    await page.getByLabel('Kind').selectOption({ label: 'Inbound' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('link', { name: sessionId }).waitFor();
    await page.context().close();
  });

  test('a simulated call to a number without a route is refused: its Q.850 cause and the recorded call', async () => {
    const page = await ctx.signedIn();
    await page.goto(`${ctx.t.platform.url}/console/#/simulate`);
    await page.getByLabel('Number called (to)').fill('+8675528000003');
    await page.getByRole('button', { name: 'Place the call' }).click();
    const alert = page.getByRole('alert').filter({ hasText: /^The platform refused the call \(Q\.850 cause \d+\)/ });
    await alert.waitFor();
    const shown = Number(/cause (\d+)/.exec((await alert.textContent()) ?? '')?.[1]);
    const direct = await call('POST', '/v1/simulator/calls', { from: '+8613900000001', to: '+8675528000003' });
    assert.deepEqual([direct.body.accepted, direct.body.q850, typeof direct.body.sessionId], [false, 1, 'string'], 'no_route: recorded, Q.850 1');
    // The refusal is recorded as a call (docs/inbound.md): the console links it.
    await alert.getByRole('link', { name: 'See the refused call' }).click();
    await page.getByRole('heading', { level: 1, name: /^Call / }).waitFor();
    await page.context().close();
  });

  test('a bad simulated call is answered with the API\'s message next to its field', async () => {
    const page = await ctx.signedIn();
    await page.goto(`${ctx.t.platform.url}/console/#/simulate`);
    await page.getByLabel('Caller (from)').fill('12345');
    await page.getByRole('button', { name: 'Place the call' }).click();
    await page.locator('#sim-from-error').filter({ hasText: /^from must be/ }).waitFor();
    await page.context().close();
  });
});
