-- Push subscriptions (issue 3): any number per app, each with its URL, format and delivery
-- overrides; and which subscription caused a push (it picks the signing secret).

CREATE TABLE subscriptions (
  id             TEXT PRIMARY KEY,
  app_key        TEXT NOT NULL,
  url            TEXT NOT NULL,
  format         TEXT NOT NULL,             -- huawei | vsp | ucloud | robot
  receives       TEXT NOT NULL,             -- status | records | both
  events         TEXT,                      -- JSON array of event types; NULL = all
  retry_schedule TEXT,                      -- JSON array of ms; NULL = the format's
  timeout_ms     INTEGER,                   -- NULL = the format's
  secret         TEXT,                      -- whsec_<base64>; NULL = unsigned (vsp/ucloud/robot)
  enabled        INTEGER NOT NULL,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);
CREATE INDEX subscriptions_app ON subscriptions (app_key, created_at);

ALTER TABLE pushes ADD COLUMN subscription_id TEXT;
