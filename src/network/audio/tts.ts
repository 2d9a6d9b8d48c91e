// Text to speech behind one interface, so the engine is a configuration choice: espeak-ng by
// default (a Debian package, no network, voices for Mandarin and English), or any program that
// reads text on stdin and writes a WAV on stdout (command.ts).

import type { Pcm } from '../media/types.js';

/** espeak-ng's voice names: Mandarin and English. */
export type TtsLang = 'cmn' | 'en';

export interface Synthesis {
  /** 8 kHz mono. */
  pcm: Pcm;
  /** Wall time the engine took, from starting it to having the whole audio. */
  synthesisMs: number;
}

export interface TtsEngine {
  /** Part of the cache key: two engines never share audio. */
  readonly name: string;
  /** Rejects with an Error saying why (text too long, engine missing, timeout, bad output). */
  synthesize(text: string, lang: TtsLang): Promise<Synthesis>;
}

/** Longest text an engine is given (characters): a template with its values is far shorter. */
export const MAX_TTS_CHARS = 2000;

// CJK Unified Ideographs (with extension A and compatibility), CJK punctuation and full-width forms.
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/u;

/** Text with any Chinese character is read by the Mandarin voice, anything else by the English one. */
export function chooseLang(text: string): TtsLang {
  return CJK.test(text) ? 'cmn' : 'en';
}

/** The checks every engine applies before starting a process. */
export function checkText(text: string): void {
  const chars = [...text].length;
  if (chars > MAX_TTS_CHARS) throw new Error(`TTS text is ${chars} characters; at most ${MAX_TTS_CHARS} are synthesised`);
  if (text.trim() === '') throw new Error('TTS text is empty');
  // A NUL ends a C string early: the engine would read less than was asked.
  if (text.includes('\0')) throw new Error('TTS text contains a NUL character');
}
