// "No layout shift while live data arrives", measured the way browsers measure it: chromium's
// layout-shift entries (the Layout Instability API behind CLS), every one of them, including those
// right after a navigation, summed per view from the moment it is opened, through its first loads
// and through live traffic that changes what it shows. The failure message names what moved.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { Receiver } from '../helpers/receiver.js';
import { useConsole } from './browser.js';
import { adminOf, seedConsole, trafficMinute, type Seeded } from './seed.js';

// Text nodes re-flowing by a pixel when a figure changes width (a count going from 9 to 10) score
// in the ten-thousandths; anything that moves a row, a card or a control scores hundredths or more.
const TOLERANCE = 0.001;

// A source with no node is inside a native control's shadow tree. Chromium's audio player moves its
// own slider when its time display first paints, with nothing on the page changing (measured on a
// static page holding only an <audio controls>: 0.0014 each time); those are the browser's, not
// the console's, and are set aside when they lie inside an <audio> element.
const OBSERVE = `
window.__shifts = [];
const name = (n) => n.tagName.toLowerCase() + (n.className && typeof n.className === 'string' ? '.' + n.className.trim().split(/\\s+/).join('.') : '') + (n.dataset && n.dataset.testid ? '[' + n.dataset.testid + ']' : '');
const inAudio = (r) => [...document.querySelectorAll('audio')].some((a) => { const b = a.getBoundingClientRect(); return r.x >= b.x - 1 && r.y >= b.y - 1 && r.right <= b.right + 1 && r.bottom <= b.bottom + 1; });
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const sources = e.sources || [];
    if (sources.length > 0 && sources.every((s) => !s.node && inAudio(s.currentRect))) continue;
    window.__shifts.push({ value: e.value, at: location.hash, moved: sources.map((s) => (!s.node ? '(no node)' : (s.node.parentElement ? name(s.node.parentElement) + ' > ' : '') + (s.node.tagName ? name(s.node) : '#text')) + ' y ' + Math.round(s.previousRect.y) + '→' + Math.round(s.currentRect.y) + ' h ' + Math.round(s.previousRect.height) + '→' + Math.round(s.currentRect.height)) });
  }
}).observe({ type: 'layout-shift', buffered: true });
`;

interface Shift { value: number; at: string; moved: string[] }

const ctx = useConsole();
const down = new Receiver();
let s: Seeded;

async function openSignedIn(width: number, height: number): Promise<Page> {
  const page = await ctx.signedIn({ viewport: { width, height } });
  await page.addInitScript(OBSERVE);
  await page.evaluate(OBSERVE);
  return page;
}

/** Opens a view, waits for `ready`, lets `live` change the world, and returns what moved. */
async function shiftsOf(page: Page, view: string, ready: string, live?: () => Promise<void>): Promise<{ total: number; shifts: Shift[] }> {
  await page.evaluate(() => { (window as unknown as { __shifts: Shift[] }).__shifts = []; });
  await page.goto(`${ctx.t.platform.url}/console/#/${view}`);
  await page.locator('.gate:not(.gate-hidden)').waitFor();
  await page.locator(ready).first().waitFor();
  await live?.();
  // Entries are delivered after the frame that moved: two frames later every one is in.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const shifts = await page.evaluate(() => (window as unknown as { __shifts: Shift[] }).__shifts);
  return { total: shifts.reduce((a, x) => a + x.value, 0), shifts };
}

function assertStill(view: string, got: { total: number; shifts: Shift[] }) {
  assert.ok(got.total < TOLERANCE, `${view}: layout shift ${got.total.toFixed(4)}:\n${got.shifts.map((x) => `  ${x.value.toFixed(4)} ${x.moved.join(' | ')}`).join('\n')}`);
}

/** Waits until the overview shows the API's call totals (the traffic just run has arrived). */
async function overviewShowsTotals(page: Page): Promise<void> {
  const o = await adminOf(ctx.t)('GET', '/v1/overview?minutes=15') as { calls: { total: Record<string, number> } };
  for (const [k, n] of Object.entries(o.calls.total)) {
    await page.getByTestId(`calls-${k}`).filter({ hasText: new RegExp(`^${n.toLocaleString('en-GB')}$`) }).waitFor();
  }
}

/** The calls list with calls in progress; new ones placed; the shown ones end in place. */
async function callsLive(page: Page, minute: number) {
  assertStill('calls', await shiftsOf(page, 'calls', 'table .badge-in_progress', async () => {
    await trafficMinute(ctx.t, minute + 1, s.inbound);
    await page.getByTestId('fresh-rows').waitFor();
    // Until no call is left in progress (a callback talks longer than a notification).
    do await ctx.t.run(20_000);
    while (((await adminOf(ctx.t)('GET', '/v1/calls?state=active&limit=1')).calls as unknown[]).length > 0);
    await page.waitForFunction(() => document.querySelector('table .badge-in_progress') === null);
  }));
}

