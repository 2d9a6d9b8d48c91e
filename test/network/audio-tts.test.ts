import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CommandEngine, splitCommand } from '../../src/network/audio/command.js';
import { runEngine } from '../../src/network/audio/run-engine.js';
import { createTtsEngine } from '../../src/network/audio/create-engine.js';
import { ESPEAK_VOICES, EspeakNg } from '../../src/network/audio/espeak-ng.js';
import { chooseLang, MAX_TTS_CHARS, type Synthesis } from '../../src/network/audio/tts.js';
import { requireTool, rms } from './audio-fixtures.js';

requireTool('espeak-ng', 'espeak-ng');
requireTool('sox', 'sox');

const dir = mkdtempSync(join(tmpdir(), 'voxcall-tts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Speech, not silence: a level and peaks a voice has, over a plausible length. */
function assertSpeech(s: Synthesis, minMs: number, maxMs: number): void {
  const ms = (s.pcm.length * 1000) / 8000;
  assert.ok(ms >= minMs && ms <= maxMs, `${ms} ms of audio`);
  const level = rms(s.pcm, 0, 1);
  const peak = s.pcm.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  assert.ok(level > 500 && peak > 4000, `rms ${level.toFixed(0)}, peak ${peak}`);
  assert.ok(Number.isInteger(s.synthesisMs) && s.synthesisMs >= 0);
}

test('language: any Chinese character (or full-width punctuation) is Mandarin, the rest English', () => {
  assert.equal(chooseLang('您有3件快递请到菜鸟驿站领取'), 'cmn');
  assert.equal(chooseLang('Order 1001 已发货'), 'cmn');
  assert.equal(chooseLang('You have 3 parcels.'), 'en');
  assert.equal(chooseLang('1234'), 'en');
});

test('espeak-ng reads a Chinese sentence (Mandarin voice) and an English one', async () => {
  const tts = new EspeakNg();
  assertSpeech(await tts.synthesize('您有3件快递请到菜鸟驿站领取', 'cmn'), 1000, 10_000);
  assertSpeech(await tts.synthesize('You have three parcels to collect.', 'en'), 700, 10_000);
  const short = await tts.synthesize('好', 'cmn');
  assertSpeech(short, 150, 3000);
});

test("the Mandarin voice reads characters as Mandarin, not as pinyin with English tone numbers (espeak-ng 1.51's cmn)", () => {
  const phonemes = (voice: string): string => spawnSync('espeak-ng', ['-v', voice, '-q', '-x', '-b', '1'], { input: '你好', encoding: 'utf8' }).stdout;
  // "(en)" is espeak-ng switching to its English voice: "hao two" instead of hǎo.
  assert.doesNotMatch(phonemes(ESPEAK_VOICES.cmn), /\(en\)/);
  assert.match(phonemes(ESPEAK_VOICES.cmn), /X'Au214/);
});

test('hostile text is spoken as text: no shell, no option, no file written', async () => {
  const canary = join(dir, 'pwned');
  const tts = new EspeakNg();
  for (const text of [`$(touch ${canary})`, `\`touch ${canary}\``, `"; touch ${canary}; echo "`, `' && touch ${canary} #`, `-w ${canary}`, `--stdout -w ${canary}`]) {
    assertSpeech(await tts.synthesize(text, 'en'), 300, 20_000);
  }
  const viaTemplate = new CommandEngine({ command: 'espeak-ng -v {lang} --stdout' });
  assertSpeech(await viaTemplate.synthesize(`$(touch ${canary}) rm -rf /`, 'en'), 300, 20_000);
  assert.equal(existsSync(canary), false);
});

test('text too long, empty, or with a NUL is refused before any process starts', async () => {
  const tts = new EspeakNg({ binary: join(dir, 'never-run') });
  await assert.rejects(tts.synthesize('x'.repeat(100_000), 'en'), new RegExp(`100000 characters; at most ${MAX_TTS_CHARS}`));
  await assert.rejects(tts.synthesize('  \n', 'en'), /TTS text is empty/);
  await assert.rejects(tts.synthesize('a\0b', 'en'), /NUL/);
  // The limit counts characters, not UTF-16 units or bytes: 2000 Chinese characters pass the check.
  await assert.rejects(tts.synthesize('好'.repeat(MAX_TTS_CHARS), 'cmn'), /not installed/);
});

test('a missing espeak-ng says how to install it', async () => {
  const tts = new EspeakNg({ binary: 'espeak-ng-not-installed-here' });
  await assert.rejects(tts.synthesize('hello', 'en'), /espeak-ng-not-installed-here is not installed .*apt-get install -y espeak-ng/);
});

test('the command engine: a program writing a WAV (sox: 48 kHz 32-bit EXTENSIBLE, ignoring stdin)', async () => {
  const tts = createTtsEngine({ engine: 'command', command: 'sox -n -t wav - synth 1 sine 440' });
  assert.equal(tts.name, 'command:sox -n -t wav - synth 1 sine 440');
  const s = await tts.synthesize('ignored', 'en');
  assert.equal(s.pcm.length, 8000);
  assert.ok(Math.abs(rms(s.pcm) - 32767 / Math.SQRT2) / (32767 / Math.SQRT2) < 0.02);
});

test('the command engine: {lang} goes into its word, the text on stdin (espeak-ng through the template)', async () => {
  const tts = createTtsEngine({ engine: 'command', command: "espeak-ng -v '{lang}' -b 1 --stdout" });
  assertSpeech(await tts.synthesize('Your code is 1 2 3 4.', 'en'), 700, 10_000);
});

test('the command engine reports a missing program, a failure, a timeout, output that is not a WAV', async () => {
  const run = (command: string, timeoutMs?: number): Promise<Synthesis> =>
    createTtsEngine({ engine: 'command', command, ...(timeoutMs ? { timeoutMs } : {}) }).synthesize('hello', 'en');
  await assert.rejects(run('no-such-tts --lang {lang}'), /no-such-tts is not installed .*VOXCALL_TTS_COMMAND/);
  await assert.rejects(run('sh -c "echo broken >&2; exit 3"'), /sh exited with status 3: broken/);
  await assert.rejects(run('sleep 30', 200), /sleep timed out after 200 ms/);
  await assert.rejects(run('echo hello'), /output of TTS engine echo: not a WAV file/);
  await assert.rejects(run('sox -n -t wav -c 2 - synth 0.2 sine 440'), /2 channels/);
});

test('a timeout ends what a wrapper started too (its grandchild would hold stdout open)', async () => {
  const started = Date.now();
  const run = createTtsEngine({ engine: 'command', command: 'sh -c "sleep 30; echo late"', timeoutMs: 300 }).synthesize('hello', 'en');
  await assert.rejects(run, /sh timed out after 300 ms/);
  assert.ok(Date.now() - started < 10_000, `settled after ${Date.now() - started} ms`);
});

test('an engine writing more than the bound is stopped', async () => {
  const run = runEngine({ argv: ['sox', '-n', '-t', 'wav', '-', 'synth', '60', 'sine', '440'], text: 'x', timeoutMs: 10_000, installHint: 'apt-get install -y sox', maxBytes: 100_000 });
  await assert.rejects(run, /sox wrote more than 100000 bytes/);
});

test('command templates split like a shell reads quotes, nothing more', () => {
  assert.deepEqual(splitCommand(`mytts --lang {lang} --voice "Li Na" --opt 'a b' a\\ b`), ['mytts', '--lang', '{lang}', '--voice', 'Li Na', '--opt', 'a b', 'a b']);
  assert.deepEqual(splitCommand('tts $(rm -rf /) | cat > x'), ['tts', '$(rm', '-rf', '/)', '|', 'cat', '>', 'x']);
  assert.deepEqual(splitCommand(`a "" b`), ['a', '', 'b']);
  assert.throws(() => splitCommand('tts "open'), /unclosed " quote/);
  assert.throws(() => splitCommand('   '), /empty/);
  assert.throws(() => createTtsEngine({ engine: 'command' }), /needs a command template/);
});
