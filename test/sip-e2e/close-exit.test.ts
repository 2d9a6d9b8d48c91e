// A platform on SIP lets its process end once closed: nothing of the SIP network (a grace timer
// of close(), a transaction's timer) keeps Node's event loop alive after platform.close().

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const CHILD = fileURLToPath(new URL('./fixtures/close-and-exit.ts', import.meta.url));

test('after platform.close() the process exits at once', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  const exitedAt = Date.now();
  assert.equal(code, 0, err);
  const { closedAt, state } = JSON.parse(out.trim()) as { closedAt: number; state: string };
  assert.equal(state, 'up');
  // Process teardown takes tens of milliseconds; close()'s grace timer held it 4 s.
  assert.ok(exitedAt - closedAt < 1000, `the process ended ${exitedAt - closedAt} ms after close()`);
});
