// What the engine plays: system prompts (used when a request names none), SP voice files from the
// catalog, TTS text timed by a speaking rate. A named file or template that is missing fails the
// call with the reference's code rather than playing something else.

import type { MediaCatalog } from '../domain/media.js';
import { fillTemplate } from '../domain/template.js';
import type { Media } from '../network/types.js';
import { POINT, STATE } from './state-codes.js';

export interface SystemPrompt {
  name: string;
  /** Length used when the catalog holds no platform-wide file of that name. */
  durationMs: number;
}

export const SYSTEM_PROMPTS = {
  /** "正在为您转接中，请稍后" */
  preVoice: { name: 'voxcall_pre_voice.wav', durationMs: 3000 },
  /** Looped to the caller while the callee is called. */
  waitVoice: { name: 'voxcall_wait_voice.wav', durationMs: 6000 },
  /** "本次通话时长还剩1分钟" */
  lastMinVoice: { name: 'voxcall_last_min_voice.wav', durationMs: 3000 },
  /** "本次通话将被录音" */
  recordHintTone: { name: 'voxcall_record_hint.wav', durationMs: 2000 },
} as const satisfies Record<string, SystemPrompt>;

export type Resolved =
  | { ok: true; media: Media }
  | { ok: false; stateCode: number; ulFailReason: number };

const fileMissing: Resolved = { ok: false, stateCode: STATE.voiceFileMissing, ulFailReason: POINT.voiceFileMissing };

/** A named SP file must exist; without a name the system prompt plays. */
export function voiceMedia(catalog: MediaCatalog, appKey: string, name: string | undefined, fallback?: SystemPrompt): Resolved {
  if (name === undefined || name === '') {
    if (!fallback) return fileMissing;
    const file = catalog.voiceFile(appKey, fallback.name);
    return { ok: true, media: { kind: 'file', name: fallback.name, durationMs: file?.durationMs ?? fallback.durationMs, ...(file ? { path: file.path } : {}) } };
  }
  const file = catalog.voiceFile(appKey, name);
  return file ? { ok: true, media: { kind: 'file', name, durationMs: file.durationMs, path: file.path } } : fileMissing;
}

/** The filled template as TTS; its length is its characters at the speaking rate. */
export function ttsMedia(catalog: MediaCatalog, appKey: string, templateId: string, paras: readonly string[], msPerChar: number): Resolved {
  const t = catalog.template(appKey, templateId);
  if (!t) return { ok: false, stateCode: STATE.ttsFailed, ulFailReason: POINT.ttsFailed };
  const text = fillTemplate(t.content, paras);
  return { ok: true, media: { kind: 'tts', name: text, durationMs: [...text].length * msPerChar } };
}
