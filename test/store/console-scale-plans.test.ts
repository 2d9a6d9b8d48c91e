// The plans of what the console polls and of the dialler's scan, on SQLite (EXPLAIN QUERY PLAN):
// each walks an index of migration 019 (020: the scan's; 021: calls by number) and sorts nothing,
// so its cost does not grow with the table. Fails if an index is dropped or a statement stops
// matching it.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { callListSql } from '../../src/store/sql/call-query.js';
import { boundedCountSql, pushListSql } from '../../src/store/sql/push-query.js';
import { RECENT_ATTEMPTS } from '../../src/store/sqlite/endpoint-stats.js';
import { ENDPOINTS_AFTER } from '../../src/store/sqlite/endpoints.js';
import { TASK_SQL } from '../../src/store/sql/task-sql.js';
import type { CallQuery, PushQuery } from '../../src/store/types.js';
import { tempStore, type TempStore } from './fixtures.js';

describe('console read plans (sqlite)', () => {
  let t: TempStore;
  let db: Database.Database;
  before(() => { t = tempStore(); db = new Database(t.path); });
  after(async () => { db.close(); await t.cleanup(); });
  const plan = (sql: string, params: Record<string, unknown>): string =>
    db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params).map((r) => (r as { detail: string }).detail).join(' | ');

  it('lists pushes through an index in order, for every filter the listing takes', () => {
    const cases: Array<[PushQuery, string]> = [
      [{}, 'pushes_created'],
      [{ state: 'queued' }, 'pushes_queued_created'],
      [{ state: 'failed' }, 'pushes_failed'],
      [{ state: 'delivered' }, 'pushes_created'],
      [{ url: 'http://x/1' }, 'pushes_url_created'],
      [{ appKey: 'A' }, 'pushes_app'],
      [{ kind: 'record' }, 'pushes_created'],
      [{ dialect: 'vsp' }, 'pushes_created'],
      [{ createdFrom: 1, createdTo: 2 }, 'pushes_created'],
    ];
    for (const [q, index] of cases) {
      const s = pushListSql(q, { createdAt: 5, id: 'p' }, 25);
      const p = plan(s.sql, s.params);
      assert.match(p, new RegExp(`USING INDEX ${index}\\b`), `${JSON.stringify(q)}: ${p}`);
      assert.doesNotMatch(p, /TEMP B-TREE/, `${JSON.stringify(q)}: ${p}`);
    }
  });

  it('counts through an index with a bound, reads one URL\'s attempts and pages endpoints by index', () => {
    const c = boundedCountSql({ state: 'failed' }, 10_001);
    assert.match(plan(c.sql, c.params), /USING COVERING INDEX pushes_failed/);
    assert.match(plan(RECENT_ATTEMPTS, { url: 'http://x/1', since: 0, max: 1000 }), /SEARCH push_attempts USING INDEX push_attempts_url_at \(url=\? AND at>\?\)/);
    const e = plan(ENDPOINTS_AFTER, { at: 0, id: 'ep_', limit: 100 });
    assert.match(e, /endpoints_created/);
    assert.doesNotMatch(e, /TEMP B-TREE/);
  });

  it('scans the active tasks through the partial index of their states alone, in order', () => {
    // Positional parameters: afterTaskId, limit. A statement whose states stop matching the
    // index's (migration 020) falls back to the table or tasks_app and fails here.
    const p = db.prepare(`EXPLAIN QUERY PLAN ${TASK_SQL.listActive}`).all('t', 200).map((r) => (r as { detail: string }).detail).join(' | ');
    assert.match(p, /SEARCH tasks USING INDEX tasks_active \(task_id>\?\)/, p);
    assert.doesNotMatch(p, /TEMP B-TREE/, p);
  });

  it('lists calls by number through call_numbers_created in order, with or without other filters', () => {
    const cases: CallQuery[] = [
      { number: '+8610' },
      { number: '+8610', appKey: 'A', kind: 'notify', state: 'ended', outcome: 'busy' },
      { number: '+8610', createdFrom: 1, createdTo: 2 },
    ];
    for (const q of cases) {
      for (const cursor of [undefined, { createdAt: 5, id: 'c' }]) {
        const s = callListSql(q, cursor, 25);
        const p = plan(s.sql, s.params);
        const what = `${JSON.stringify(q)} ${cursor ? 'after' : 'first'}: ${p}`;
        assert.match(p, /SEARCH n USING COVERING INDEX call_numbers_created \(number=\?/, what);
        assert.match(p, /SEARCH c USING INDEX sqlite_autoindex_calls_1 \(session_id=\?\)/, what);
        assert.doesNotMatch(p, /TEMP B-TREE/, what);
      }
    }
  });

  it('lists calls without a number through calls_created, calls_app_created or calls_outcome_created, after a cursor too', () => {
    const cases: Array<[CallQuery, string]> = [
      [{}, 'calls_created'],
      [{ appKey: 'A' }, 'calls_app_created'],
      [{ outcome: 'busy' }, 'calls_outcome_created'],
      [{ kind: 'notify', state: 'ended' }, 'calls_created'],
    ];
    for (const [q, index] of cases) {
      for (const cursor of [undefined, { createdAt: 5, id: 'c' }]) {
        const s = callListSql(q, cursor, 25);
        const p = plan(s.sql, s.params);
        const what = `${JSON.stringify(q)} ${cursor ? 'after' : 'first'}: ${p}`;
        assert.match(p, new RegExp(`USING INDEX ${index}\\b`), what);
        assert.doesNotMatch(p, /TEMP B-TREE/, what);
      }
    }
  });
});
