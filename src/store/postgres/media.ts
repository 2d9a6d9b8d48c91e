// Voice files and TTS templates with their review state on PostgreSQL (part of the AppRepo); row
// mapping, the writes and the platform-wide app_key '' are shared with SQLite (sql/media-rows.ts).
//
// Each write is one statement: the add* methods' ON CONFLICT DO NOTHING makes exactly one of two
// nodes adding the same name (or id) in one scope at once succeed.

import type pg from 'pg';
import {
  ADD_FILE, ADD_TEMPLATE, fileParams, PLATFORM, PUT_FILE, PUT_TEMPLATE, templateParams, toFile, toTemplate,
  type FileRow, type MediaMethods, type TemplateRow,
} from '../sql/media-rows.js';
import { named } from './params.js';

export function pgMedia(pool: pg.Pool): MediaMethods {
  const run = async (sql: string, params: Record<string, unknown>): Promise<number> => {
    const q = named(sql, params);
    return (await pool.query(q.text, q.values)).rowCount ?? 0;
  };
  return {
    async voiceFiles() {
      // COLLATE "C": byte order, as SQLite sorts text, whatever the database's collation.
      const r = await pool.query<FileRow>('SELECT * FROM voice_files ORDER BY app_key COLLATE "C", name COLLATE "C"');
      return r.rows.map(toFile);
    },
    async putVoiceFile(f) {
      await run(PUT_FILE, fileParams(f));
    },
    async addVoiceFile(f) {
      return (await run(ADD_FILE, fileParams(f))) === 1;
    },
    async reviewVoiceFile(appKey, name, review, note) {
      const r = await pool.query(
        'UPDATE voice_files SET review = $1, review_note = $2 WHERE app_key = $3 AND name = $4',
        [review, note ?? null, appKey ?? PLATFORM, name],
      );
      return r.rowCount === 1;
    },
    async templates() {
      const r = await pool.query<TemplateRow>('SELECT * FROM tts_templates ORDER BY app_key COLLATE "C", id COLLATE "C"');
      return r.rows.map(toTemplate);
    },
    async putTemplate(t) {
      await run(PUT_TEMPLATE, templateParams(t));
    },
    async addTemplate(t) {
      return (await run(ADD_TEMPLATE, templateParams(t))) === 1;
    },
    async reviewTemplate(appKey, id, review, note) {
      const r = await pool.query(
        'UPDATE tts_templates SET review = $1, review_note = $2 WHERE app_key = $3 AND id = $4',
        [review, note ?? null, appKey ?? PLATFORM, id],
      );
      return r.rowCount === 1;
    },
  };
}
