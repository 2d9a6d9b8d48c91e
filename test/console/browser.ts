// The console's browser tests: Debian's chromium driven by playwright-core (no browser download),
// one browser per test file, one platform (test/helpers/platform.ts) and one receiver beside it.
// A test gets a fresh browser context (its own sessionStorage) per page it opens.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before } from 'node:test';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { CONSOLE_DIST } from '../../src/console/serve.js';
import { startTestPlatform, type TestPlatform, type TestPlatformOptions } from '../helpers/platform.js';
import { Receiver } from '../helpers/receiver.js';

export const CHROMIUM = process.env.VOXCALL_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`chromium is not installed at ${CHROMIUM}: apt-get install -y chromium (the console's tests drive it through playwright-core; VOXCALL_CHROMIUM names another binary)`);
  }
  if (!existsSync(`${CONSOLE_DIST}/index.html`)) {
    throw new Error('the console is not built: run `npm run build:console` (npm install and npm ci run it)');
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

export interface ConsoleCtx {
  t: TestPlatform;
  rx: Receiver;
  browser: Browser;
  /** A new page in a new context (its own session), at the console's URL, not signed in. */
  open(opts?: BrowserContextOptions): Promise<Page>;
  /** A new page signed in with the platform's admin token, on the overview. */
  signedIn(opts?: BrowserContextOptions): Promise<Page>;
}

export function useConsole(opts: TestPlatformOptions = {}): ConsoleCtx {
  const ctx = {} as ConsoleCtx;
  before(async () => {
    [ctx.t, ctx.rx, ctx.browser] = await Promise.all([startTestPlatform(opts), new Receiver().start(), launchChromium()]);
    ctx.open = async (o = {}) => {
      const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC', ...o });
      const page = await context.newPage();
      await page.goto(`${ctx.t.platform.url}/console/`);
      return page;
    };
    ctx.signedIn = async (o = {}) => {
      const page = await ctx.open(o);
      await page.getByLabel(/Admin token|管理令牌/).fill(ctx.t.platform.adminToken);
      await page.getByRole('button', { name: /Sign in|登录/ }).click();
      await page.getByRole('heading', { level: 1, name: /Overview|概览/ }).waitFor();
      return page;
    };
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.t?.close();
    await ctx.rx?.close();
  });
  return ctx;
}

/**
 * Opens each view (its hash path), waits for its h1 and for `content` inside main, and asserts the
 * page is no wider than the viewport of `width` px (only tables scroll, in their own box).
 */
export async function assertViewsFit(page: Page, base: string, width: number, views: Array<[string, string | RegExp, string]>): Promise<void> {
  for (const [view, heading, content] of views) {
    await page.goto(`${base}/console/#/${view}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.locator(`main ${content}`).first().waitFor();
    assert.ok(await page.evaluate((w) => document.documentElement.scrollWidth <= w, width), `${view} is wider than ${width} px`);
  }
}
