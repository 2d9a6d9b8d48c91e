// Everything a real network plays, as 8 kHz Pcm: voice files decoded (and resampled) once, TTS
// synthesised once per engine, language and text, the ringback tone built once. A bounded LRU
// keeps the results; loads of one key that overlap share one decode or synthesis. The cache holds
// linear PCM, and each G.711 form once a session asks for it (a leg's codec is known only after
// SDP, and most audio is only ever sent in one); all in shared memory, so handing it to a media
// worker thread does not copy it.

import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { PCM_RATE, type Pcm } from '../media/types.js';
import type { Media } from '../types.js';
import { ByteLru } from './byte-lru.js';
import { encodeG711, type G711 } from './g711.js';
import { Limit } from './limit.js';
import { digitsText, FAILURE_ANNOUNCEMENTS } from './spoken.js';
import { chooseLang, type TtsEngine, type TtsLang } from './tts.js';
import { wavToPcm } from './wav-read.js';

export interface AudioLibraryOptions {
  tts: TtsEngine;
  /** Bound of the cache, in bytes of PCM (default 64 MiB, about 70 minutes of audio). */
  cacheBytes?: number;
  /** The language verification codes are read in (default cmn: the reference's languageType 2). */
  digitsLang?: TtsLang;
  /** Texts of named announcements (default FAILURE_ANNOUNCEMENTS), read in the language they are written in. */
  announcements?: Readonly<Record<string, string>>;
  /** Voice files larger than this are refused (default 10 MiB, the management API's upload limit). */
  maxFileBytes?: number;
  /** Syntheses running at once, the others queued (default: the machine's cores). */
  maxSyntheses?: number;
}

export interface LoadedAudio {
  /** 8 kHz mono; shared with the cache and other plays: read it, never write it. */
  pcm: Pcm;
  /** The audio's real length. */
  durationMs: number;
  /** For synthesised audio: how long the engine took to make it (the first time, when cached). */
  synthesisMs?: number;
  /** Served from the cache (or from a load of the same audio already under way). */
  cached: boolean;
  /** The audio in a leg's codec, encoded on the first call and kept with the PCM (read only). */
  encoded(codec: G711): Uint8Array;
}

export interface AudioLibraryStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  /** Syntheses waiting for a turn. */
  queued: number;
}

interface Made {
  pcm: Pcm;
  synthesisMs?: number;
}

interface Entry extends Made {
  encoded: Partial<Record<G711, Uint8Array>>;
}

function entryBytes(e: Entry): number {
  return e.pcm.byteLength + (e.encoded.PCMA?.byteLength ?? 0) + (e.encoded.PCMU?.byteLength ?? 0);
}

/** The Chinese ringback tone: 450 Hz, 1 s on, 4 s off; one cycle, played looped. */
export const RINGBACK = { frequencyHz: 450, onMs: 1000, offMs: 4000, amplitude: 0.25 } as const;

function ringback(): Pcm {
  const { frequencyHz, onMs, offMs, amplitude } = RINGBACK;
  const pcm = new Int16Array(((onMs + offMs) * PCM_RATE) / 1000);
  const on = (onMs * PCM_RATE) / 1000;
  for (let i = 0; i < on; i++) pcm[i] = Math.round(32767 * amplitude * Math.sin((2 * Math.PI * frequencyHz * i) / PCM_RATE));
  return pcm;
}

function shared(pcm: Pcm): Pcm {
  const out = new Int16Array(new SharedArrayBuffer(pcm.byteLength));
  out.set(pcm);
  return out;
}

function sharedEncode(codec: G711, pcm: Pcm): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(pcm.length));
  out.set(encodeG711(codec, pcm));
  return out;
}

export class AudioLibrary {
  readonly #tts: TtsEngine;
  readonly #cache: ByteLru<Entry>;
  readonly #pending = new Map<string, Promise<Entry>>();
  readonly #digitsLang: TtsLang;
  readonly #announcements: Readonly<Record<string, string>>;
  readonly #maxFileBytes: number;
  readonly #syntheses: Limit;
  #hits = 0;
  #misses = 0;

