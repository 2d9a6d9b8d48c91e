// The subscription CLI commands against a real platform's management API.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { registerSubscriptionCommands } from '../../src/cli/subscription-commands.js';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';
import { freshApp } from '../policy/helpers.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);

function cli() {
  const out: unknown[] = [];
  const program = new Command().exitOverride();
  registerSubscriptionCommands(program, async (method, path, body) => {
    const res = await call(method, path, body);
    if (res.status >= 400) throw new Error(res.body.error.message);
    return res.body;
  }, () => ({ json: true }));
  const run = async (...args: string[]) => {
    const write = process.stdout.write;
    process.stdout.write = ((v: unknown) => {
      const text = String(v).replace(/\n$/, '');
      out.push(text.startsWith('{') ? JSON.parse(text) : text);
      return true;
    }) as typeof process.stdout.write;
    try {
      await program.parseAsync(args, { from: 'user' });
    } finally {
      process.stdout.write = write;
    }
    return out.at(-1) as any;
  };
  return run;
}

test('subscriptions add, list, update, pause, resume, remove', async () => {
  const { app } = await freshApp(ctx.t);
  const a = app.appKey;
  const added = await cli()('subscriptions', 'add', '--app', a, '--url', 'https://sp.example.com/r', '--format', 'robot',
    '--receives', 'records', '--retry', '1000,2000', '--timeout', '2500', '--secret', 'generate');
  const id = added.subscription.id as string;
  assert.match(added.secret, /^whsec_/);
  assert.deepEqual([added.subscription.retrySchedule, added.subscription.timeoutMs, added.subscription.signed], [[1000, 2000], 2500, true]);
  const updated = await cli()('subscriptions', 'update', id, '--app', a, '--events', 'answer,disconnect', '--retry', 'default', '--secret', 'none', '--receives', 'both');
  assert.deepEqual([updated.subscription.events, updated.subscription.retrySchedule, updated.subscription.signed], [['answer', 'disconnect'], undefined, false]);
  assert.equal((await cli()('subscriptions', 'pause', id, '--app', a)).subscription.enabled, false);
  assert.equal((await cli()('subscriptions', 'resume', id, '--app', a)).subscription.enabled, true);
  assert.equal((await cli()('subscriptions', 'list', '--app', a)).subscriptions.length, 1);
  assert.equal(await cli()('subscriptions', 'remove', id, '--app', a), `removed ${id}`);
  assert.deepEqual((await cli()('subscriptions', 'list', '--app', a)).subscriptions, []);
  await assert.rejects(cli()('subscriptions', 'add', '--app', a, '--url', 'https://x.example/', '--format', 'sms'), /format/);
  await assert.rejects(cli()('subscriptions', 'update', id, '--app', a, '--events', 'ringing'), /events are/);
});
