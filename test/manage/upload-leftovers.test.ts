// An upload interrupted by a crash leaves `<name>.uploading`; the next start removes it and keeps
// every finished file (real platform, real data directory, restarted on it).

import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startTestPlatform } from '../helpers/platform.js';
import { admin } from './helpers.js';
import { wavBytes } from './wav.js';

test('a start removes *.uploading files left by a crash; finished uploads and seeded media stay', async (tt) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'voxcall-uploads-'));
  tt.after(() => rm(dataDir, { recursive: true, force: true }));

  let t = await startTestPlatform({ dataDir });
  const { appKey } = t.platform.demo;
  const bytes = wavBytes({ rate: 8000, dataBytes: 16000 });
  const up = await admin(() => t)('PUT', `/v1/apps/${appKey}/voice-files/kept.wav`, undefined, { raw: bytes });
  assert.equal(up.status, 201, JSON.stringify(up.body));
  await t.close();

  const appDir = join(dataDir, 'media', 'apps', appKey);
  const [kept] = readdirSync(appDir);
  // What a crash between write and rename leaves, in this app's folder and another's.
  writeFileSync(join(appDir, `0a1b2c3d4e5f-half.wav.uploading`), bytes.subarray(0, 100));
  const otherDir = join(dataDir, 'media', 'apps', 'otherapp');
  mkdirSync(otherDir, { recursive: true });
  writeFileSync(join(otherDir, `ffffffffffff-x.wav.uploading`), 'partial');
  writeFileSync(join(otherDir, 'notes.txt'), 'an operator file');
  const seeded = readdirSync(join(dataDir, 'media')).filter((f) => f.endsWith('.wav')).sort();

  t = await startTestPlatform({ dataDir });
  try {
    assert.deepEqual(readdirSync(appDir), [kept]);
    assert.deepEqual(readFileSync(join(appDir, kept!)), bytes);
    assert.deepEqual(readdirSync(otherDir), ['notes.txt']);
    assert.deepEqual(readdirSync(join(dataDir, 'media')).filter((f) => f.endsWith('.wav')).sort(), seeded);
    const listed = await admin(() => t)('GET', `/v1/apps/${appKey}/voice-files`);
    assert.deepEqual(listed.body.voiceFiles.map((f: { name: string }) => f.name), ['kept.wav']);
  } finally {
    await t.close();
  }
});