  constructor(opts: AudioLibraryOptions) {
    this.#tts = opts.tts;
    this.#cache = new ByteLru<Entry>(opts.cacheBytes ?? 64 * 1024 * 1024, entryBytes);
    this.#digitsLang = opts.digitsLang ?? 'cmn';
    this.#announcements = opts.announcements ?? FAILURE_ANNOUNCEMENTS;
    this.#maxFileBytes = opts.maxFileBytes ?? 10 * 1024 * 1024;
    this.#syntheses = new Limit(opts.maxSyntheses ?? availableParallelism());
  }

  /** The audio of one play; rejects with an Error naming the file, text or announcement at fault. */
  async load(media: Media): Promise<LoadedAudio> {
    switch (media.kind) {
      case 'file':
        return this.#file(media);
      case 'tts':
        return this.#speak(media.name, chooseLang(media.name));
      case 'digits':
        return this.#speak(digitsText(media.name, this.#digitsLang), this.#digitsLang);
      case 'announcement': {
        const text = this.#announcements[media.name];
        if (text === undefined) throw new Error(`no announcement named "${media.name}"`);
        return this.#speak(text, chooseLang(text));
      }
      case 'ringback':
        return this.#get('ringback', async () => ({ pcm: ringback() }));
    }
  }

  stats(): AudioLibraryStats {
    return { entries: this.#cache.size, bytes: this.#cache.bytes, hits: this.#hits, misses: this.#misses, queued: this.#syntheses.queued };
  }

  async #file(media: Media): Promise<LoadedAudio> {
    const path = media.path;
    if (!path) throw new Error(`voice file ${media.name} has no path on this machine`);
    let size: number;
    let mtimeMs: number;
    try {
      ({ size, mtimeMs } = await stat(path));
    } catch (e) {
      throw new Error(`voice file ${path} cannot be read: ${(e as Error).message}`);
    }
    if (size > this.#maxFileBytes) throw new Error(`voice file ${path} is ${size} bytes; at most ${this.#maxFileBytes} are played`);
    // A file replaced under the same name gets a new key: the old audio ages out of the cache.
    return this.#get(`file\0${path}\0${mtimeMs}\0${size}`, async () => {
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (e) {
        throw new Error(`voice file ${path} cannot be read: ${(e as Error).message}`);
      }
      return { pcm: await wavToPcm(bytes, 'voice file', `voice file ${path}`) };
    });
  }

  #speak(text: string, lang: TtsLang): Promise<LoadedAudio> {
    return this.#get(`tts\0${this.#tts.name}\0${lang}\0${text}`, async () => {
      const s = await this.#syntheses.run(() => this.#tts.synthesize(text, lang));
      if (s.pcm.length === 0) throw new Error(`TTS engine ${this.#tts.name} produced no audio for "${text.slice(0, 40)}"`);
      return s;
    });
  }

  async #get(key: string, make: () => Promise<Made>): Promise<LoadedAudio> {
    let cached = true;
    let entry = this.#cache.get(key);
    if (!entry) {
      let pending = this.#pending.get(key);
      if (!pending) {
        cached = false;
        this.#misses++;
        pending = make().then((e) => {
          const kept: Entry = { ...e, pcm: shared(e.pcm), encoded: {} };
          this.#cache.set(key, kept);
          return kept;
        });
        this.#pending.set(key, pending);
        // A failure is not cached: the next load tries again (the file may be back, the engine up).
        const settle = (): void => void this.#pending.delete(key);
        pending.then(settle, settle);
      }
      entry = await pending;
    }
    if (cached) this.#hits++;
    const e = entry;
    const encoded = (codec: G711): Uint8Array => {
      const known = e.encoded[codec];
      if (known) return known;
      const bytes = (e.encoded[codec] = sharedEncode(codec, e.pcm));
      // Counted against the bound from now on (re-set to re-weigh), if the entry is still kept.
      if (this.#cache.peek(key) === e) this.#cache.set(key, e);
      return bytes;
    };
    const out: LoadedAudio = { pcm: e.pcm, durationMs: Math.round((e.pcm.length * 1000) / PCM_RATE), cached, encoded };
    if (e.synthesisMs !== undefined) out.synthesisMs = e.synthesisMs;
    return out;
  }
}
