-- voxcall schema, version 11: the IP guard's lockouts (1020176) in the store, so every node
-- counts one IP's authentication failures together and honours a block another node made
-- (docs/auth.md, "IP blocking"). One row per tracked IP; its failures, one row per millisecond
-- they happened in, counted in a sliding window. The same DDL as PostgreSQL's 011.

CREATE TABLE lockouts (
  ip              TEXT PRIMARY KEY,     -- normalized (src/api/auth/ip-guard.ts normalizeIp)
  blocked_until   BIGINT NOT NULL,      -- 0 or a past time: not blocked
  struck          INTEGER NOT NULL,     -- the failures that caused the current block
  last_failure_at BIGINT NOT NULL
);
-- Every node reads the blocked IPs every second (IpGuard's refresh).
CREATE INDEX lockouts_blocked ON lockouts (blocked_until);

CREATE TABLE lockout_failures (
  ip TEXT NOT NULL REFERENCES lockouts (ip) ON DELETE CASCADE,
  at BIGINT NOT NULL,
  n  INTEGER NOT NULL,                  -- failures at that millisecond
  PRIMARY KEY (ip, at)
);
CREATE INDEX lockout_failures_at ON lockout_failures (at);
