-- voxcall schema, version 19: what the console polls costs the same with 100,000 pushes, attempts
-- and endpoints as with a hundred (docs/management-api.md: listings page on the server).

-- The pushes listing, newest first on (created_at, id): unfiltered, by endpoint, app, queued or
-- failed, it walks one index from its end and stops after a page (no sort of every matching row);
-- kind, format, times and delivered (most rows) walk pushes_created. Queued and failed get partial
-- indexes, not one on (state, ...): SQLite's planner, with no statistics, took that one over
-- pushes_due for the claim's due scan; a partial index also costs a write only in its state.
DROP INDEX pushes_app;
CREATE INDEX pushes_app ON pushes (app_key, created_at, id);
CREATE INDEX pushes_created ON pushes (created_at, id);
CREATE INDEX pushes_queued_created ON pushes (created_at, id) WHERE state = 'queued';
DROP INDEX pushes_failed;
CREATE INDEX pushes_failed ON pushes (created_at, id) WHERE state = 'failed';
CREATE INDEX pushes_url_created ON pushes (url, created_at, id);

-- Every attempt names the URL it went to (the push's own or a failover), so an endpoint's recent
-- attempts are one index range of that URL, not every URL's last hour. Reads give the URL back
-- only when it is not the push's own, as before.
UPDATE push_attempts SET url = (SELECT p.url FROM pushes p WHERE p.id = push_attempts.push_id) WHERE url IS NULL;
DROP INDEX push_attempts_at;
CREATE INDEX push_attempts_url_at ON push_attempts (url, at);

-- Endpoints page oldest first on (created_at, id). Their origin (scheme://host:port, the breaker's
-- key) finds the endpoints behind an open breaker without reading them all; written on insert,
-- filled in for older rows when the store opens (the normalization is JavaScript's URL).
CREATE INDEX endpoints_created ON endpoints (created_at, id);
ALTER TABLE endpoints ADD COLUMN origin TEXT;
CREATE INDEX endpoints_origin ON endpoints (origin, url);
