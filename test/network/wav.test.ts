import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { wavDurationMs, writeToneWav } from '../../src/network/simulated/wav.js';

const dir = mkdtempSync(join(tmpdir(), 'voxcall-wav-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('writeToneWav writes PCM 16-bit 8 kHz mono of the asked length, with sound in it', async () => {
  const path = join(dir, 'sub', 'tone.wav');
  await writeToneWav(path, 2500, { hintMs: 500 });
  const b = readFileSync(path);
  assert.equal(b.toString('ascii', 0, 4), 'RIFF');
  assert.equal(b.toString('ascii', 8, 12), 'WAVE');
  assert.deepEqual([b.readUInt16LE(20), b.readUInt16LE(22), b.readUInt32LE(24), b.readUInt16LE(34)], [1, 1, 8000, 16]);
  assert.equal(b.readUInt32LE(40), 2500 * 16);
  assert.equal(b.length, 44 + 2500 * 16);
  let peak = 0;
  for (let i = 44; i < b.length; i += 2) peak = Math.max(peak, Math.abs(b.readInt16LE(i)));
  assert.ok(peak > 8000, `peak ${peak}`);
  assert.equal(wavDurationMs(path), 2500);
});

test('a long file is written in chunks and read back exactly', async () => {
  const path = join(dir, 'long.wav');
  await writeToneWav(path, 61_234);
  assert.equal(wavDurationMs(path), 61_234);
});

test('wavDurationMs rejects a file that is not a WAV, with a clear message', () => {
  const path = join(dir, 'not.wav');
  writeFileSync(path, 'hello, this is text and not audio at all');
  assert.throws(() => wavDurationMs(path), /not a WAV file/);
  const empty = join(dir, 'empty.wav');
  writeFileSync(empty, '');
  assert.throws(() => wavDurationMs(empty), /not a WAV file/);
});
