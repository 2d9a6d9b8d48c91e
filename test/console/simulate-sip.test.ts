// On a network other than the simulated one (the SIP network in production) the console's inbound
// test form shows the API's refusal, VX.NOT_SIMULATED with its message, and goes nowhere.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Clock } from '../../src/lib/clock.js';
import { SimulatedNetwork } from '../../src/network/simulated/index.js';
import type { Network } from '../../src/network/types.js';
import { useConsole } from './browser.js';

// Any network that is not the simulated one: it places calls, but has no simulated callers.
const other = (clock: Clock): Network => {
  const sim = new SimulatedNetwork({ clock });
  return {
    start: () => sim.start(), close: () => sim.close(), health: () => sim.health(), onInbound: (h) => sim.onInbound(h),
    dial: (r, s) => sim.dial(r, s), bridge: (a, b) => sim.bridge(a, b), record: (a, b, o) => sim.record(a, b, o),
  };
};
const ctx = useConsole({ network: (clock) => other(clock) });

describe('console: inbound test on the SIP network', () => {
  test('the simulated call is refused with VX.NOT_SIMULATED and its message', async () => {
    const page = await ctx.signedIn();
    await page.getByRole('link', { name: 'Inbound test' }).click();
    await page.getByLabel('Number called (to)').fill('+8675528000001');
    await page.getByRole('button', { name: 'Place the call' }).click();
    await page.getByRole('alert').filter({ hasText: /^VX\.NOT_SIMULATED: the platform runs on the SIP network/ }).waitFor();
    assert.match(new URL(page.url()).hash, /^#\/simulate/, 'no call page opened');
    await page.context().close();
  });
});
