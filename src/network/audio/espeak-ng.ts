// The default TTS engine: espeak-ng (Debian package espeak-ng), formant synthesis, offline, fast
// (a sentence in tens of milliseconds). It writes 22,050 Hz 16-bit PCM; runEngine resamples.
// Mandarin goes to the voice `cmn-latn-pinyin`, not `cmn`: in espeak-ng 1.51 (Debian 12) `cmn`
// reads each character's pinyin with its tone number in English ("好" as "hao two"; espeak-ng
// issue #1236), while `cmn-latn-pinyin` reads the same dictionary as Mandarin (docs/audio.md).

import { runEngine } from './run-engine.js';
import { checkText, type Synthesis, type TtsEngine, type TtsLang } from './tts.js';

export interface EspeakOptions {
  /** The program (default `espeak-ng` on PATH). */
  binary?: string;
  /** Per synthesis (default 20 s). */
  timeoutMs?: number;
  /** Words per minute (espeak-ng `-s`, default its own 175). */
  wordsPerMinute?: number;
  /** The espeak-ng voice for each language (default ESPEAK_VOICES). */
  voices?: Partial<Record<TtsLang, string>>;
}

export const ESPEAK_VOICES: Record<TtsLang, string> = { cmn: 'cmn-latn-pinyin', en: 'en' };

export const ESPEAK_INSTALL_HINT = 'apt-get install -y espeak-ng';

export class EspeakNg implements TtsEngine {
  readonly name = 'espeak-ng';
  readonly #binary: string;
  readonly #timeoutMs: number;
  readonly #wpm: number | undefined;
  readonly #voices: Record<TtsLang, string>;

  constructor(opts: EspeakOptions = {}) {
    this.#binary = opts.binary ?? 'espeak-ng';
    this.#timeoutMs = opts.timeoutMs ?? 20_000;
    this.#wpm = opts.wordsPerMinute;
    this.#voices = { ...ESPEAK_VOICES, ...opts.voices };
  }

  async synthesize(text: string, lang: TtsLang): Promise<Synthesis> {
    checkText(text);
    // -b 1: the text is UTF-8; --stdout: a WAV on stdout; no text argument: espeak-ng reads stdin.
    const argv = [this.#binary, '-v', this.#voices[lang], '-b', '1', ...(this.#wpm ? ['-s', String(this.#wpm)] : []), '--stdout'];
    return runEngine({ argv, text, timeoutMs: this.#timeoutMs, installHint: ESPEAK_INSTALL_HINT });
  }
}