describe('console: no layout shift while live data arrives', () => {
  before(async () => {
    await down.start();
    s = await seedConsole(ctx.t, ctx.rx, down);
  });
  after(() => down.close());

  test('at 1280x800: every view through its first loads, and the live ones through traffic', async () => {
    const page = await openSignedIn(1280, 800);
    const admin = adminOf(ctx.t);

    // The overview while a minute of calls of every kind runs and their pushes land.
    assertStill('overview', await shiftsOf(page, 'overview', '[data-testid="open-endpoints"] li', async () => {
      await trafficMinute(ctx.t, 0, s.inbound);
      await ctx.t.run(20_000);
      await overviewShowsTotals(page);
    }));

    await trafficMinute(ctx.t, 1, s.inbound);
    await callsLive(page, 1);

    // A recorded callback's page from its first event to its CDR, recording and pushes: after each
    // step of the simulated world, the page shows every event the API has.
    const cb = await admin('POST', `/v1/apps/${s.appKey}/calls`, { kind: 'callback', caller: '+8613900000001', callee: '+8613900000011', record: true });
    const id = encodeURIComponent(String(cb.sessionId));
    assertStill('a live call', await shiftsOf(page, `calls/${id}`, '[data-testid="timeline"] li', async () => {
      for (const ms of [1500, 1000, 1500, 1000, 20_000]) {
        await ctx.t.run(ms);
        const events = ((await admin('GET', `/v1/calls/${id}`)).events as unknown[]).length;
        await page.waitForFunction((n) => document.querySelectorAll('[data-testid="timeline"] li[data-event]').length === n, events);
      }
      await page.getByTestId('hangup').waitFor();
      await page.locator('audio').waitFor();
      await page.getByTestId('call-push').first().waitFor();
    }));

    // A task dialling six rows two at a time: its counters and rows change as the API's do.
    const task = await admin('POST', `/v1/apps/${s.appKey}/tasks`, { name: 'layout', flowId: 'parcel', displayNumbers: ['+8675528000001'], concurrency: 2 });
    const taskId = String((task.task as { taskId: string }).taskId);
    await admin('POST', `/v1/apps/${s.appKey}/tasks/${taskId}/rows`, {
      header: ['callee', 'name', 'place'], rows: [0, 1, 2, 3, 4, 5].map((i) => [`+86139000002${String(i).padStart(2, '0')}`, 'Ann', 'Gate 3']),
    });
    await admin('POST', `/v1/apps/${s.appKey}/tasks/${taskId}/start`);
    assertStill('a task', await shiftsOf(page, `apps/${s.appKey}/tasks/${taskId}`, '[data-testid="task-row-line"]', async () => {
      for (let step = 0; step < 4; step++) {
        await ctx.t.run(15_000);
        const c = ((await admin('GET', `/v1/apps/${s.appKey}/tasks/${taskId}`)).task as { counters: { dialled: number; answered: number } }).counters;
        await page.getByTestId('count-dialled').filter({ hasText: new RegExp(`^${c.dialled}$`) }).waitFor();
        await page.getByTestId('count-answered').filter({ hasText: new RegExp(`^${c.answered}$`) }).waitFor();
      }
    }));

    const failed = (await admin('GET', '/v1/pushes?state=failed&limit=1')).pushes as Array<{ id: string }>;
    const settled: Array<[string, string]> = [
      ['pushes', 'table a.mono'], [`pushes/${failed[0]!.id}`, '[data-testid="headers"] dt'], ['endpoints', '[data-testid="endpoint-row"]'],
      ['apps', '[data-testid="app-row"]'], [`apps/${s.appKey}`, 'table td'], [`apps/${s.appKey}/tasks`, '[data-testid="task-progress"]'],
      [`apps/${s.appKey}/flows/parcel`, '[data-testid="flow-node"]'], [`apps/${s.appKey}/inbound/${encodeURIComponent(s.inbound)}`, '[data-testid="inbound-current"] .mono'],
      [`apps/${s.appKey}/privacy`, '[data-testid="binding-row"]'], [`apps/${s.appKey}/bindings/${s.subscriptionId}`, '[data-testid="binding-facts"]'],
      ['platform', 'form'],
    ];
    for (const [view, ready] of settled) assertStill(view, await shiftsOf(page, view, ready));
    await page.context().close();
  });

  test('at a phone width (375x667): the overview, the calls list and an app', async () => {
    const page = await openSignedIn(375, 667);
    assertStill('overview', await shiftsOf(page, 'overview', '[data-testid="open-endpoints"] li', async () => {
      await trafficMinute(ctx.t, 3, s.inbound);
      await ctx.t.run(20_000);
      await overviewShowsTotals(page);
    }));
    await trafficMinute(ctx.t, 4, s.inbound);
    await callsLive(page, 4);
    assertStill('app', await shiftsOf(page, `apps/${s.appKey}`, 'table td'));
    await page.context().close();
  });
});
