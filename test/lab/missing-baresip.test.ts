// Without baresip on the PATH, startPhone says which package to install and leaves nothing behind.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startPhone } from '../../scripts/lab/baresip.js';

test('no baresip on the PATH: an Error naming apt-get install -y baresip-core, and no temp dir left', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'voxcall-empty-path-'));
  const saved = process.env.PATH;
  const name = `ghost${process.pid}`;
  const leftovers = () => readdirSync(tmpdir()).filter((f) => f.startsWith(`voxcall-phone-${name}-`));
  process.env.PATH = empty;
  try {
    await assert.rejects(startPhone({ name, tone: { frequencyHz: 440 } }), {
      message: 'baresip is not installed (not found on PATH): apt-get install -y baresip-core',
    });
  } finally {
    process.env.PATH = saved;
    rmSync(empty, { recursive: true, force: true });
  }
  assert.deepEqual(leftovers(), []);
});
