-- voxcall schema, version 9: pushes grouped by receiver (issue 14). A receiver is one app's pushes
-- to one origin (scheme://host:port, src/domain/receiver.ts); the claim walks apps, then their
-- origins, then each origin's URLs (for per-URL pauses), one index probe per step, so an origin
-- whose gate is full is passed over in one probe however many paths it was given.

-- Written on enqueue (no PostgreSQL store predates this version, so nothing to back-fill).
ALTER TABLE pushes ADD COLUMN origin TEXT NOT NULL DEFAULT '';
CREATE INDEX pushes_receiver_due ON pushes (app_key, origin, url, next_at, created_at) WHERE state = 'queued' AND blocked = 0;

-- The claim reads the paused URLs on every pass; apps name a URL per call, so the table grows.
CREATE INDEX endpoints_paused ON endpoints (url) WHERE paused = 1;
