// README's runnable examples, run as README says (`npx tsx examples/notify.ts`, `npx voxcall`)
// against a real platform, found through the data directory as a user's would be.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { usePlatform } from '../helpers/platform.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ctx = usePlatform();

function npx(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VOXCALL_')));
  return new Promise((resolve) => {
    execFile('npx', args, { cwd: ROOT, env: { ...env, VOXCALL_DATA_DIR: ctx.t.dataDir }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('examples/notify.ts places the notification of README as the demo app', async () => {
  const r = await npx(['tsx', 'examples/notify.ts']);
  assert.equal(r.code, 0, r.stderr);
  const sessionId = /sessionId: '([^']+)'/.exec(r.stdout)?.[1];
  assert.match(r.stdout, /resultcode: '0'/);
  assert.ok(sessionId, r.stdout);
  const call = await ctx.t.platform.store.calls.get(sessionId);
  assert.equal(call?.call.plan.kind, 'notify');
});

test('npx voxcall runs the CLI from the checkout', async () => {
  const r = await npx(['--no-install', 'voxcall', 'calls', 'list', '--kind', 'notify']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^sessionId\s+kind/);
});
