// A recording's row as both stores read it (recordings table, migration 001).

import type { StoredRecording } from '../types.js';

export interface RecordingRow {
  app_key: string;
  object_name: string;
  session_id: string;
  bucket_name: string;
  domain: string;
  start_at: number;
  end_at: number;
  path: string;
}

export function toRecording(r: RecordingRow): StoredRecording {
  return {
    sessionId: r.session_id,
    appKey: r.app_key,
    objectName: r.object_name,
    bucketName: r.bucket_name,
    domain: r.domain,
    startAt: r.start_at,
    endAt: r.end_at,
    path: r.path,
  };
}
