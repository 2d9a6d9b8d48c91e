// The media catalog in memory: loaded from the store at start and refreshed after a change, so the
// policy and the engine look files and templates up without a database round trip per call.
// Only approved files and templates are answered; the others are kept to say why they cannot be used.

import type { ReviewState, TtsTemplate, VoiceFile } from '../domain/app.js';
import type { MediaCatalog } from '../domain/media.js';
import type { AppRepo } from '../store/types.js';

const key = (appKey: string | undefined, name: string) => `${appKey ?? ''}\n${name}`;

/** The app's own entry of that name, else the platform-wide one. */
function lookup<T>(map: Map<string, T>, appKey: string, name: string): T | undefined {
  return map.get(key(appKey, name)) ?? map.get(key(undefined, name));
}

export class StoreMediaCatalog implements MediaCatalog {
  #files = new Map<string, VoiceFile>();
  #templates = new Map<string, TtsTemplate>();
  /** Review state of every file and template that is not approved, by kind. */
  #held = { voiceFile: new Map<string, ReviewState>(), template: new Map<string, ReviewState>() };

  constructor(private readonly apps: Pick<AppRepo, 'voiceFiles' | 'templates'>) {}

  async refresh(): Promise<void> {
    const [files, templates] = await Promise.all([this.apps.voiceFiles(), this.apps.templates()]);
    const approved = <T extends { review: ReviewState }>(all: T[], id: (x: T) => string) =>
      new Map(all.filter((x) => x.review === 'approved').map((x) => [id(x), x]));
    const held = <T extends { review: ReviewState }>(all: T[], id: (x: T) => string) =>
      new Map(all.filter((x) => x.review !== 'approved').map((x) => [id(x), x.review]));
    const fileKey = (f: VoiceFile) => key(f.appKey, f.name);
    const templateKey = (t: TtsTemplate) => key(t.appKey, t.id);
    this.#files = approved(files, fileKey);
    this.#templates = approved(templates, templateKey);
    this.#held = { voiceFile: held(files, fileKey), template: held(templates, templateKey) };
  }

  voiceFile(appKey: string, name: string): VoiceFile | undefined {
    return lookup(this.#files, appKey, name);
  }

  template(appKey: string, id: string): TtsTemplate | undefined {
    return lookup(this.#templates, appKey, id);
  }

  unusable(kind: 'voiceFile' | 'template', appKey: string, name: string): string | undefined {
    const review = lookup(this.#held[kind], appKey, name);
    if (review === undefined) return undefined;
    return review === 'pending' ? 'not approved yet (review pending)' : 'not approved (rejected by review)';
  }
}
