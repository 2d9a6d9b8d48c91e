-- voxcall schema, version 15: each task counts its state changes (docs/push-formats.md, "voxcall:
-- task status"). A change raises state_seq in its own compare-and-set, and its task-status pushes
-- carry it as their seq under one order key per task and subscription: a receiver gets a task's
-- changes in the order they happened. The same DDL as PostgreSQL's 015.

ALTER TABLE tasks ADD COLUMN state_seq INTEGER NOT NULL DEFAULT 0;
