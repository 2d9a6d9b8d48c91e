// Apps, their display numbers, voice files and TTS templates.

import type Database from 'better-sqlite3';
import type { App, DisplayNumber, TtsTemplate, VoiceFile } from '../../domain/app.js';
import type { AppRepo } from '../types.js';

interface AppRow {
  app_key: string;
  app_secret: string;
  sp_id: string;
  name: string;
  status: App['status'];
  capabilities: string;
  recording_enabled: number;
  status_url: string | null;
  fee_url: string | null;
  port_quota: number;
  created_at: number;
}

function toApp(r: AppRow): App {
  const app: App = {
    appKey: r.app_key,
    appSecret: r.app_secret,
    spId: r.sp_id,
    name: r.name,
    status: r.status,
    capabilities: JSON.parse(r.capabilities) as App['capabilities'],
    recordingEnabled: r.recording_enabled === 1,
    portQuota: r.port_quota,
    createdAt: r.created_at,
  };
  if (r.status_url !== null) app.statusUrl = r.status_url;
  if (r.fee_url !== null) app.feeUrl = r.fee_url;
  return app;
}

/** Platform-wide files and templates are stored under app_key '' (see 001_init.sql). */
const PLATFORM = '';

export function sqliteApps(db: Database.Database): AppRepo {
  const getApp = db.prepare<[string], AppRow>('SELECT * FROM apps WHERE app_key = ?');
  const putApp = db.prepare(
    `INSERT INTO apps (app_key, app_secret, sp_id, name, status, capabilities, recording_enabled,
                       status_url, fee_url, port_quota, created_at)
     VALUES (@appKey, @appSecret, @spId, @name, @status, @capabilities, @recordingEnabled,
             @statusUrl, @feeUrl, @portQuota, @createdAt)
     ON CONFLICT (app_key) DO UPDATE SET
       app_secret = excluded.app_secret, sp_id = excluded.sp_id, name = excluded.name,
       status = excluded.status, capabilities = excluded.capabilities,
       recording_enabled = excluded.recording_enabled, status_url = excluded.status_url,
       fee_url = excluded.fee_url, port_quota = excluded.port_quota`,
  );
  const numbers = db.prepare<[string], { number: string; app_key: string; status: DisplayNumber['status'] }>(
    'SELECT number, app_key, status FROM display_numbers WHERE app_key = ? ORDER BY number',
  );
  const putNumber = db.prepare(
    `INSERT INTO display_numbers (number, app_key, status) VALUES (?, ?, ?)
     ON CONFLICT (number) DO UPDATE SET app_key = excluded.app_key, status = excluded.status`,
  );
  const voiceFiles = db.prepare<[], { app_key: string; name: string; duration_ms: number; path: string }>(
    'SELECT app_key, name, duration_ms, path FROM voice_files ORDER BY app_key, name',
  );
  const putVoiceFile = db.prepare(
    `INSERT INTO voice_files (app_key, name, duration_ms, path) VALUES (?, ?, ?, ?)
     ON CONFLICT (app_key, name) DO UPDATE SET duration_ms = excluded.duration_ms, path = excluded.path`,
  );
  const templates = db.prepare<[], { app_key: string; id: string; content: string }>(
    'SELECT app_key, id, content FROM tts_templates ORDER BY app_key, id',
  );
  const putTemplate = db.prepare(
    `INSERT INTO tts_templates (app_key, id, content) VALUES (?, ?, ?)
     ON CONFLICT (app_key, id) DO UPDATE SET content = excluded.content`,
  );

  return {
    async get(appKey) {
      const r = getApp.get(appKey);
      return r && toApp(r);
    },
    async put(app) {
      putApp.run({
        ...app,
        capabilities: JSON.stringify(app.capabilities),
        recordingEnabled: app.recordingEnabled ? 1 : 0,
        statusUrl: app.statusUrl ?? null,
        feeUrl: app.feeUrl ?? null,
      });
    },
    async numbers(appKey) {
      return numbers.all(appKey).map((r) => ({ number: r.number, appKey: r.app_key, status: r.status }));
    },
    async putNumber(n) {
      putNumber.run(n.number, n.appKey, n.status);
    },
    async voiceFiles() {
      return voiceFiles.all().map((r) => {
        const f: VoiceFile = { name: r.name, durationMs: r.duration_ms, path: r.path };
        if (r.app_key !== PLATFORM) f.appKey = r.app_key;
        return f;
      });
    },
    async putVoiceFile(f) {
      putVoiceFile.run(f.appKey ?? PLATFORM, f.name, f.durationMs, f.path);
    },
    async templates() {
      return templates.all().map((r) => {
        const t: TtsTemplate = { id: r.id, content: r.content };
        if (r.app_key !== PLATFORM) t.appKey = r.app_key;
        return t;
      });
    },
    async putTemplate(t) {
      putTemplate.run(t.appKey ?? PLATFORM, t.id, t.content);
    },
  };
}
