-- voxcall schema, version 2: what the management API keeps. Portable to PostgreSQL as written
-- (ADD COLUMN with a constant DEFAULT; times BIGINT ms; lists as JSON TEXT).

-- Secret rotation: the old secret authenticates requests until previous_secret_until.
ALTER TABLE apps ADD COLUMN previous_secret TEXT;
ALTER TABLE apps ADD COLUMN previous_secret_until BIGINT;
-- JSON array of IPs / CIDR blocks; NULL = any client address.
ALTER TABLE apps ADD COLUMN allowed_client_ips TEXT;

-- Review state: rows stored before reviews existed (the seeded media) count as approved.
ALTER TABLE voice_files ADD COLUMN review TEXT NOT NULL DEFAULT 'approved';
ALTER TABLE voice_files ADD COLUMN review_note TEXT;
ALTER TABLE voice_files ADD COLUMN format TEXT;
ALTER TABLE voice_files ADD COLUMN size_bytes BIGINT;
ALTER TABLE voice_files ADD COLUMN created_at BIGINT;

ALTER TABLE tts_templates ADD COLUMN review TEXT NOT NULL DEFAULT 'approved';
ALTER TABLE tts_templates ADD COLUMN review_note TEXT;
ALTER TABLE tts_templates ADD COLUMN created_at BIGINT;
