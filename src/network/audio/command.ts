// A second TTS engine by configuration: any program that reads the text on stdin and writes a WAV
// on stdout, named by a command template such as `mytts --lang {lang} --rate 16000`. The template
// is split into argv here (quotes and backslashes as a POSIX shell reads them, nothing else: no
// variables, globs, pipes or redirections), then `{lang}` is replaced inside each word, so a value
// can never become a second argument. No shell ever runs.

import { runEngine } from './run-engine.js';
import { checkText, type Synthesis, type TtsEngine, type TtsLang } from './tts.js';

export interface CommandOptions {
  /** The template, e.g. `mytts --lang {lang}`; `{lang}` becomes `cmn` or `en`. */
  command: string;
  /** Per synthesis (default 30 s). */
  timeoutMs?: number;
}

/** Splits a command line into words: '…' literal, "…" with \" and \\, \x outside quotes. */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`TTS command has an unclosed ${quote} quote: ${line}`);
  if (inWord) words.push(word);
  if (words.length === 0) throw new Error('TTS command is empty');
  return words;
}

export class CommandEngine implements TtsEngine {
  readonly name: string;
  readonly #words: string[];
  readonly #timeoutMs: number;

  constructor(opts: CommandOptions) {
    this.#words = splitCommand(opts.command);
    this.#timeoutMs = opts.timeoutMs ?? 30_000;
    // The whole template names the engine: changing it must not reuse audio cached from another.
    this.name = `command:${this.#words.join(' ')}`;
  }

  async synthesize(text: string, lang: TtsLang): Promise<Synthesis> {
    checkText(text);
    const argv = this.#words.map((w) => w.replaceAll('{lang}', lang));
    const hint = `install ${argv[0]} or fix VOXCALL_TTS_COMMAND`;
    return runEngine({ argv, text, timeoutMs: this.#timeoutMs, installHint: hint });
  }
}
