// Row <-> domain mapping of the voice_files and tts_templates tables, and the writes both engines
// run as is (@named params).

import type { ReviewState, TtsTemplate, VoiceFile } from '../../domain/app.js';
import type { AppRepo } from '../types.js';

/** Platform-wide files and templates are stored under app_key '' (see 001_init.sql). */
export const PLATFORM = '';

export interface FileRow {
  app_key: string;
  name: string;
  duration_ms: number;
  path: string;
  review: ReviewState;
  review_note: string | null;
  format: string | null;
  size_bytes: number | null;
  created_at: number | null;
}

export interface TemplateRow {
  app_key: string;
  id: string;
  content: string;
  review: ReviewState;
  review_note: string | null;
  created_at: number | null;
}

export function toFile(r: FileRow): VoiceFile {
  const f: VoiceFile = { name: r.name, durationMs: r.duration_ms, path: r.path, review: r.review };
  if (r.app_key !== PLATFORM) f.appKey = r.app_key;
  if (r.review_note !== null) f.reviewNote = r.review_note;
  if (r.format !== null) f.format = r.format;
  if (r.size_bytes !== null) f.sizeBytes = r.size_bytes;
  if (r.created_at !== null) f.createdAt = r.created_at;
  return f;
}

export function toTemplate(r: TemplateRow): TtsTemplate {
  const t: TtsTemplate = { id: r.id, content: r.content, review: r.review };
  if (r.app_key !== PLATFORM) t.appKey = r.app_key;
  if (r.review_note !== null) t.reviewNote = r.review_note;
  if (r.created_at !== null) t.createdAt = r.created_at;
  return t;
}

export const fileParams = (f: VoiceFile) => ({
  appKey: f.appKey ?? PLATFORM,
  name: f.name,
  durationMs: f.durationMs,
  path: f.path,
  review: f.review,
  reviewNote: f.reviewNote ?? null,
  format: f.format ?? null,
  sizeBytes: f.sizeBytes ?? null,
  createdAt: f.createdAt ?? null,
});

export const templateParams = (t: TtsTemplate) => ({
  appKey: t.appKey ?? PLATFORM,
  id: t.id,
  content: t.content,
  review: t.review,
  reviewNote: t.reviewNote ?? null,
  createdAt: t.createdAt ?? null,
});

export type MediaMethods = Pick<
  AppRepo,
  'voiceFiles' | 'putVoiceFile' | 'addVoiceFile' | 'reviewVoiceFile' | 'templates' | 'putTemplate' | 'addTemplate' | 'reviewTemplate'
>;

const FILE_COLUMNS = `(app_key, name, duration_ms, path, review, review_note, format, size_bytes, created_at)
  VALUES (@appKey, @name, @durationMs, @path, @review, @reviewNote, @format, @sizeBytes, @createdAt)`;
export const PUT_FILE = `INSERT INTO voice_files ${FILE_COLUMNS}
  ON CONFLICT (app_key, name) DO UPDATE SET duration_ms = excluded.duration_ms, path = excluded.path,
    review = excluded.review, review_note = excluded.review_note, format = excluded.format,
    size_bytes = excluded.size_bytes, created_at = excluded.created_at`;
export const ADD_FILE = `INSERT INTO voice_files ${FILE_COLUMNS} ON CONFLICT (app_key, name) DO NOTHING`;

const TEMPLATE_COLUMNS = `(app_key, id, content, review, review_note, created_at)
  VALUES (@appKey, @id, @content, @review, @reviewNote, @createdAt)`;
export const PUT_TEMPLATE = `INSERT INTO tts_templates ${TEMPLATE_COLUMNS}
  ON CONFLICT (app_key, id) DO UPDATE SET content = excluded.content, review = excluded.review,
    review_note = excluded.review_note, created_at = excluded.created_at`;
export const ADD_TEMPLATE = `INSERT INTO tts_templates ${TEMPLATE_COLUMNS} ON CONFLICT (app_key, id) DO NOTHING`;
