import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkWav } from '../../src/api/manage/wav-format.js';
import { wavBytes } from './wav.js';

test('accepted: PCM 16/8-bit at 8/16 kHz mono, G.711 A-law and µ-law at 8 kHz mono', () => {
  assert.deepEqual(checkWav(wavBytes()), { ok: true, format: 'PCM 16-bit 8000 Hz mono', durationMs: 1000 });
  assert.deepEqual(checkWav(wavBytes({ rate: 16000 })), { ok: true, format: 'PCM 16-bit 16000 Hz mono', durationMs: 1000 });
  assert.deepEqual(checkWav(wavBytes({ bits: 8, dataBytes: 4000 })), { ok: true, format: 'PCM 8-bit 8000 Hz mono', durationMs: 500 });
  assert.equal(checkWav(wavBytes({ codec: 6, bits: 8 })).ok, true);
  assert.deepEqual(checkWav(wavBytes({ codec: 7, bits: 8 })), { ok: true, format: 'G.711 µ-law 8-bit 8000 Hz mono', durationMs: 1000 });
});

test('refused, each with its reason', () => {
  const cases: Array<[Buffer, RegExp]> = [
    [Buffer.from('ID3\x03 this is an mp3'), /not a WAV file/],
    [Buffer.alloc(0), /not a WAV file/],
    [wavBytes({ rate: 44100, channels: 2 }), /2 channels; it must be mono/],
    [wavBytes({ rate: 44100 }), /8000 or 16000 Hz, not 44100 Hz/],
    [wavBytes({ bits: 24 }), /16- or 8-bit, not 24-bit/],
    [wavBytes({ codec: 6, bits: 8, rate: 16000 }), /A-law must be sampled at 8000 Hz/],
    [wavBytes({ codec: 85, bits: 16 }), /WAVE format 85/],
    [wavBytes().subarray(0, 100), /longer than the file/],
    [wavBytes({ dataBytes: 0 }), /data chunk is empty/],
    [wavBytes().subarray(0, 36), /no data chunk/],
  ];
  for (const [bytes, reason] of cases) {
    const v = checkWav(bytes);
    assert.equal(v.ok, false, String(reason));
    if (!v.ok) assert.match(v.reason, reason);
  }
});
