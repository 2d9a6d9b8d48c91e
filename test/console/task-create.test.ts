// Creating a task from the console and uploading its rows as a CSV file in a real browser: a bad
// setting refused under its field, the one its path names (nothing created), then a task with windows, retry and limits;
// a CSV of three rows, one with a malformed callee, adds two and lists the refused one with its
// index and reason. The task's flow cannot be deleted while the task holds it (the API's message),
// and an unused flow is deleted after a confirmation.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { admin } from '../manage/helpers.js';
import { useConsole } from './browser.js';

const ctx = useConsole();
const call = admin(() => ctx.t);
const flow = { start: 'hi', nodes: [{ id: 'hi', type: 'say', text: 'Hello ${name}.', next: 'bye' }, { id: 'bye', type: 'hangup' }] };

describe('console: creating a task', () => {
  test('a task created with its settings, its CSV uploaded with one refused row shown', async () => {
    const appKey = ctx.t.platform.demo.appKey;
    assert.equal((await call('POST', `/v1/apps/${appKey}/flows`, { id: 'promo', flow })).status, 201);
    const page = await ctx.signedIn();
    await page.goto(`${ctx.t.platform.url}/console/#/apps/${appKey}/tasks`);
    await page.getByRole('heading', { level: 2, name: 'New task' }).waitFor();
    await page.getByLabel('Name (optional)').fill('autumn promo');
    assert.equal(await page.getByLabel('Flow', { exact: true }).inputValue(), 'promo');
    await page.getByLabel('Concurrency').fill('0');
    await page.getByRole('button', { name: 'Create the task' }).click();
    await page.locator('#nt-concurrency-error').filter({ hasText: /^concurrency / }).waitFor();
    assert.equal((await call('GET', `/v1/apps/${appKey}/tasks`)).body.tasks.length, 0, 'nothing created');

    await page.getByLabel('Concurrency').fill('3');
    // A message naming a path goes under that path's field: the flow, the retry interval.
    await page.getByLabel('Flow', { exact: true }).fill('nope');
    await page.getByRole('button', { name: 'Create the task' }).click();
    await page.locator('#nt-flowId-error').filter({ hasText: /^flow nope / }).waitFor();
    await page.getByLabel('Flow', { exact: true }).fill('promo');
    await page.getByLabel('Seconds between tries').fill('5');
    await page.getByRole('button', { name: 'Create the task' }).click();
    await page.locator('#nt-intervalSeconds-error').filter({ hasText: /^retry\.intervalSeconds / }).waitFor();
    assert.equal(await page.locator('#nt-maxTries-error').count(), 0);
    assert.equal((await call('GET', `/v1/apps/${appKey}/tasks`)).body.tasks.length, 0, 'nothing created');

    await page.getByLabel('New calls per second').fill('2');
    await page.getByLabel('Calling windows').fill('1-5 09:00-18:00\n6 10:00-12:00');
    await page.getByLabel('Tries per row').fill('2');
    await page.getByLabel('Seconds between tries').fill('60');
    await page.getByRole('button', { name: 'Create the task' }).click();
    await page.getByRole('heading', { level: 1, name: /autumn promo/ }).waitFor();
    const taskId = decodeURIComponent(new URL(page.url()).hash.split('/').at(-1)!);
    const task = (await call('GET', `/v1/apps/${appKey}/tasks/${taskId}`)).body.task;
    assert.deepEqual([task.state, task.flowId, task.concurrency, task.cps, task.retry.maxTries, task.retry.intervalSeconds, task.windows.length],
      ['draft', 'promo', 3, 2, 2, 60, 6]);
    assert.deepEqual(task.windows[5], { day: 6, from: '10:00', to: '12:00' });

    await page.getByLabel('CSV file').setInputFiles({ name: 'rows.csv', mimeType: 'text/csv', buffer: Buffer.from('callee,name\n+8613900000001,Ann\n13900000002,Bo\n+8613900000003,Cy\n') });
    await page.getByRole('button', { name: 'Upload' }).click();
    const answer = page.getByTestId('upload-answer');
    await answer.getByText('2 row(s) added, 1 refused; the task has 2 row(s).').waitFor();
    const refused = answer.getByTestId('refused-row');
    assert.equal(await refused.count(), 1);
    assert.deepEqual(await refused.locator('td').evaluateAll((tds) => tds.slice(0, 2).map((td) => td.textContent)), ['2', 'bad_number']);
    await page.getByTestId('task-row-line').filter({ hasText: '+8613900000003' }).filter({ hasText: 'Cy' }).waitFor();
    assert.equal((await call('GET', `/v1/apps/${appKey}/tasks/${taskId}`)).body.task.rowCount, 2);

    // The flow is held by the task: its deletion is refused with the API's message.
    await page.goto(`${ctx.t.platform.url}/console/#/apps/${appKey}/flows/promo`);
    await page.getByRole('button', { name: 'Delete the flow' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete the flow' }).click();
    await page.getByRole('alert').filter({ hasText: `is used by 1 thing: task ${taskId}` }).waitFor();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    assert.equal((await call('GET', `/v1/apps/${appKey}/flows/promo`)).status, 200);

    assert.equal((await call('POST', `/v1/apps/${appKey}/flows`, { id: 'spare', flow })).status, 201);
    await page.goto(`${ctx.t.platform.url}/console/#/apps/${appKey}/flows/spare`);
    await page.getByRole('button', { name: 'Delete the flow' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete the flow' }).click();
    await page.getByRole('heading', { level: 1, name: 'Flows' }).waitFor();
    assert.equal((await call('GET', `/v1/apps/${appKey}/flows/spare`)).status, 404);
    await page.context().close();
  });
});
