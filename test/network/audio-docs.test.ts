// docs/audio.md states the library's limits and choices: they must be the code's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ESPEAK_VOICES } from '../../src/network/audio/espeak-ng.js';
import { RINGBACK } from '../../src/network/audio/library.js';
import { RESAMPLER, resamplerTaps } from '../../src/network/audio/resample.js';
import { FAILURE_ANNOUNCEMENTS } from '../../src/network/audio/spoken.js';
import { MAX_TTS_CHARS } from '../../src/network/audio/tts.js';

const doc = readFileSync(new URL('../../docs/audio.md', import.meta.url), 'utf8');

test('the resampler table gives the filter and the taps the code uses', () => {
  assert.ok(doc.includes(`| passband edge | ${RESAMPLER.passHz} Hz |`));
  assert.ok(doc.includes(`| stopband edge | ${RESAMPLER.stopHz} Hz |`));
  assert.ok(doc.includes(`A = ${RESAMPLER.stopDb} dB`));
  for (const rate of [16000, 22050, 24000, 44100, 48000]) assert.ok(doc.includes(`| ${rate} | ${resamplerTaps(rate)} |`), String(rate));
});

test('the TTS limits, voices, ringback and announcements are the code\'s', () => {
  assert.ok(doc.includes(`at most ${MAX_TTS_CHARS} characters`));
  assert.ok(doc.includes(`| \`cmn\` | \`${ESPEAK_VOICES.cmn}\` |`));
  assert.ok(doc.includes(`| anything else | \`en\` | \`${ESPEAK_VOICES.en}\` |`));
  assert.ok(doc.includes(`${RINGBACK.frequencyHz} Hz, ${RINGBACK.onMs / 1000} s on, ${RINGBACK.offMs / 1000} s off, at ${RINGBACK.amplitude} of full scale`));
  assert.ok(doc.includes(`\`failure:busy\`: ${FAILURE_ANNOUNCEMENTS['failure:busy']}`));
});
