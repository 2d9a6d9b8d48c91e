-- voxcall schema, version 22: ended privacy-number bindings are deleted once their retention is
-- over (docs/privacy-numbers.md, "Retention"). The sweeper asks for the oldest ended ones in
-- batches: a partial index on their end time, which costs active bindings (never deleted) nothing.
-- The same DDL as PostgreSQL's 022.
CREATE INDEX privacy_bindings_ended ON privacy_bindings (ended_at) WHERE state <> 'active';
