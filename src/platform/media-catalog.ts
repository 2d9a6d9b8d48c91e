// The media catalog in memory: loaded from the store at start and refreshed after a change, so the
// policy and the engine look files and templates up without a database round trip per call.

import type { TtsTemplate, VoiceFile } from '../domain/app.js';
import type { MediaCatalog } from '../domain/media.js';
import type { AppRepo } from '../store/types.js';

const key = (appKey: string | undefined, name: string) => `${appKey ?? ''}\n${name}`;

export class StoreMediaCatalog implements MediaCatalog {
  #files = new Map<string, VoiceFile>();
  #templates = new Map<string, TtsTemplate>();

  constructor(private readonly apps: Pick<AppRepo, 'voiceFiles' | 'templates'>) {}

  async refresh(): Promise<void> {
    const [files, templates] = await Promise.all([this.apps.voiceFiles(), this.apps.templates()]);
    this.#files = new Map(files.map((f) => [key(f.appKey, f.name), f]));
    this.#templates = new Map(templates.map((t) => [key(t.appKey, t.id), t]));
  }

  voiceFile(appKey: string, name: string): VoiceFile | undefined {
    return this.#files.get(key(appKey, name)) ?? this.#files.get(key(undefined, name));
  }

  template(appKey: string, id: string): TtsTemplate | undefined {
    return this.#templates.get(key(appKey, id)) ?? this.#templates.get(key(undefined, id));
  }
}
