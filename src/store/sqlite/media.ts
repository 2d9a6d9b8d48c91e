// Voice files and TTS templates with their review state (part of the AppRepo).

import type Database from 'better-sqlite3';
import {
  ADD_FILE, ADD_TEMPLATE, fileParams, PLATFORM, PUT_FILE, PUT_TEMPLATE, templateParams, toFile, toTemplate,
  type FileRow, type MediaMethods, type TemplateRow,
} from '../sql/media-rows.js';

export function sqliteMedia(db: Database.Database): MediaMethods {
  const voiceFiles = db.prepare<[], FileRow>('SELECT * FROM voice_files ORDER BY app_key, name');
  const putVoiceFile = db.prepare(PUT_FILE);
  const addVoiceFile = db.prepare(ADD_FILE);
  const reviewFile = db.prepare('UPDATE voice_files SET review = ?, review_note = ? WHERE app_key = ? AND name = ?');

  const templates = db.prepare<[], TemplateRow>('SELECT * FROM tts_templates ORDER BY app_key, id');
  const putTemplate = db.prepare(PUT_TEMPLATE);
  const addTemplate = db.prepare(ADD_TEMPLATE);
  const reviewTemplate = db.prepare('UPDATE tts_templates SET review = ?, review_note = ? WHERE app_key = ? AND id = ?');

  return {
    async voiceFiles() {
      return voiceFiles.all().map(toFile);
    },
    async putVoiceFile(f) {
      putVoiceFile.run(fileParams(f));
    },
    async addVoiceFile(f) {
      return addVoiceFile.run(fileParams(f)).changes === 1;
    },
    async reviewVoiceFile(appKey, name, review, note) {
      return reviewFile.run(review, note ?? null, appKey ?? PLATFORM, name).changes === 1;
    },
    async templates() {
      return templates.all().map(toTemplate);
    },
    async putTemplate(t) {
      putTemplate.run(templateParams(t));
    },
    async addTemplate(t) {
      return addTemplate.run(templateParams(t)).changes === 1;
    },
    async reviewTemplate(appKey, id, review, note) {
      return reviewTemplate.run(review, note ?? null, appKey ?? PLATFORM, id).changes === 1;
    },
  };
}
