// The console's tasks and flows in a real browser: a task created through the API shows on the
// app's task list with its progress, its page shows its settings, counters and rows, and it is
// paused and resumed from there after a confirmation (Cancel first: nothing changes). A flow's
// page shows its nodes; an edit with a dangling `next` is refused beside that node, and a good
// edit is stored as version 2.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { admin } from '../manage/helpers.js';
import { assertViewsFit, useConsole } from './browser.js';

const ctx = useConsole();
const call = admin(() => ctx.t);
const flow = { start: 'hi', nodes: [{ id: 'hi', type: 'say', text: 'Hello ${name}.', next: 'bye' }, { id: 'bye', type: 'hangup' }] };

describe('console: tasks and flows', () => {
  test('a task seen on its app\'s list and page, paused and resumed from the console', async () => {
    const appKey = ctx.t.platform.demo.appKey;
    const base = `/v1/apps/${appKey}/tasks`;
    assert.equal((await call('POST', `/v1/apps/${appKey}/flows`, { id: 'hello', flow })).status, 201);
    const created = await call('POST', base, { name: 'spring promo', flowId: 'hello', displayNumbers: ['+8675528000001'] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.task.taskId as string;
    const rows = await call('POST', `${base}/${id}/rows`, { header: ['callee', 'name'], rows: [['+8613900000001', 'Ann'], ['+8613900000002', 'Bo']] });
    assert.equal(rows.status, 200, JSON.stringify(rows.body));
    assert.equal((await call('POST', `${base}/${id}/start`)).body.task.state, 'running');

    const page = await ctx.signedIn();
    await page.goto(`${ctx.t.platform.url}/console/#/apps/${appKey}`);
    await page.getByRole('link', { name: 'Tasks', exact: true }).click();
    const row = page.getByTestId('task-row').filter({ hasText: 'spring promo' });
    await row.getByText('Running').waitFor();
    await row.getByTestId('task-progress').filter({ hasText: '0 of 2 rows finished' }).waitFor();
    await row.getByRole('link', { name: 'spring promo' }).click();

    await page.getByRole('heading', { level: 1, name: /spring promo/ }).waitFor();
    assert.equal(await page.getByTestId('count-total').textContent(), '2');
    await page.getByTestId('task-row-line').filter({ hasText: '+8613900000002' }).filter({ hasText: 'Bo' }).waitFor();
    // A row's last result: the robot format's code with the docs' English description on the
    // English page (the API gives the document's Chinese one, 成功).
    await ctx.t.run(70_000);
    const done = page.getByTestId('task-row-line').filter({ hasText: '+8613900000001' });
    await done.filter({ hasText: '0 success' }).waitFor();
    assert.equal(await done.filter({ hasText: '成功' }).count(), 0);

    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/No new call is placed/).waitFor();
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await call('GET', `${base}/${id}`)).body.task.state, 'running', 'Cancel changed nothing');

    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await dialog.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByTestId('task-state').getByText('Paused (by a user)').waitFor();
    assert.equal((await call('GET', `${base}/${id}`)).body.task.pausedBy, 'user');

    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await dialog.getByRole('button', { name: 'Resume', exact: true }).click();
    await page.locator('.summary').getByText('Running').waitFor();
    assert.equal((await call('GET', `${base}/${id}`)).body.task.state, 'running');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download results (JSON Lines)' }).click();
    assert.equal((await download).suggestedFilename(), `task-${id}.jsonl`);
    await page.context().close();
  });

  test('a flow\'s nodes; an edit refused beside its node, then stored as version 2', async () => {
    const appKey = ctx.t.platform.demo.appKey;
    assert.equal((await call('POST', `/v1/apps/${appKey}/flows`, { id: 'survey', flow })).status, 201);
    const page = await ctx.signedIn();
    await page.goto(`${ctx.t.platform.url}/console/#/apps/${appKey}/flows`);
    await page.getByTestId('flow-row').getByRole('link', { name: 'survey' }).click();
    await page.getByTestId('flow-node').filter({ hasText: 'hangup' }).waitFor();

    const broken = { ...flow, nodes: [{ ...flow.nodes[0], next: 'nowhere' }, flow.nodes[1]] };
    await page.getByLabel('Flow (JSON)').fill(JSON.stringify(broken));
    await page.getByRole('button', { name: 'Validate' }).click();
    const bad = page.getByTestId('flow-validation').getByTestId('flow-node').filter({ hasText: 'nowhere' });
    await bad.getByTestId('node-errors').filter({ hasText: '/nodes/0/next' }).waitFor();
    // Saved without validating first: the API's refusal lists its errors the same way.
    await page.getByLabel('Flow (JSON)').fill(JSON.stringify({ ...flow, start: 'nope' }));
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByTestId('flow-validation').getByTestId('flow-errors').filter({ hasText: '/start' }).waitFor();
    assert.equal((await call('GET', `/v1/apps/${appKey}/flows/survey/versions`)).body.versions.length, 1, 'nothing stored');

    await page.getByLabel('Flow (JSON)').fill('{"start": ');
    await page.getByRole('button', { name: 'Validate' }).click();
    await page.locator('#flow-json-error').filter({ hasText: 'This is not JSON' }).waitFor();

    const good = { ...flow, nodes: [{ ...flow.nodes[0], text: 'Hi ${name}, thanks.' }, flow.nodes[1]] };
    await page.getByLabel('Flow (JSON)').fill(JSON.stringify(good));
    await page.getByLabel('Note (optional)').fill('friendlier');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByTestId('flow-version').filter({ hasText: 'friendlier' }).waitFor();
    const shown = await call('GET', `/v1/apps/${appKey}/flows/survey`);
    assert.deepEqual([shown.body.version, shown.body.flow.nodes[0].text], [2, 'Hi ${name}, thanks.']);
    await page.context().close();
  });
  test('at a phone\'s width (390 px) the task and flow views are no wider than the screen', async () => {
    const appKey = ctx.t.platform.demo.appKey;
    const task = (await call('GET', `/v1/apps/${appKey}/tasks?limit=1`)).body.tasks[0] as { taskId: string };
    const page = await ctx.signedIn({ viewport: { width: 390, height: 844 } });
    const views: Array<[string, RegExp, string]> = [
      [`apps/${appKey}/tasks`, /^Tasks$/, '[data-testid="task-progress"]'], [`apps/${appKey}/tasks/${task.taskId}`, /spring promo/, '[data-testid="task-row-line"]'],
      [`apps/${appKey}/flows`, /^Flows$/, '[data-testid="flow-row"]'], [`apps/${appKey}/flows/survey`, /survey/, '[data-testid="flow-node"]'],
    ];
    await assertViewsFit(page, ctx.t.platform.url, 390, views);
    await page.context().close();
  });
});
