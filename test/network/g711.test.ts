import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeG711, encodeG711, G711_SILENCE, linearToAlaw, linearToUlaw } from '../../src/network/audio/g711.js';

for (const codec of ['PCMA', 'PCMU'] as const) {
  test(`${codec}: every byte decodes and re-encodes to itself (except µ-law's negative zero)`, () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const back = encodeG711(codec, decodeG711(codec, bytes));
    const differ = [...bytes].filter((b, i) => back[i] !== b);
    assert.deepEqual(differ, codec === 'PCMU' ? [0x7f] : []);
  });

  test(`${codec}: a sine survives the round trip within G.711's quantisation (SNR > 30 dB)`, () => {
    const pcm = Int16Array.from({ length: 8000 }, (_, i) => Math.round(12000 * Math.sin((2 * Math.PI * 440 * i) / 8000)));
    const back = decodeG711(codec, encodeG711(codec, pcm));
    let sig = 0;
    let err = 0;
    for (let i = 0; i < pcm.length; i++) {
      sig += pcm[i]! ** 2;
      err += (pcm[i]! - back[i]!) ** 2;
    }
    assert.ok(10 * Math.log10(sig / err) > 30, `SNR ${10 * Math.log10(sig / err)}`);
  });
}

test('silence bytes and the published reference points', () => {
  assert.equal(linearToAlaw(0), G711_SILENCE.PCMA);
  assert.equal(linearToUlaw(0), G711_SILENCE.PCMU);
  assert.equal(linearToUlaw(32767), 0x80);
  assert.equal(linearToUlaw(-32768), 0x00);
  assert.equal(linearToAlaw(32767), 0xaa);
  assert.equal(linearToAlaw(-32768), 0x2a);
});
