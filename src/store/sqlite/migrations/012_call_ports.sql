-- voxcall schema, version 12: call ports are the app's calls in progress (src/policy/ports.ts).
-- CallRepo.create counts an app's active calls in the transaction that stores a call, so this
-- index keeps that count to the app's active rows. The same DDL as PostgreSQL's 012.
CREATE INDEX calls_active_app ON calls (app_key) WHERE state = 'active';

-- The port counters of before (scope 'ports', never expiring) count nothing any more; a port
-- one of them leaked would otherwise stay in the table for good.
DELETE FROM policy_counters WHERE scope = 'ports';
