import type { TtsTemplate, VoiceFile } from './app.js';

/**
 * The voice files and TTS templates a call may use, as the policy checked them and the engine
 * plays them. Answers from memory: lookups sit on the call path.
 */
export interface MediaCatalog {
  /** An app's own file of that name, else a platform-wide one. */
  voiceFile(appKey: string, name: string): VoiceFile | undefined;
  template(appKey: string, id: string): TtsTemplate | undefined;
  /**
   * Why a file or template the two lookups above do not answer exists but cannot be used (e.g.
   * "not approved (review pending)"); undefined when it is simply unknown.
   */
  unusable?(kind: 'voiceFile' | 'template', appKey: string, name: string): string | undefined;
}
