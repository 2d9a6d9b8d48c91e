-- voxcall schema, version 20: the dialler's scan (docs/tasks.md, "Dialling") reads the tasks it
-- must look at, not every task ever made. A partial index of the states it looks at (scheduled,
-- running, paused: ACTIVE_TASK_STATES in src/domain/task.ts, the same list as TASK_SQL.listActive),
-- in task id order for its keyset paging: completed and cancelled tasks, most of them in time,
-- are not in it, and a write costs the index only while the task is in one of those states.
CREATE INDEX tasks_active ON tasks (task_id) WHERE state IN ('scheduled', 'running', 'paused');
