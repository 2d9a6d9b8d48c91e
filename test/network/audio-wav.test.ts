import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeG711, encodeG711 } from '../../src/network/audio/g711.js';
import { decodeWav, wavToPcm } from '../../src/network/audio/wav-read.js';
import { checkWav } from '../../src/api/manage/wav-format.js';
import { db, fmtChunk, int16Bytes, riff, rms, tone, wav } from './audio-fixtures.js';

const ramp = Int16Array.from({ length: 400 }, (_, i) => (i - 200) * 150);

test('PCM 16-bit 8 kHz: the samples as they are', async () => {
  const bytes = wav({ codec: 1, bits: 16, rate: 8000 }, int16Bytes(ramp));
  assert.equal(checkWav(bytes).ok, true, 'the fixture is a file the management API accepts');
  const w = decodeWav(bytes, 'voice file');
  assert.equal(w.format, 'PCM 16-bit 8000 Hz mono');
  assert.deepEqual(w.samples, ramp);
  assert.deepEqual(await wavToPcm(bytes, 'voice file'), ramp);
});

test('PCM 8-bit (unsigned) at 8 and 16 kHz', () => {
  const data = Buffer.from([0, 64, 128, 192, 255]);
  for (const rate of [8000, 16000]) {
    const bytes = wav({ codec: 1, bits: 8, rate }, data);
    assert.equal(checkWav(bytes).ok, true);
    const w = decodeWav(bytes, 'voice file');
    assert.equal(w.rate, rate);
    assert.deepEqual([...w.samples], [-32768, -16384, 0, 16384, 32512]);
  }
});

test('PCM 16-bit 16 kHz: resampled to 8 kHz, half the samples, the tone kept', async () => {
  const src = tone(1000, 16000, 1);
  const pcm = await wavToPcm(wav({ codec: 1, bits: 16, rate: 16000 }, int16Bytes(src)), 'voice file');
  assert.equal(pcm.length, 8000);
  assert.ok(Math.abs(db(rms(pcm) / rms(src))) < 0.1);
});

for (const [codec, name, g711] of [[6, 'A-law', 'PCMA'], [7, 'µ-law', 'PCMU']] as const) {
  for (const extensible of [false, true]) {
    test(`G.711 ${name} 8 kHz${extensible ? ' (WAVE_FORMAT_EXTENSIBLE)' : ''}: decoded by the G.711 tables`, () => {
      const encoded = encodeG711(g711, ramp);
      const bytes = riff([fmtChunk({ codec, bits: 8, rate: 8000, extensible }), ['fact', Buffer.alloc(4)], ['data', Buffer.from(encoded)]]);
      assert.equal(checkWav(bytes).ok, true);
      const w = decodeWav(bytes, 'voice file');
      assert.equal(w.format, `G.711 ${name} 8-bit 8000 Hz mono`);
      assert.deepEqual(w.samples, decodeG711(g711, encoded));
    });
  }
}

test('WAVE_FORMAT_EXTENSIBLE PCM 16-bit', () => {
  const bytes = riff([fmtChunk({ codec: 1, bits: 16, rate: 8000, extensible: true }), ['data', int16Bytes(ramp)]]);
  assert.deepEqual(decodeWav(bytes, 'voice file').samples, ramp);
});

test('chunks in any order before data, odd-sized ones padded', () => {
  const list = Buffer.from('INFOISFT\x05\x00\x00\x00voxca', 'latin1'); // 17 bytes: odd, padded
  assert.equal(list.length % 2, 1);
  const bytes = riff([['LIST', list], ['junk', Buffer.alloc(3)], fmtChunk({ codec: 1, bits: 16, rate: 8000 }), ['fact', Buffer.alloc(4)], ['data', int16Bytes(ramp)]]);
  assert.deepEqual(decodeWav(bytes, 'voice file').samples, ramp);
});

test('a voice file the management API refuses is refused, the message says what it is', () => {
  const cases: Array<[Buffer, RegExp]> = [
    [wav({ codec: 1, bits: 16, rate: 8000, channels: 2 }, Buffer.alloc(8)), /PCM 16-bit 8000 Hz 2 channels/],
    [wav({ codec: 1, bits: 16, rate: 44100 }, Buffer.alloc(8)), /PCM 16-bit 44100 Hz mono; accepted:/],
    [wav({ codec: 1, bits: 24, rate: 8000 }, Buffer.alloc(6)), /PCM 24-bit/],
    [wav({ codec: 3, bits: 32, rate: 8000 }, Buffer.alloc(8)), /float 32-bit/],
    [wav({ codec: 6, bits: 8, rate: 16000 }, Buffer.alloc(8)), /G\.711 A-law 8-bit 16000 Hz/],
    [wav({ codec: 0x55, bits: 0, rate: 8000 }, Buffer.alloc(8)), /WAVE format 85/],
    [riff([['data', Buffer.alloc(8)], fmtChunk({ codec: 1, bits: 16, rate: 8000 })]), /data chunk comes before the fmt chunk/],
    [riff([fmtChunk({ codec: 1, bits: 16, rate: 8000 })]), /no data chunk/],
    [riff([fmtChunk({ codec: 1, bits: 16, rate: 8000 }), ['data', Buffer.alloc(8)]], { dataSize: 0x7ffff000 }), /data chunk is longer than the file/],
    [riff([fmtChunk({ codec: 1, bits: 16, rate: 8000 }), ['data', Buffer.alloc(0)]]), /data chunk is empty/],
    [Buffer.from('ID3\x04 not a wave at all'), /not a WAV file/],
  ];
  for (const [bytes, message] of cases) {
    assert.equal(checkWav(bytes).ok, false, `the management API refuses it too: ${message}`);
    assert.throws(() => decodeWav(bytes, 'voice file', 'voice file /media/x.wav'), (e: Error) => {
      assert.match(e.message, /^voice file \/media\/x\.wav: /);
      assert.match(e.message, message);
      return true;
    });
  }
});

test("an engine's output: any rate, 8 to 32-bit or float, and a pipe writer's size placeholders", async () => {
  const src = tone(440, 22050, 0.5);
  const b16 = int16Bytes(src);
  const b24 = Buffer.alloc(src.length * 3);
  const b32 = Buffer.alloc(src.length * 4);
  const bf = Buffer.alloc(src.length * 4);
  src.forEach((v, i) => {
    b24.writeIntLE(v * 256, i * 3, 3);
    b32.writeInt32LE(v * 65536, i * 4);
    bf.writeFloatLE(v / 32767, i * 4);
  });
  const cases: Array<[number, number, Buffer]> = [[1, 16, b16], [1, 24, b24], [1, 32, b32], [3, 32, bf]];
  for (const [codec, bits, data] of cases) {
    // espeak-ng and sox write 0x7ffff000-ish sizes to a pipe: they cannot seek back to fix them.
    const bytes = riff([fmtChunk({ codec, bits, rate: 22050, extensible: bits > 16 }), ['data', data]], { dataSize: 0x7ffff000 });
    const w = decodeWav(bytes, 'engine');
    assert.equal(w.rate, 22050);
    assert.equal(w.samples.length, src.length);
    assert.ok(w.samples.every((v, i) => Math.abs(v - src[i]!) <= 1), `${codec}/${bits}`);
    assert.throws(() => decodeWav(bytes, 'voice file'), /accepted: PCM 8\/16-bit/);
    assert.equal((await wavToPcm(bytes, 'engine')).length, Math.round((src.length * 8000) / 22050));
  }
  assert.throws(() => decodeWav(wav({ codec: 1, bits: 16, rate: 6000 }, b16), 'engine'), /6000 Hz/);
});
