-- voxcall schema, version 18: a task's calls per second shared by every node dialling it
-- (docs/tasks.md, "Limits across nodes"). The claim of a row takes the task's next dial slot
-- (1000/cps ms apart) under the task's row lock, so two nodes together stay within the task's cps;
-- the same lock makes the count of dialling rows an exact concurrency limit across nodes.

ALTER TABLE tasks ADD COLUMN next_dial_at BIGINT NOT NULL DEFAULT 0;
