// The console's pushes and endpoints in a real browser: a failed push (its receiver answered 500)
// replayed from its page once the receiver answers 200, its new attempt appearing; a replay by
// filter confirmed with its number first (asked again when the number changed meanwhile); the failed-CDR export downloaded; an endpoint paused
// and resumed.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { admin } from '../manage/helpers.js';
import { useConsole } from './browser.js';

const ctx = useConsole();
const call = admin(() => ctx.t);

describe('console: pushes and endpoints', () => {
  test('failed pushes: replayed one from its page, then the rest by filter after a confirmation with their number', async () => {
    const appKey = ctx.t.platform.demo.appKey;
    const url = `${ctx.rx.url}/vsp`;
    ctx.rx.respond(() => ({ status: 500, body: 'receiver down' }));
    // One disconnect push per call, no retry: each fails at its first attempt.
    const sub = await call('POST', `/v1/apps/${appKey}/subscriptions`, { url, format: 'vsp', receives: 'status', events: ['disconnect'], retrySchedule: [] });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    for (let i = 0; i < 2; i++) assert.equal((await call('POST', `/v1/apps/${appKey}/calls`, { kind: 'notify', callee: '+8613900000001' })).status, 201);
    await ctx.t.run(60_000);
    const failed = (await call('GET', '/v1/pushes?state=failed')).body.pushes as Array<{ id: string }>;
    assert.equal(failed.length, 2);

    const page = await ctx.signedIn();
    await page.getByRole('link', { name: 'Pushes', exact: true }).click();
    await page.getByLabel('State').selectOption('failed');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('link', { name: failed[1]!.id }).waitFor();
    await page.getByRole('link', { name: failed[0]!.id }).waitFor();

    // One, from its page: the 500 attempt, then Replay, then the 200 attempt.
    await page.getByRole('link', { name: failed[0]!.id }).click();
    const attempts = page.getByTestId('attempt');
    await attempts.filter({ hasText: '500' }).waitFor();
    await page.getByText('receiver down').waitFor();
    assert.equal(await attempts.count(), 1);
    await page.getByTestId('headers').getByText('Content-Type').waitFor();
    ctx.rx.respond(() => ({ status: 200, body: '{"ok":true}' }));
    const before = ctx.rx.received.length;
    await page.getByRole('button', { name: 'Replay' }).click();
    await ctx.rx.until((all) => all.length > before);
    await ctx.t.idle();
    await attempts.nth(1).filter({ hasText: '200' }).waitFor();
    await page.locator('.summary').getByText('Delivered').waitFor();

    // The rest by filter: the confirmation says how many; Cancel replays nothing, Replay does.
    await page.goto(`${ctx.t.platform.url}/console/#/pushes?state=failed`);
    await page.getByRole('button', { name: /^Replay all matching/ }).click();
    await page.getByTestId('replay-count').filter({ hasText: /: 1\. Replay all/ }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await call('GET', '/v1/pushes/count?state=failed')).body.count, 1);
    await page.getByRole('button', { name: /^Replay all matching/ }).click();
    await page.getByTestId('replay-count').filter({ hasText: /: 1\. Replay all/ }).waitFor();
    // One more fails while the dialog is open: the replay of "1" replays nothing and asks again.
    ctx.rx.respond(() => ({ status: 500, body: 'receiver down' }));
    assert.equal((await call('POST', `/v1/apps/${appKey}/calls`, { kind: 'notify', callee: '+8613900000001' })).status, 201);
    await ctx.t.run(60_000);
    assert.equal((await call('GET', '/v1/pushes/count?state=failed')).body.count, 2);
    ctx.rx.respond(() => ({ status: 200, body: '{"ok":true}' }));
    await page.getByRole('dialog').getByRole('button', { name: 'Replay' }).click();
    await page.getByTestId('count-changed').waitFor();
    await page.getByTestId('replay-count').filter({ hasText: /: 2\. Replay all/ }).waitFor();
    assert.equal((await call('GET', '/v1/pushes/count?state=failed')).body.count, 2, 'nothing replayed');
    await page.getByRole('dialog').getByRole('button', { name: 'Replay' }).click();
    await page.getByRole('status').filter({ hasText: 'Pushes queued again: 2.' }).waitFor();
    await ctx.rx.until((all) => all.length > before + 2);
    await ctx.t.idle();
    assert.equal((await call('GET', '/v1/pushes/count?state=failed')).body.count, 0);

    // The failed-CDR export downloads as a file (none failed here: the header alone).
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export failed CDRs (CSV)' }).click()]);
    assert.equal(download.suggestedFilename(), 'failed-records.csv');
    assert.match(await readFile(await download.path(), 'utf8'), /^pushId,appKey,sessionId,/);
    await page.context().close();
  });

  test('an endpoint is paused and resumed from the endpoints page', async () => {
    // An endpoint of its own, whatever ran before: one push delivered to it.
    const appKey = ctx.t.platform.demo.appKey;
    const url = `${ctx.rx.url}/endpoint-page`;
    ctx.rx.respond(() => ({ status: 200, body: '{"ok":true}' }));
    const sub = await call('POST', `/v1/apps/${appKey}/subscriptions`, { url, format: 'vsp', receives: 'status', events: ['disconnect'], retrySchedule: [] });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    assert.equal((await call('POST', `/v1/apps/${appKey}/calls`, { kind: 'notify', callee: '+8613900000002' })).status, 201);
    await ctx.t.run(60_000);
    await ctx.rx.until((all) => all.some((r) => r.path === '/endpoint-page'));
    await ctx.t.idle();
    const page = await ctx.signedIn();
    await page.getByRole('link', { name: 'Endpoints', exact: true }).click();
    const row = page.getByTestId('endpoint-row').filter({ hasText: url });
    await row.getByRole('button', { name: `Pause ${url}` }).click();
    await row.getByText('Paused', { exact: true }).waitFor();
    const listed = (await call('GET', '/v1/endpoints')).body.endpoints as Array<{ url: string; paused: boolean; pausedReason?: string }>;
    assert.deepEqual(listed.filter((e) => e.url === url).map((e) => [e.paused, e.pausedReason]), [[true, 'paused from the console']]);
    await row.getByRole('button', { name: `Resume ${url}` }).click();
    await row.getByRole('button', { name: `Pause ${url}` }).waitFor();
    assert.equal(((await call('GET', '/v1/endpoints')).body.endpoints as Array<{ url: string; paused: boolean }>).find((e) => e.url === url)?.paused, false);
    // Its figures: its one attempt succeeded.
    await row.getByText('100%').waitFor();
    await page.context().close();
  });
});
