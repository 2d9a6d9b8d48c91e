-- voxcall schema, version 8: an endpoint's recent attempts for `endpoints show` (issue 14).
-- Attempts by time, so "the last hour at this endpoint" reads the last hour's attempts only, not
-- the whole history (primary attempts carry no url of their own: it is their push's).
CREATE INDEX push_attempts_at ON push_attempts (at);
