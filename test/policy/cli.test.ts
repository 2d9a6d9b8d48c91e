// The policy CLI commands against a real platform's management API.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { registerPolicyCommands } from '../../src/cli/policy-commands.js';
import { usePlatform } from '../helpers/platform.js';
import { freshApp, manage } from './helpers.js';

const ctx = usePlatform();
const admin = manage(() => ctx.t);

function cli() {
  const program = new Command().exitOverride();
  registerPolicyCommands(program, async (method, path, body) => {
    const res = await admin(method, path, body);
    if (res.status >= 400) throw new Error(res.body.error.message);
    return res.body;
  }, () => ({ json: false }));
  return (...args: string[]) => program.parseAsync(args, { from: 'user' });
}

test('block, unblock and limits set/show change what the API sees', async () => {
  const p = await freshApp(ctx.t);
  const log = console.log;
  const write = process.stdout.write;
  console.log = () => {};
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    await cli()('block', '+8613866660001');
    await cli()('block', '+8613866660002', '--app', p.app.appKey, '--list', 'callerBlacklist');
    await cli()('limits', 'set', '--app', p.app.appKey, '--app-calls', '10/86400', '--quiet-hours', '22:00-08:00', '--international-callout', 'off');
    await cli()('unblock', '+8613866660001');
  } finally {
    console.log = log;
    process.stdout.write = write;
  }
  assert.deepEqual((await admin('GET', '/v1/lists/calleeBlacklist')).body.entries.filter((e: { number: string }) => e.number.startsWith('+86138666')), []);
  assert.deepEqual((await admin('GET', `/v1/apps/${p.app.appKey}/lists`)).body.entries, [{ list: 'callerBlacklist', number: '+8613866660002' }]);
  assert.deepEqual((await admin('GET', `/v1/apps/${p.app.appKey}/limits`)).body.settings, {
    appCalls: { max: 10, windowS: 86400 }, quietHours: { start: '22:00', end: '08:00' }, internationalCallout: false,
  });
  await assert.rejects(cli()('limits', 'set', '--app-calls', 'ten'), /MAX\/WINDOW_SECONDS/);
});
